-- description: Who took part in each event, with role and office at the time.
-- grain: event_id, participant_id
-- column event_id: The event.
-- column participant_id: The participant.
-- column role: principal, party, host or attendee.
-- column title_at_time: Office at the time of the event.
-- column organisation_id: Organisation served at the time.
WITH event_participants AS (
    SELECT * FROM raw_event_participants
),

final AS (
    SELECT
        event_id,
        participant_id,
        role,
        title_at_time,
        organisation_id
    FROM event_participants
)

SELECT * FROM final
