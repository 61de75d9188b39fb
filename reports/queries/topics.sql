-- Topics touched by the events in view, and which of them no earlier article had linked to a Japan–EU event.
SELECT
    events.period,
    topics.parent_label,
    topics.topic_label,
    count(DISTINCT topics.event_id) FILTER (WHERE NOT topics.is_context) AS cooperation_events,
    count(DISTINCT topics.event_id) FILTER (WHERE topics.is_context) AS context_events,
    bool_and(NOT EXISTS (
        SELECT 1 FROM rpt_event_topics AS earlier
        WHERE earlier.topic_id = topics.topic_id AND NOT earlier.is_context AND earlier.known_from < events.period_start
    )) FILTER (WHERE NOT topics.is_context) AND events.period <> 'all' AS is_new
FROM rpt_event_topics AS topics
INNER JOIN rpt_period_events AS events ON events.event_id = topics.event_id
WHERE events.period IN (SELECT unnest($periods)) AND topics.known_from <= events.period_end
GROUP BY events.period, topics.parent_label, topics.topic_label
ORDER BY events.period, cooperation_events DESC, parent_label, topic_label
