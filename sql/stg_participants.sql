-- description: People, organisations, states and military units named in the articles.
-- grain: participant_id
-- incremental: participant_id
-- column participant_id: Stable slug.
-- column participant_name: Name as the articles give it.
-- column participant_kind: person, organisation, state or military_unit.
-- column side: Japan, EU or third.
-- column participant_description: Short description.
WITH participants AS (
    SELECT * FROM raw_participants
),

final AS (
    SELECT
        participant_id,
        name AS participant_name,
        kind AS participant_kind,
        side,
        description AS participant_description
    FROM participants
)

SELECT * FROM final
