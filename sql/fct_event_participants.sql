-- description: Who took part in each event, with names, side, role and office at the time of the event, each known from the day the claim naming them became known.
-- grain: event_id, participant_id
-- incremental: event_id
-- test: relationships(participant_id, dim_participants.participant_id)
-- test: claims_are_about_their_event
-- column participant_name: Name as the articles give it.
-- column title_at_time: Office at the time of the event.
-- column organisation_name: Organisation represented at the time.
-- column mention_id: The claim the participation rests on.
-- column basis: stated or curated.
-- column known_from: Day the claim became known: the participation is not shown as known before it.
-- column claim_event_id: The event the claim is about (a data test checks it is event_id).
WITH event_participants AS (
    SELECT * FROM stg_event_participants
),

participants AS NOT MATERIALIZED (
    SELECT * FROM dim_participants
),

mentions AS (
    SELECT * FROM int_mentions_dated
),

final AS (
    SELECT
        event_participants.event_id,
        event_participants.participant_id,
        participants.participant_name,
        participants.participant_kind,
        participants.side,
        event_participants.role,
        event_participants.title_at_time,
        event_participants.organisation_id,
        organisations.participant_name AS organisation_name,
        event_participants.mention_id,
        event_participants.basis,
        mentions.known_from,
        mentions.event_id AS claim_event_id
    FROM event_participants
    INNER JOIN participants ON participants.participant_id = event_participants.participant_id
    INNER JOIN mentions ON mentions.mention_id = event_participants.mention_id
    LEFT JOIN participants AS organisations ON organisations.participant_id = event_participants.organisation_id
)

SELECT * FROM final
