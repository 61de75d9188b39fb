-- description: Who took part in each event, with role and office at the time, and the claim each rests on.
-- grain: event_id, participant_id
-- incremental: event_id
-- column mention_id: The claim naming the participant (or that a curated link rests on).
-- column basis: stated or curated.
WITH event_participants AS (
    SELECT * FROM raw_event_participants
),

final AS (
    SELECT
        event_id,
        participant_id,
        mention_id,
        role,
        title_at_time,
        organisation_id,
        basis
    FROM event_participants
)

SELECT * FROM final
