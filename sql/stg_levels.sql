-- description: Level vocabulary: the rank of an event's highest principals, 1 = leaders.
-- grain: level
-- column level: Level name.
-- column level_rank: 1 (leaders) to 6 (operational).
-- column level_description: Who the principals are at this level.
WITH levels AS (
    SELECT * FROM raw_levels
),

final AS (
    SELECT
        level,
        rank AS level_rank,
        description AS level_description
    FROM levels
)

SELECT * FROM final
