-- description: The status pipeline: each Japan–EU agreement, mechanism or initiative, every status it reached, when it was first reported, and how long each step took.
-- grain: event_id, step_number
-- column step_number: 1 for the first reported status, then 2, 3, …
-- column reached_on: Publication date of the first article reporting this status.
-- column days_since_previous: Days from the previous status to this one.
-- column days_in_status: Days until the next status; empty for the current one.
-- column is_current: True for the status the event has now.
WITH knowledge AS (
    SELECT * FROM fct_event_knowledge
),

events AS (
    SELECT * FROM fct_events
),

changes AS (
    SELECT
        knowledge.event_id,
        knowledge.status,
        knowledge.previous_status,
        knowledge.known_from AS reached_on
    FROM knowledge
    INNER JOIN events ON events.event_id = knowledge.event_id
    WHERE knowledge.status_changed
      AND NOT events.is_context
      AND events.event_type NOT IN ('meeting', 'summit', 'visit')
),

final AS (
    SELECT
        changes.event_id,
        events.title,
        events.event_type,
        events.level,
        row_number() OVER (PARTITION BY changes.event_id ORDER BY changes.reached_on) AS step_number,
        changes.status,
        changes.previous_status,
        changes.reached_on,
        changes.reached_on - lag(changes.reached_on) OVER (PARTITION BY changes.event_id ORDER BY changes.reached_on) AS days_since_previous,
        lead(changes.reached_on) OVER (PARTITION BY changes.event_id ORDER BY changes.reached_on) - changes.reached_on AS days_in_status,
        lead(changes.reached_on) OVER (PARTITION BY changes.event_id ORDER BY changes.reached_on) IS NULL AS is_current
    FROM changes
    INNER JOIN events ON events.event_id = changes.event_id
)

SELECT * FROM final
