-- Japan–EU events reported in the period and still pending at its end.
SELECT * FROM rpt_period_events
WHERE period IN (SELECT unnest($periods)) AND NOT is_context AND announced
QUALIFY row_number() OVER (PARTITION BY period ORDER BY date_start NULLS LAST, level_rank NULLS LAST, event_id) <= $limit
ORDER BY period, date_start NULLS LAST, level_rank NULLS LAST, event_id
