-- Japan–EU events dated in the period and done by its end.
SELECT * FROM rpt_period_events
WHERE period = $period AND NOT is_context AND happened
ORDER BY date_start, level_rank NULLS LAST, event_id
LIMIT $limit
