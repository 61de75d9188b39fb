-- description: Who took part in each event, with names, side, role and office at the time of the event.
-- grain: event_id, participant_id
-- test: relationships(participant_id, dim_participants.participant_id)
-- column title_at_time: Office at the time of the event, as the article gives it.
-- column organisation_name: Organisation the person served at the time.
WITH event_participants AS (
    SELECT * FROM stg_event_participants
),

participants AS (
    SELECT * FROM dim_participants
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
        organisations.participant_name AS organisation_name
    FROM event_participants
    INNER JOIN participants ON participants.participant_id = event_participants.participant_id
    LEFT JOIN participants AS organisations ON organisations.participant_id = event_participants.organisation_id
)

SELECT * FROM final
