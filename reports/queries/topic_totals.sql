-- Japan–EU events in view touching each top-level topic, each event counted once per topic (from the day the first
-- of its topics under that one became known).
WITH event_parents AS (
    SELECT
        event_id,
        parent_label,
        min(known_from) AS known_from
    FROM rpt_event_topics
    WHERE NOT is_context
    GROUP BY event_id, parent_label
)

SELECT
    events.period,
    event_parents.parent_label,
    count(*) AS cooperation_events
FROM event_parents
INNER JOIN rpt_period_events AS events ON events.event_id = event_parents.event_id
WHERE list_contains($periods, events.period) AND event_parents.known_from <= events.period_end
GROUP BY events.period, event_parents.parent_label
ORDER BY events.period, cooperation_events DESC, event_parents.parent_label
