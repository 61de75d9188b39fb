-- description: Source articles, one per text under sources/, with labels for a missing outlet and headline, the story they carry and the day from which what they say counts as known.
-- grain: article_id
-- incremental: article_id
-- column article_id: Source file stem.
-- column outlet: Outlet as the file names it; empty when it does not.
-- column outlet_label: Outlet, or a note that the file does not name it.
-- column wire: News agency of the story, when the file says so.
-- column story_key: The story the article carries: its story_id, or its own id when the story was carried once. Counts of sources count stories.
-- column url: Web address, when known.
-- column language: ISO 639-1 language code.
-- column published_date: Publication date (first day of its span when known only to the month or year).
-- column published_precision: day, month or year.
-- column known_from: First day on which what the article says counts as known: the last day of its publication span.
-- column date_basis: How the publication date is known.
-- column dateline: Place in the dateline.
-- column headline: Headline as printed; empty when the file has none.
-- column headline_label: Headline; when the file has none, the story's first words (“…”), or a note that it has none.
-- column opening: First words of the story, copied from its text, for a file with no headline.
-- column note: What a reader of the file should know.
WITH articles AS (
    SELECT * FROM raw_articles
),

final AS (
    SELECT
        article_id,
        outlet,
        coalesce(outlet, 'outlet not named in the file') AS outlet_label,
        wire,
        coalesce(story_id, article_id) AS story_key,
        url,
        language,
        published_date,
        published_precision,
        CASE published_precision
            WHEN 'month' THEN last_day(published_date)
            WHEN 'year' THEN CAST(date_trunc('year', published_date) + INTERVAL 1 YEAR - INTERVAL 1 DAY AS DATE)
            ELSE published_date
        END AS known_from,
        date_basis,
        dateline,
        headline,
        coalesce(headline, '“' || opening || ' …”', 'no headline in the file (' || article_id || ')') AS headline_label,
        note,
        opening
    FROM articles
)

SELECT * FROM final
