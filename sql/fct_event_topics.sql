-- description: Which topics each event touches, with the topic and its top-level parent.
-- grain: event_id, topic_id
-- test: relationships(topic_id, dim_topics.topic_id)
-- column parent_label: Top-level topic.
WITH event_topics AS (
    SELECT * FROM stg_event_topics
),

topics AS (
    SELECT * FROM dim_topics
),

final AS (
    SELECT
        event_topics.event_id,
        event_topics.topic_id,
        topics.topic_label,
        topics.parent_topic_id,
        topics.parent_label
    FROM event_topics
    INNER JOIN topics ON topics.topic_id = event_topics.topic_id
)

SELECT * FROM final
