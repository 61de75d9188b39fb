-- description: Each claim with its article's publication date and the rank of its status and date, ready for as-known-at logic.
-- grain: mention_id
-- column progress_key: Orders claims for "furthest status so far": status step, then publication day, then claim number.
-- column date_key: Orders claims for "best date so far": most precise, then latest publication, then claim number.
WITH mentions AS (
    SELECT * FROM stg_event_mentions
),

articles AS (
    SELECT * FROM stg_articles
),

statuses AS (
    SELECT * FROM stg_statuses
),

ranked AS (
    SELECT
        mentions.*,
        articles.published_date,
        articles.outlet,
        statuses.status_step,
        statuses.status_track,
        statuses.status_phase,
        CASE mentions.date_precision
            WHEN 'day' THEN 1
            WHEN 'range' THEN 2
            WHEN 'month' THEN 3
            WHEN 'quarter' THEN 4
            WHEN 'year' THEN 5
        END AS precision_rank,
        date_diff('day', DATE '1900-01-01', articles.published_date) AS published_day
    FROM mentions
    INNER JOIN articles ON articles.article_id = mentions.article_id
    INNER JOIN statuses ON statuses.status = mentions.claimed_status
),

final AS (
    SELECT
        *,
        [status_step, published_day, mention_number] AS progress_key,
        [-precision_rank, published_day, mention_number] AS date_key
    FROM ranked
)

SELECT * FROM final
