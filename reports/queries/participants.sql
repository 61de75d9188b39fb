-- Participants of the events that get a card.
SELECT
    cards.period,
    people.event_id,
    people.participant_id,
    people.participant_name,
    people.participant_kind,
    people.side,
    people.role,
    people.title_at_time,
    people.organisation_name,
    people.basis
FROM rpt_period_cards AS cards
INNER JOIN rpt_event_participants AS people ON people.event_id = cards.event_id AND people.known_from <= cards.period_end
WHERE list_contains($periods, cards.period) AND cards.card_rank <= $limit
ORDER BY cards.period, people.event_id, people.role <> 'principal', people.side, people.participant_name
