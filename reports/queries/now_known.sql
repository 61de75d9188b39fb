-- What is known now, when later articles changed it, about the period's events and events dated in it (the first
-- $limit are picked on their keys, then read whole).
WITH periods AS (
    SELECT * FROM rpt_periods WHERE list_contains($periods, period)
),

changed_since AS (
    SELECT
        at_end.period,
        latest.event_id,
        latest.is_context,
        latest.date_start
    FROM rpt_period_events AS at_end
    INNER JOIN rpt_event_knowledge AS latest ON latest.event_id = at_end.event_id AND latest.known_until IS NULL
    WHERE list_contains($periods, at_end.period) AND latest.known_from > at_end.period_end
    UNION
    SELECT
        periods.period,
        latest.event_id,
        latest.is_context,
        latest.date_start
    FROM periods
    INNER JOIN rpt_event_knowledge AS latest
        ON latest.known_until IS NULL
       AND latest.date_start <= periods.period_end
       AND coalesce(latest.date_end, latest.date_start) >= periods.period_start
       AND latest.known_from > periods.period_end
),

first_changed AS (
    SELECT
        period,
        unnest(min_by(event_id, (is_context, date_start IS NULL, date_start, event_id), $limit)) AS event_id
    FROM changed_since
    GROUP BY period
)

SELECT
    first_changed.period,
    latest.event_id,
    latest.title,
    latest.is_context,
    at_end.status AS status_then,
    latest.status AS status_now,
    latest.date_start,
    latest.date_end,
    latest.date_precision,
    latest.known_from AS known_since
FROM first_changed
INNER JOIN rpt_event_knowledge AS latest ON latest.event_id = first_changed.event_id AND latest.known_until IS NULL
LEFT JOIN rpt_period_events AS at_end ON at_end.period = first_changed.period AND at_end.event_id = first_changed.event_id
ORDER BY first_changed.period, latest.is_context, latest.date_start NULLS LAST, latest.event_id
