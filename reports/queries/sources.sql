-- Claims about the events that get a card, from articles published by the period's end.
SELECT cards.period, sources.*
FROM rpt_period_cards AS cards
INNER JOIN rpt_event_sources AS sources ON sources.event_id = cards.event_id AND sources.known_from <= cards.period_end
WHERE list_contains($periods, cards.period) AND cards.card_rank <= $limit
ORDER BY cards.period, sources.published_date, sources.mention_number
