-- description: The status pipeline: each Japan–EU agreement, mechanism or initiative and every milestone it reached, in order, with the date each happened (not the date it was reported) and how long each step took.
-- grain: event_id, step_number
-- column step_number: 1 for the first milestone on the path, then 2, 3, … (ordered by step, then date).
-- column status: The milestone reached.
-- column party: The party that reached it alone (approved, ratified); empty when both sides did.
-- column happened_start: First day it happened; empty when no article dates it.
-- column happened_end: Last day it may have happened.
-- column happened_precision: Precision of that date.
-- column happened_text: That date as written.
-- column reported_on: Day the first claim reporting it became known.
-- column days_since_previous: Days between the happened dates of the previous milestone and this one; empty when either is not dated.
-- column is_current: True for the milestone that gives the event its current status.
WITH all_milestones AS (
    SELECT * FROM fct_milestones
),

events AS (
    SELECT * FROM fct_events
),

milestones AS (
    SELECT * FROM all_milestones WHERE known_until IS NULL
),

reached AS (
    SELECT milestones.*
    FROM milestones
    INNER JOIN events ON events.event_id = milestones.event_id
    WHERE milestones.is_reached
      AND milestones.status_phase <> 'setback'
      AND NOT events.is_context
      AND events.event_type NOT IN ('meeting', 'summit', 'visit', 'port_call')
),

ordered AS (
    SELECT
        *,
        row_number() OVER (PARTITION BY event_id ORDER BY status_step, happened_start NULLS LAST, party_key) AS step_number
    FROM reached
),

final AS (
    SELECT
        ordered.event_id,
        events.title,
        events.event_type,
        events.level,
        CAST(ordered.step_number AS BIGINT) AS step_number,
        ordered.status,
        ordered.party,
        ordered.happened_start,
        ordered.happened_end,
        ordered.happened_precision,
        ordered.happened_text,
        ordered.reported_on,
        date_diff('day', lag(ordered.happened_start) OVER (PARTITION BY ordered.event_id ORDER BY ordered.step_number), ordered.happened_start) AS days_since_previous,
        ordered.status = events.status AS is_current
    FROM ordered
    INNER JOIN events ON events.event_id = ordered.event_id
)

SELECT * FROM final
