-- Participants of the events that get a card.
SELECT
    events.period,
    people.event_id,
    people.participant_id,
    people.participant_name,
    people.participant_kind,
    people.side,
    people.role,
    people.title_at_time,
    people.organisation_name,
    people.basis
FROM rpt_event_participants AS people
INNER JOIN rpt_period_events AS events ON events.event_id = people.event_id
INNER JOIN rpt_period_cards AS cards ON cards.period = events.period AND cards.event_id = events.event_id
WHERE events.period IN (SELECT unnest($periods)) AND cards.card_rank <= $limit AND people.known_from <= events.period_end
ORDER BY events.period, people.event_id, people.role <> 'principal', people.side, people.participant_name
