-- description: Source articles, one per file in shared/sources/, with labels for missing outlet and headline.
-- grain: article_id
-- column article_id: Source file stem.
-- column outlet: Outlet as the file names it; empty when it does not.
-- column outlet_label: Outlet, or a note that the file does not name it.
-- column wire: News agency the story comes from, when known.
-- column published_date: Publication date.
-- column date_basis: How the publication date is known.
-- column dateline: Dateline place.
-- column headline: Headline as printed; empty when the file has none.
-- column headline_label: Headline, or a note that the file has none.
-- column note: Caveats about the file.
WITH articles AS (
    SELECT * FROM raw_articles
),

final AS (
    SELECT
        article_id,
        outlet,
        coalesce(outlet, 'outlet not named in the file') AS outlet_label,
        wire,
        published_date,
        date_basis,
        dateline,
        headline,
        coalesce(headline, 'no headline in the file (' || article_id || ')') AS headline_label,
        note
    FROM articles
)

SELECT * FROM final
