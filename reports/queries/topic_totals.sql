-- Japan–EU events in view touching each top-level topic, each event counted once per topic: by the first of its
-- topics under that one, from the day that became known.
SELECT
    events.period,
    topics.parent_label,
    count(*) AS cooperation_events
FROM rpt_period_events AS events
INNER JOIN rpt_event_topics AS topics ON topics.event_id = events.event_id AND topics.known_from <= events.period_end
WHERE list_contains($periods, events.period) AND topics.first_under_parent AND NOT topics.is_context
GROUP BY events.period, topics.parent_label
ORDER BY events.period, cooperation_events DESC, topics.parent_label
