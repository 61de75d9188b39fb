-- The events that get a card on the page: the first $limit Japan–EU and the first $limit context events.
SELECT events.*, cards.card_rank
FROM rpt_period_events AS events
INNER JOIN rpt_period_cards AS cards ON cards.period = events.period AND cards.event_id = events.event_id
WHERE list_contains($periods, events.period) AND cards.card_rank <= $limit
ORDER BY events.period, events.is_context, events.date_start NULLS LAST, events.level_rank NULLS LAST, events.event_id
