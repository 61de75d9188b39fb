-- description: Topics of each event with their top-level parent, for reports.
-- grain: event_id, topic_id
-- incremental: event_id
-- column basis: stated or curated.
-- column known_from: Day the claim the topic rests on became known: reports of earlier periods leave the topic out.
-- column first_under_parent: The first of the event's topics under this top-level topic to become known (ties by topic): the one row that counts the event under its top-level topic, from its known_from on.
WITH event_topics AS (
    SELECT * FROM fct_event_topics
),

events AS (
    SELECT * FROM fct_events
),

final AS (
    SELECT
        event_topics.event_id,
        events.is_context,
        event_topics.topic_id,
        event_topics.topic_label,
        event_topics.parent_topic_id,
        event_topics.parent_label,
        event_topics.basis,
        event_topics.known_from,
        row_number() OVER (
            PARTITION BY event_topics.event_id, event_topics.parent_label ORDER BY event_topics.known_from, event_topics.topic_id
        ) = 1 AS first_under_parent
    FROM event_topics
    INNER JOIN events ON events.event_id = event_topics.event_id
)

SELECT * FROM final
