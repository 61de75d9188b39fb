-- description: Promise against delivery, as known at the end of each period, for the events in view then (rpt_period_events): every milestone a date was promised for, the promised date beside the date it happened, and what became of it — kept, slipped, earlier, or overdue when its date passed with no report of it happening.
-- grain: period, event_id, status, party_key
-- cluster_by: period
-- incremental: event_id
-- column period: The period (see rpt_periods).
-- column status: The milestone promised.
-- column party_key: The party that is to reach it alone, or an empty string.
-- column promised_text: The promised date as written.
-- column promised_start: First day of the promised date.
-- column promised_end: Last day of the promised date.
-- column promised_on: Day that promise became known.
-- column happened_start: First day it happened, as known at the period's end.
-- column happened_text: That date as written.
-- column outcome: as promised, slipped, earlier, happened (date not reported), overdue (its date passed by the period's end with no report of it happening), or awaiting (still to come).
-- column slip_days: Days from the promised start to the day it happened; 0 when that falls within the promised dates.
WITH period_events AS (
    SELECT * FROM rpt_period_events
),

milestones AS (
    SELECT * FROM fct_milestones
),

events AS (
    SELECT * FROM fct_events
),

known_at_end AS (
    SELECT
        period_events.period,
        period_events.period_end,
        milestones.*
    FROM period_events
    INNER JOIN milestones
        ON milestones.event_id = period_events.event_id
       AND milestones.known_from <= period_events.period_end
       AND (milestones.known_until IS NULL OR milestones.known_until > period_events.period_end)
    WHERE milestones.promised_start IS NOT NULL
),

final AS (
    SELECT
        known_at_end.period,
        known_at_end.event_id,
        events.curated_title AS title,
        events.is_context,
        known_at_end.status,
        known_at_end.party_key,
        known_at_end.party,
        known_at_end.promised_text,
        known_at_end.promised_start,
        known_at_end.promised_end,
        known_at_end.promised_on,
        known_at_end.happened_start,
        known_at_end.happened_end,
        known_at_end.happened_text,
        CASE
            WHEN NOT known_at_end.is_reached AND known_at_end.promised_end < known_at_end.period_end THEN 'overdue'
            WHEN NOT known_at_end.is_reached THEN 'awaiting'
            WHEN known_at_end.happened_start IS NULL THEN 'happened (date not reported)'
            WHEN known_at_end.promised_start <= known_at_end.happened_end AND known_at_end.happened_start <= known_at_end.promised_end THEN 'as promised'
            WHEN known_at_end.happened_start > known_at_end.promised_end THEN 'slipped'
            ELSE 'earlier'
        END AS outcome,
        CASE
            WHEN known_at_end.happened_start IS NULL THEN NULL
            WHEN known_at_end.promised_start <= known_at_end.happened_end AND known_at_end.happened_start <= known_at_end.promised_end THEN 0
            ELSE date_diff('day', known_at_end.promised_start, known_at_end.happened_start)
        END AS slip_days
    FROM known_at_end
    INNER JOIN events ON events.event_id = known_at_end.event_id
)

SELECT * FROM final
