-- Japan–EU status changes reported during the period.
SELECT * FROM rpt_period_status_changes
WHERE period IN (SELECT unnest($periods)) AND NOT is_context
QUALIFY row_number() OVER (PARTITION BY period ORDER BY known_from, event_id) <= $limit
ORDER BY period, known_from, event_id
