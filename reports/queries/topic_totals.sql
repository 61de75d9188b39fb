-- Japan–EU events in view touching each top-level topic, each event counted once per topic.
SELECT
    events.period,
    topics.parent_label,
    count(DISTINCT topics.event_id) AS cooperation_events
FROM rpt_event_topics AS topics
INNER JOIN rpt_period_events AS events ON events.event_id = topics.event_id
WHERE events.period IN (SELECT unnest($periods)) AND topics.known_from <= events.period_end AND NOT topics.is_context
GROUP BY events.period, topics.parent_label
ORDER BY events.period, cooperation_events DESC, topics.parent_label
