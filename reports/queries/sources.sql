-- Claims about the events that get a card, from articles published by the period's end.
SELECT events.period, sources.*
FROM rpt_event_sources AS sources
INNER JOIN rpt_period_events AS events ON events.event_id = sources.event_id
INNER JOIN rpt_period_cards AS cards ON cards.period = events.period AND cards.event_id = events.event_id
WHERE events.period IN (SELECT unnest($periods)) AND cards.card_rank <= $limit AND sources.known_from <= events.period_end
ORDER BY events.period, sources.published_date, sources.mention_number
