-- The events that get a card on the page: the first $limit Japan–EU and the first $limit context events.
SELECT * FROM rpt_period_events
WHERE period = $period AND card_rank <= $limit
ORDER BY is_context, date_start NULLS LAST, level_rank NULLS LAST, event_id
