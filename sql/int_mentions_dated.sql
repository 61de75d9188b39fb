-- description: Each claim with the day it became known (its article's known_from), the step and phase of its milestone and the rank of its date, ready for as-known-at logic.
-- grain: mention_id
-- incremental: event_id
-- column known_from: The day the claim became known: its article's known_from.
-- column progress_key: Orders claims for "furthest status so far": status step, then day known, then claim number, as one number (step * 10^15 + known_day * 10^9 + claim number).
-- column date_key: Orders claims for "best date so far": most precise, then latest known, then claim number, as one number ((6 - precision_rank) * 10^15 + known_day * 10^9 + claim number); empty when the claim gives no date.
-- column latest_key: Orders claims for "latest said": day known, then claim number, as one number (known_day * 10^9 + claim number).
-- column precision_rank: 1 (day) to 5 (year); empty when the claim gives no date.
-- column known_day: known_from as a day number (days since 1900-01-01), for ordering keys.
WITH mentions AS (
    SELECT * FROM stg_event_mentions
),

articles AS (
    SELECT * FROM stg_articles
),

statuses AS (
    SELECT * FROM stg_statuses
),

-- Without the quotes and cited sources: no as-known logic reads them (fct_event_mentions takes them
-- from stg_event_mentions), and a fourth copy of every quote cost a quarter of this model's time.
ranked AS (
    SELECT
        mentions.* EXCLUDE (quote, cited_source),
        articles.published_date,
        articles.known_from,
        articles.story_key,
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
        date_diff('day', DATE '1900-01-01', articles.known_from) AS known_day
    FROM mentions
    INNER JOIN articles ON articles.article_id = mentions.article_id
    INNER JOIN statuses ON statuses.status = mentions.claimed_status
),

-- Keys are numbers, not lists, because aggregates compare numbers many times faster. Claim numbers
-- have at most 9 digits and days since 1900 at most 6 (the contract keeps dates before 2101).
final AS (
    SELECT
        *,
        status_step * 1000000000000000 + known_day * 1000000000 + mention_number AS progress_key,
        (6 - precision_rank) * 1000000000000000 + known_day * 1000000000 + mention_number AS date_key,
        known_day * 1000000000 + mention_number AS latest_key
    FROM ranked
)

SELECT * FROM final
