-- description: Participants of each event with their role and office at the time, for reports.
-- grain: event_id, participant_id
-- incremental: event_id
-- column basis: stated (the article names the participant) or curated.
-- column known_from: Day the claim naming the participant became known: reports of earlier periods leave the participant out.
-- column title_at_time: Office at the time of the event.
WITH participants AS (
    SELECT * FROM fct_event_participants
),

events AS (
    SELECT * FROM fct_events
),

final AS (
    SELECT
        participants.event_id,
        events.is_context,
        participants.participant_id,
        participants.participant_name,
        participants.participant_kind,
        participants.side,
        participants.role,
        participants.title_at_time,
        participants.organisation_name,
        participants.basis,
        participants.known_from
    FROM participants
    INNER JOIN events ON events.event_id = participants.event_id
)

SELECT * FROM final
