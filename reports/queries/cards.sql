-- The events that get a card on the page: the first $limit Japan–EU and the first $limit context events.
SELECT * FROM rpt_period_events
WHERE period IN (SELECT unnest($periods)) AND card_rank <= $limit
ORDER BY period, is_context, date_start NULLS LAST, level_rank NULLS LAST, event_id
