-- description: A topic's parent must itself be top-level: the taxonomy has exactly two levels.
SELECT
    child.topic_id,
    child.parent_topic_id,
    parent.parent_topic_id AS grandparent_topic_id
FROM stg_topics AS child
INNER JOIN stg_topics AS parent ON parent.topic_id = child.parent_topic_id
WHERE parent.parent_topic_id IS NOT NULL
