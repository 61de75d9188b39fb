-- Links of the events that get a card, known by the period's end.
SELECT
    events.period,
    links.event_id,
    links.link_type,
    links.linked_event_id,
    links.linked_title,
    links.basis
FROM rpt_event_links AS links
INNER JOIN rpt_period_events AS events ON events.event_id = links.event_id
INNER JOIN rpt_period_cards AS cards ON cards.period = events.period AND cards.event_id = events.event_id
WHERE events.period IN (SELECT unnest($periods)) AND cards.card_rank <= $limit AND links.known_from <= events.period_end
ORDER BY events.period, links.event_id, links.link_type, links.linked_title
