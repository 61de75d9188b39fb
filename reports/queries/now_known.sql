-- What is known now, when later articles changed it, about the period's events and events dated in it.
WITH period AS (
    SELECT * FROM rpt_periods WHERE period IN (SELECT unnest($periods))
),

latest AS (
    SELECT * FROM rpt_event_knowledge WHERE known_until IS NULL
),

changed_since AS (
    SELECT
        at_end.period,
        latest.event_id
    FROM rpt_period_events AS at_end
    INNER JOIN latest ON latest.event_id = at_end.event_id
    WHERE at_end.period IN (SELECT unnest($periods)) AND latest.known_from > at_end.period_end
    UNION
    SELECT
        period.period,
        latest.event_id
    FROM period
    INNER JOIN latest
        ON latest.date_start <= period.period_end
       AND coalesce(latest.date_end, latest.date_start) >= period.period_start
       AND latest.known_from > period.period_end
)

SELECT
    changed_since.period,
    latest.event_id,
    latest.title,
    latest.is_context,
    at_end.status AS status_then,
    latest.status AS status_now,
    latest.date_start,
    latest.date_end,
    latest.date_precision,
    latest.known_from AS known_since
FROM changed_since
INNER JOIN latest ON latest.event_id = changed_since.event_id
LEFT JOIN rpt_period_events AS at_end ON at_end.period = changed_since.period AND at_end.event_id = changed_since.event_id
QUALIFY row_number() OVER (PARTITION BY changed_since.period ORDER BY latest.is_context, latest.date_start NULLS LAST, latest.event_id) <= $limit
ORDER BY changed_since.period, latest.is_context, latest.date_start NULLS LAST, latest.event_id
