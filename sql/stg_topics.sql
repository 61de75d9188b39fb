-- description: Topic taxonomy rows.
-- grain: topic_id
-- column topic_id: Stable slug.
-- column topic_label: Label.
-- column parent_topic_id: Top-level topic; empty for a top-level topic.
-- column topic_description: What the topic covers.
WITH topics AS (
    SELECT * FROM raw_topics
),

final AS (
    SELECT
        topic_id,
        label AS topic_label,
        parent_topic_id,
        description AS topic_description
    FROM topics
)

SELECT * FROM final
