-- Japan–EU status changes reported during the period.
SELECT * FROM rpt_period_status_changes
WHERE period = $period AND NOT is_context
ORDER BY known_from, event_id
LIMIT $limit
