-- description: The level vocabulary as reports show it: the rows of the ladder of dialogue, 1 = leaders.
-- grain: level
-- column level: Level name.
-- column level_rank: 1 (leaders) to 6 (operational).
-- column level_description: Who the principals are at this level.
WITH levels AS (
    SELECT * FROM stg_levels
),

final AS (
    SELECT
        level,
        level_rank,
        level_description
    FROM levels
)

SELECT * FROM final
