-- description: Each event as known from one article to the next: the basis of every "as known at the end of the period" report.
-- grain: event_id, known_from
-- column known_from: First day this knowledge holds (publication date of an article about the event).
-- column known_until: Day a later article changed what is known (exclusive); empty for what is known now.
-- column status: Status as known in that span.
-- column status_phase: done, pending or setback: what the status counts as (from the status vocabulary).
-- column date_start: Event date as known in that span (the curated date when no claim gives one).
-- column is_context: True for context events: shown apart, never counted as Japan–EU cooperation.
WITH knowledge AS (
    SELECT * FROM fct_event_knowledge
),

events AS (
    SELECT * FROM fct_events
),

statuses AS (
    SELECT * FROM stg_statuses
),

final AS (
    SELECT
        knowledge.event_id,
        events.title,
        events.event_type,
        events.level,
        events.level_rank,
        events.is_context,
        events.location,
        events.part_of_event_id,
        events.part_of_title,
        events.description,
        knowledge.known_from,
        knowledge.known_until,
        knowledge.status,
        statuses.status_phase,
        knowledge.previous_status,
        knowledge.status_changed,
        coalesce(knowledge.date_start, events.date_start) AS date_start,
        coalesce(knowledge.date_end, events.date_end) AS date_end,
        CASE WHEN knowledge.date_start IS NULL THEN events.date_precision ELSE knowledge.date_precision END AS date_precision,
        knowledge.date_text,
        knowledge.mentions_so_far,
        knowledge.articles_so_far
    FROM knowledge
    INNER JOIN events ON events.event_id = knowledge.event_id
    INNER JOIN statuses ON statuses.status = knowledge.status
)

SELECT * FROM final
