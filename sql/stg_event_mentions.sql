-- description: Claims: what each article says about each event.
-- grain: mention_id
-- test: not_null(event_id)
-- test: not_null(article_id)
-- column mention_id: Claim id.
-- column mention_number: Claim id as a number, for stable ordering.
-- column event_id: The event.
-- column article_id: The article making the claim.
-- column claimed_status: Status as the article reports it.
-- column date_text: The date as written.
-- column date_start: Written date resolved: first day.
-- column date_end: Written date resolved: last day.
-- column date_precision: Precision of the written date.
-- column cited_source: Who the article cites.
-- column quote: Short quote.
WITH mentions AS (
    SELECT * FROM raw_event_mentions
),

final AS (
    SELECT
        mention_id,
        CAST(substr(mention_id, 2) AS INTEGER) AS mention_number,
        event_id,
        article_id,
        claimed_status,
        date_text,
        date_start,
        date_end,
        date_precision,
        cited_source,
        quote
    FROM mentions
)

SELECT * FROM final
