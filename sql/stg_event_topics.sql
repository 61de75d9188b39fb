-- description: Which topics each event touches, and the claim each rests on.
-- grain: event_id, topic_id
-- incremental: event_id
-- column mention_id: The claim whose article links the event to the topic.
-- column basis: stated or curated.
WITH event_topics AS (
    SELECT * FROM raw_event_topics
),

final AS (
    SELECT
        event_id,
        topic_id,
        mention_id,
        basis
    FROM event_topics
)

SELECT * FROM final
