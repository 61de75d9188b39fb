-- description: Promise against delivery: for each milestone a date was promised for (a meeting to be held, an agreement to be signed, one party's ratification), the promised date beside the date it actually happened, and the slip in days.
-- grain: event_id, status, party_key
-- incremental: event_id
-- column status: The milestone promised.
-- column party_key: The party that is to reach it alone, or an empty string.
-- column promised_on: Day the first promise with a date became known.
-- column promised_text: The promised date as written.
-- column promised_start: First day of the promised date.
-- column promised_end: Last day of the promised date.
-- column delivered_text: The date it happened, as written.
-- column delivered_start: First day it happened (from the claims that report it done, never from the day they were published).
-- column delivered_end: Last day it may have happened.
-- column delivered_reported_on: Day the first claim reporting it done became known.
-- column outcome: as promised, slipped, earlier, happened (date not reported), or awaiting report.
-- column slip_days: Days from the promised start to the day it happened; 0 when that falls within the promised dates.
WITH all_milestones AS (
    SELECT * FROM fct_milestones
),

events AS (
    SELECT * FROM fct_events
),

milestones AS (
    SELECT * FROM all_milestones WHERE known_until IS NULL
),

final AS (
    SELECT
        milestones.event_id,
        events.title,
        events.event_type,
        events.level,
        events.is_context,
        milestones.status,
        milestones.party_key,
        milestones.party,
        milestones.promised_on,
        milestones.promised_text,
        milestones.promised_start,
        milestones.promised_end,
        milestones.happened_text AS delivered_text,
        milestones.happened_start AS delivered_start,
        milestones.happened_end AS delivered_end,
        milestones.reported_on AS delivered_reported_on,
        CASE
            WHEN NOT milestones.is_reached THEN 'awaiting report'
            WHEN milestones.happened_start IS NULL THEN 'happened (date not reported)'
            WHEN milestones.promised_start <= milestones.happened_end AND milestones.happened_start <= milestones.promised_end THEN 'as promised'
            WHEN milestones.happened_start > milestones.promised_end THEN 'slipped'
            ELSE 'earlier'
        END AS outcome,
        CASE
            WHEN milestones.happened_start IS NULL THEN NULL
            WHEN milestones.promised_start <= milestones.happened_end AND milestones.happened_start <= milestones.promised_end THEN 0
            ELSE date_diff('day', milestones.promised_start, milestones.happened_start)
        END AS slip_days
    FROM milestones
    INNER JOIN events ON events.event_id = milestones.event_id
    WHERE milestones.promised_start IS NOT NULL
)

SELECT * FROM final
