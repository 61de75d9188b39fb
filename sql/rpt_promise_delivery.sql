-- description: Promise against delivery: the date first announced for an event beside the date it happened, and the slip in days.
-- grain: event_id
-- column promised_start: First day of the earliest announced date (from the first article that dated a not-yet-happened event).
-- column promised_text: That date as written.
-- column delivered_start: First day of the date reported once it happened (held, agreed, signed, established …).
-- column outcome: as promised, slipped, earlier, or awaiting report.
-- column slip_days: Days from the promised start to the delivered start; 0 when the delivered date falls within the promised one.
WITH mentions AS (
    SELECT * FROM int_mentions_dated
),

events AS (
    SELECT * FROM fct_events
),

promises AS (
    SELECT
        event_id,
        arg_min(date_start, [published_day, mention_number]) AS promised_start,
        arg_min(date_end, [published_day, mention_number]) AS promised_end,
        arg_min(date_text, [published_day, mention_number]) AS promised_text,
        min(published_date) AS promised_on
    FROM mentions
    WHERE status_phase = 'pending' AND precision_rank IS NOT NULL
    GROUP BY event_id
),

deliveries AS (
    SELECT
        event_id,
        arg_max(date_start, date_key) AS delivered_start,
        arg_max(date_end, date_key) AS delivered_end,
        arg_max(date_text, date_key) AS delivered_text,
        min(published_date) AS delivered_reported_on
    FROM mentions
    WHERE status_phase = 'done' AND precision_rank IS NOT NULL
    GROUP BY event_id
),

final AS (
    SELECT
        events.event_id,
        events.title,
        events.event_type,
        events.level,
        events.is_context,
        events.status,
        promises.promised_on,
        promises.promised_text,
        promises.promised_start,
        promises.promised_end,
        deliveries.delivered_reported_on,
        deliveries.delivered_text,
        deliveries.delivered_start,
        deliveries.delivered_end,
        CASE
            WHEN deliveries.delivered_start IS NULL THEN 'awaiting report'
            WHEN promises.promised_start <= deliveries.delivered_end AND deliveries.delivered_start <= promises.promised_end THEN 'as promised'
            WHEN deliveries.delivered_start > promises.promised_end THEN 'slipped'
            ELSE 'earlier'
        END AS outcome,
        CASE
            WHEN deliveries.delivered_start IS NULL THEN NULL
            WHEN promises.promised_start <= deliveries.delivered_end AND deliveries.delivered_start <= promises.promised_end THEN 0
            ELSE deliveries.delivered_start - promises.promised_start
        END AS slip_days
    FROM promises
    INNER JOIN events ON events.event_id = promises.event_id
    LEFT JOIN deliveries ON deliveries.event_id = promises.event_id
)

SELECT * FROM final
