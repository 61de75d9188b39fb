-- Topics touched by the events in view, and which of them no earlier article had linked to a Japan–EU event.
-- An event has a topic once and is in a period's view once, so each row of the join is one event.
WITH first_linked AS (
    SELECT
        topic_id,
        min(known_from) AS first_known_from
    FROM rpt_event_topics
    WHERE NOT is_context
    GROUP BY topic_id
)

SELECT
    events.period,
    topics.parent_label,
    topics.topic_label,
    count(*) FILTER (WHERE NOT topics.is_context) AS cooperation_events,
    count(*) FILTER (WHERE topics.is_context) AS context_events,
    bool_and(first_linked.first_known_from IS NULL OR first_linked.first_known_from >= events.period_start) FILTER (WHERE NOT topics.is_context)
    AND events.period <> 'all' AS is_new
FROM rpt_event_topics AS topics
INNER JOIN rpt_period_events AS events ON events.event_id = topics.event_id
LEFT JOIN first_linked ON first_linked.topic_id = topics.topic_id
WHERE list_contains($periods, events.period) AND topics.known_from <= events.period_end
GROUP BY events.period, topics.topic_id, topics.parent_label, topics.topic_label
ORDER BY events.period, cooperation_events DESC, parent_label, topic_label
