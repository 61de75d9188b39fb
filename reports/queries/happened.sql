-- Japan–EU events dated in the period and done by its end.
SELECT * FROM rpt_period_events
WHERE period IN (SELECT unnest($periods)) AND NOT is_context AND happened
QUALIFY row_number() OVER (PARTITION BY period ORDER BY date_start, level_rank NULLS LAST, event_id) <= $limit
ORDER BY period, date_start, level_rank NULLS LAST, event_id
