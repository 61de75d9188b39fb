-- Links of the events that get a card, known by the period's end.
SELECT
    cards.period,
    links.event_id,
    links.link_type,
    links.linked_event_id,
    links.linked_title,
    links.basis
FROM rpt_period_cards AS cards
INNER JOIN rpt_event_links AS links ON links.event_id = cards.event_id AND links.known_from <= cards.period_end
WHERE list_contains($periods, cards.period) AND cards.card_rank <= $limit
ORDER BY cards.period, links.event_id, links.link_type, links.linked_title
