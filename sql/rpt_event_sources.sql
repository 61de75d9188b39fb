-- description: Every claim with its article, for linking each event in a report to what the sources say.
-- grain: mention_id
-- incremental: event_id
-- column published_date: Publication date of the article.
-- column known_from: Day the claim became known (claims known only after a period's end are left out of its report).
-- column story_key: The story the article carries: syndicated copies share it and count once.
-- column expected: True when the claim says the milestone is still to come.
-- column party: The party that reached the milestone alone, when one did.
-- column headline_label: Headline; when the file has none, the story's first words (“…”), or a note that it has none.
-- column quote: Short quote from the article.
WITH mentions AS (
    SELECT * FROM fct_event_mentions
),

events AS (
    SELECT * FROM fct_events
),

final AS (
    SELECT
        mentions.mention_id,
        mentions.mention_number,
        mentions.event_id,
        events.title,
        events.is_context,
        mentions.article_id,
        mentions.published_date,
        mentions.known_from,
        mentions.story_key,
        mentions.url,
        mentions.outlet_label,
        mentions.wire,
        mentions.headline_label,
        mentions.claimed_status,
        mentions.expected,
        mentions.party,
        mentions.location,
        mentions.date_text,
        mentions.cited_source,
        mentions.quote
    FROM mentions
    INNER JOIN events ON events.event_id = mentions.event_id
)

SELECT * FROM final
