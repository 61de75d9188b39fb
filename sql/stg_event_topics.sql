-- description: Which topics each event touches.
-- grain: event_id, topic_id
-- column event_id: The event.
-- column topic_id: The topic.
WITH event_topics AS (
    SELECT * FROM raw_event_topics
),

final AS (
    SELECT
        event_id,
        topic_id
    FROM event_topics
)

SELECT * FROM final
