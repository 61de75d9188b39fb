-- description: Every event is backed by at least one claim from an article.
SELECT
    event_id,
    title
FROM fct_events
WHERE mention_count = 0
