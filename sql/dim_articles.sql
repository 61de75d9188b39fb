-- description: Source articles with outlet, wire, story, publication date and precision, the day from which they count as known, and headline labels.
-- grain: article_id
-- incremental: article_id
-- column story_key: The story the article carries (syndicated copies share it).
-- column known_from: First day on which what the article says counts as known.
WITH articles AS (
    SELECT * FROM stg_articles
),

final AS (
    SELECT
        article_id,
        outlet,
        outlet_label,
        wire,
        story_key,
        url,
        language,
        published_date,
        published_precision,
        known_from,
        date_basis,
        dateline,
        headline,
        headline_label,
        note
    FROM articles
)

SELECT * FROM final
