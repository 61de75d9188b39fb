-- Topics touched by the events in view.
SELECT
    topics.parent_label,
    topics.topic_label,
    count(DISTINCT topics.event_id) FILTER (WHERE NOT topics.is_context) AS cooperation_events,
    count(DISTINCT topics.event_id) FILTER (WHERE topics.is_context) AS context_events
FROM rpt_event_topics AS topics
INNER JOIN rpt_period_events AS events ON events.event_id = topics.event_id
WHERE events.period = $period AND topics.known_from <= events.period_end
GROUP BY ALL
ORDER BY cooperation_events DESC, parent_label, topic_label
