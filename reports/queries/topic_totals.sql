-- Japan–EU events in view touching each top-level topic, each event counted once per topic.
SELECT DISTINCT
    period,
    parent_label,
    parent_cooperation_events AS cooperation_events
FROM rpt_period_topics
WHERE list_contains($periods, period) AND parent_cooperation_events > 0
ORDER BY period, cooperation_events DESC, parent_label
