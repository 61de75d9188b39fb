-- description: Which topics each event touches, with the topic and its top-level parent, each known from the day the claim it rests on became known.
-- grain: event_id, topic_id
-- incremental: event_id
-- test: relationships(topic_id, dim_topics.topic_id)
-- test: claims_are_about_their_event
-- column mention_id: The claim the topic rests on.
-- column basis: stated or curated.
-- column known_from: Day the claim became known.
-- column claim_event_id: The event the claim is about (a data test checks it is event_id).
WITH event_topics AS (
    SELECT * FROM stg_event_topics
),

topics AS (
    SELECT * FROM dim_topics
),

mentions AS (
    SELECT * FROM int_mentions_dated
),

final AS (
    SELECT
        event_topics.event_id,
        event_topics.topic_id,
        topics.topic_label,
        topics.parent_topic_id,
        topics.parent_label,
        event_topics.mention_id,
        event_topics.basis,
        mentions.known_from,
        mentions.event_id AS claim_event_id
    FROM event_topics
    INNER JOIN topics ON topics.topic_id = event_topics.topic_id
    INNER JOIN mentions ON mentions.mention_id = event_topics.mention_id
)

SELECT * FROM final
