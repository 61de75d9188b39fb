-- description: Sources per event: how many articles and outlets report it, and how early it was first reported.
-- grain: event_id
-- incremental: event_id
-- column outlet_count: Distinct outlets (an unnamed outlet counts as one).
-- column lead_days: Days from the first report to the event's start; positive when announced in advance, negative when reported afterwards.
-- column story_count: Stories reporting the event (syndicated copies of one wire story count once).
-- column article_ids: The articles, oldest first.
-- column claim_count: Claims about the event.
WITH mentions AS (
    SELECT * FROM fct_event_mentions
),

events AS (
    SELECT * FROM fct_events
),

-- An event has a handful of claims: their distinct values are counted from lists, cheaper than count(DISTINCT).
lists AS (
    SELECT
        event_id,
        list_sort(list_distinct(list(article_id))) AS articles,
        list_distinct(list(story_key)) AS stories,
        list_distinct(list(outlet_label)) AS outlets,
        count(*) AS claim_count,
        min(known_from) AS first_reported_on,
        max(known_from) AS last_reported_on
    FROM mentions
    GROUP BY event_id
),

per_event AS (
    SELECT
        event_id,
        array_length(articles) AS article_count,
        array_length(stories) AS story_count,
        array_length(outlets) AS outlet_count,
        claim_count,
        first_reported_on,
        last_reported_on,
        array_to_string(articles, ', ') AS article_ids
    FROM lists
),

final AS (
    SELECT
        events.event_id,
        events.title,
        events.is_context,
        events.status,
        events.date_start,
        per_event.article_count,
        per_event.story_count,
        per_event.outlet_count,
        per_event.claim_count,
        per_event.first_reported_on,
        per_event.last_reported_on,
        date_diff('day', per_event.first_reported_on, events.date_start) AS lead_days,
        per_event.article_ids
    FROM events
    INNER JOIN per_event ON per_event.event_id = events.event_id
)

SELECT * FROM final
