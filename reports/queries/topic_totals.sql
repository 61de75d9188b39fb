-- Japan–EU events in view touching each top-level topic, each event counted once per topic.
SELECT
    topics.parent_label,
    count(DISTINCT topics.event_id) AS cooperation_events
FROM rpt_event_topics AS topics
INNER JOIN rpt_period_events AS events ON events.event_id = topics.event_id
WHERE events.period = $period AND topics.known_from <= events.period_end AND NOT topics.is_context
GROUP BY topics.parent_label
ORDER BY cooperation_events DESC, topics.parent_label
