-- description: Every claim with its article (headline, outlet, dates, story) and its event: the sources behind every number.
-- grain: mention_id
-- incremental: event_id
-- test: relationships(event_id, fct_events.event_id)
-- column mention_id: Claim id.
-- column mention_number: The number in the claim id.
-- column published_date: Publication date of the article.
-- column known_from: Day the claim became known.
-- column story_key: The story the article carries.
-- column outlet_label: Outlet, or a note that the file does not name it.
-- column wire: News agency of the story.
-- column headline_label: Headline; when the file has none, the story's first words (“…”), or a note that it has none.
-- column url: Web address of the article, when known.
-- column claimed_status: The milestone the claim reports.
-- column expected: True when the milestone is still to come.
-- column party: The party that reached the milestone alone, when one did.
-- column status_step: Step of that milestone on the path.
-- column date_text: The date as written.
-- column location: Place as the article gives it.
-- column mode: How the meeting takes place.
-- column cited_source: Who the article cites.
-- column quote: Short quote.
WITH mentions AS (
    SELECT * FROM stg_event_mentions
),

statuses AS (
    SELECT * FROM stg_statuses
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
        articles.known_from,
        articles.story_key,
        articles.outlet_label,
        articles.wire,
        articles.headline_label,
        articles.url,
        mentions.claimed_status,
        mentions.expected,
        mentions.party,
        statuses.status_step,
        mentions.date_text,
        mentions.date_start,
        mentions.date_end,
        mentions.date_precision,
        mentions.location,
        mentions.mode,
        mentions.cited_source,
        mentions.quote
    FROM mentions
    INNER JOIN articles ON articles.article_id = mentions.article_id
    INNER JOIN statuses ON statuses.status = mentions.claimed_status
)

SELECT * FROM final
