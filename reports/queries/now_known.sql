-- What is known now, when later articles changed it, about the period's events and events dated in it.
WITH period AS (
    SELECT * FROM rpt_periods WHERE period IN (SELECT unnest($periods))
)
SELECT
    period.period,
    latest.event_id,
    latest.title,
    latest.is_context,
    at_end.status AS status_then,
    latest.status AS status_now,
    latest.date_start,
    latest.date_end,
    latest.date_precision,
    latest.known_from AS known_since
FROM rpt_event_knowledge AS latest
CROSS JOIN period
LEFT JOIN rpt_period_events AS at_end ON at_end.period = period.period AND at_end.event_id = latest.event_id
WHERE latest.known_until IS NULL
  AND latest.known_from > period.period_end
  AND (at_end.event_id IS NOT NULL OR (latest.date_start <= period.period_end AND coalesce(latest.date_end, latest.date_start) >= period.period_start))
QUALIFY row_number() OVER (PARTITION BY period.period ORDER BY latest.is_context, latest.date_start NULLS LAST, latest.event_id) <= $limit
ORDER BY period.period, latest.is_context, latest.date_start NULLS LAST, latest.event_id
