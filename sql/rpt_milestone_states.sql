-- description: The status pipeline of each Japan–EU agreement, mechanism or initiative as known on any day: every milestone it had reached by then, in order, with the date it happened as known then. Each row holds from known_from until the day before known_until, so the pipeline at the end of a period is the rows with known_from <= period_end and known_until empty or later (one row per milestone, however many periods there are).
-- grain: event_id, known_from, status, party_key
-- incremental: event_id
-- column known_from: First day this state of the event's pipeline was known (the day a claim changed it).
-- column known_until: Day the next state replaced it; empty for the state known now.
-- column status: The milestone reached.
-- column party: The party that reached it alone; empty when both sides did.
-- column status_step: Step of the milestone on the path.
-- column step_number: Order of the milestone in the event's pipeline in this state.
-- column happened_start: First day it happened, as known in this state.
-- column happened_text: That date as written.
-- column reported_on: Day the first claim reporting it became known.
-- column days_since_previous: Days between the happened dates of the previous milestone and this one.
WITH milestones AS (
    SELECT * FROM fct_milestones
),

events AS NOT MATERIALIZED (
    SELECT * FROM fct_events
),

pipeline_milestones AS (
    SELECT milestones.*
    FROM milestones
    INNER JOIN events ON events.event_id = milestones.event_id
    WHERE milestones.is_reached
      AND milestones.status_phase <> 'setback'
      AND NOT events.is_context
      AND events.event_type NOT IN ('meeting', 'summit', 'visit', 'port_call')
),

-- The pipeline changes only on a day one of its milestones starts or stops being the one known.
change_days AS (
    SELECT event_id, known_from AS day FROM pipeline_milestones
    UNION
    SELECT event_id, known_until AS day FROM pipeline_milestones WHERE known_until IS NOT NULL
),

states AS (
    SELECT
        event_id,
        day AS known_from,
        lead(day) OVER (PARTITION BY event_id ORDER BY day) AS known_until
    FROM change_days
),

state_milestones AS (
    SELECT
        states.known_from AS state_from,
        states.known_until AS state_until,
        milestones.*
    FROM states
    INNER JOIN pipeline_milestones AS milestones
        ON milestones.event_id = states.event_id
       AND milestones.known_from <= states.known_from
       AND (milestones.known_until IS NULL OR milestones.known_until > states.known_from)
),

-- One order for the number and the previous milestone (one sort); status breaks ties of step, day and party.
ordered AS (
    SELECT
        *,
        row_number() OVER by_step AS step_number,
        lag(happened_start) OVER by_step AS previous_happened_start
    FROM state_milestones
    WINDOW by_step AS (PARTITION BY event_id, state_from ORDER BY status_step, happened_start NULLS LAST, party_key, status)
),

final AS (
    SELECT
        ordered.event_id,
        events.curated_title AS title,
        ordered.state_from AS known_from,
        ordered.state_until AS known_until,
        ordered.status,
        ordered.party_key,
        ordered.party,
        ordered.status_step,
        CAST(ordered.step_number AS BIGINT) AS step_number,
        ordered.happened_start,
        ordered.happened_end,
        ordered.happened_precision,
        ordered.happened_text,
        ordered.reported_on,
        date_diff('day', ordered.previous_happened_start, ordered.happened_start) AS days_since_previous
    FROM ordered
    INNER JOIN events ON events.event_id = ordered.event_id
)

SELECT * FROM final
