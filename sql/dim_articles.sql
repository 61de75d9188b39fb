-- description: Source articles with outlet, wire, publication date and headline labels.
-- grain: article_id
-- column article_id: Source file stem.
-- column published_date: Publication date.
-- column outlet_label: Outlet, or a note that the file does not name it.
-- column headline_label: Headline, or a note that the file has none.
WITH articles AS (
    SELECT * FROM stg_articles
),

final AS (
    SELECT
        article_id,
        outlet,
        outlet_label,
        wire,
        published_date,
        date_basis,
        dateline,
        headline,
        headline_label,
        note
    FROM articles
)

SELECT * FROM final
