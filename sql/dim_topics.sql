-- description: Two-level topic taxonomy with the parent's label on every row.
-- grain: topic_id
-- test: topics_have_two_levels
-- column topic_id: Stable slug.
-- column topic_label: Label.
-- column parent_topic_id: Top-level topic (itself for a top-level topic).
-- column parent_label: Label of the top-level topic.
-- column depth: 1 for a top-level topic, 2 below it.
WITH topics AS NOT MATERIALIZED (
    SELECT * FROM stg_topics
),

final AS (
    SELECT
        topics.topic_id,
        topics.topic_label,
        coalesce(topics.parent_topic_id, topics.topic_id) AS parent_topic_id,
        coalesce(parents.topic_label, topics.topic_label) AS parent_label,
        CASE WHEN topics.parent_topic_id IS NULL THEN 1 ELSE 2 END AS depth,
        topics.topic_description
    FROM topics
    LEFT JOIN topics AS parents ON parents.topic_id = topics.parent_topic_id
)

SELECT * FROM final
