-- description: People, organisations, states and military units, one row each.
-- grain: participant_id
-- incremental: participant_id
-- test: accepted_values(side, 'Japan', 'EU', 'third')
-- column participant_id: Stable slug.
-- column participant_name: Name.
-- column participant_kind: person, organisation, state or military_unit.
-- column side: Japan, EU or third.
WITH participants AS (
    SELECT * FROM stg_participants
),

final AS (
    SELECT
        participant_id,
        participant_name,
        participant_kind,
        side,
        participant_description
    FROM participants
)

SELECT * FROM final
