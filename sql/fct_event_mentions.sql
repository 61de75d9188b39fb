-- description: Every claim with its article (headline, outlet, date) and its event: the sources behind every number.
-- grain: mention_id
-- test: relationships(event_id, fct_events.event_id)
-- column mention_id: Claim id.
-- column event_id: The event.
-- column article_id: The article.
-- column published_date: When the article was published.
-- column claimed_status: Status the article reports.
-- column date_text: Date as written.
-- column quote: Short quote.
WITH mentions AS (
    SELECT * FROM int_mentions_dated
),

articles AS (
    SELECT * FROM dim_articles
),

final AS (
    SELECT
        mentions.mention_id,
        mentions.mention_number,
        mentions.event_id,
        mentions.article_id,
        articles.published_date,
        articles.outlet_label,
        articles.wire,
        articles.headline_label,
        mentions.claimed_status,
        mentions.status_step,
        mentions.date_text,
        mentions.date_start,
        mentions.date_end,
        mentions.date_precision,
        mentions.cited_source,
        mentions.quote
    FROM mentions
    INNER JOIN articles ON articles.article_id = mentions.article_id
)

SELECT * FROM final
