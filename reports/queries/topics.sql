-- Topics touched by the events in view, and which of them no earlier article had linked to a Japan–EU event.
SELECT
    period,
    parent_label,
    topic_label,
    cooperation_events,
    context_events,
    is_new
FROM rpt_period_topics
WHERE list_contains($periods, period)
ORDER BY period, cooperation_events DESC, parent_label, topic_label
