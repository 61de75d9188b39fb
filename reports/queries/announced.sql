-- Japan–EU events reported in the period and still pending at its end.
SELECT * FROM rpt_period_events
WHERE period = $period AND NOT is_context AND announced
ORDER BY date_start NULLS LAST, level_rank NULLS LAST, event_id
LIMIT $limit
