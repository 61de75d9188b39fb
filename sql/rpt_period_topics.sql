-- description: Topics of the events in view in each period, as known at its end: how many Japan–EU and context events touch each topic, which topics no earlier article had linked to a Japan–EU event, and how many Japan–EU events touch each top-level topic. The topic table and chart of each period page.
-- grain: period, topic_id
-- incremental: period
-- known_by: rpt_period_events.period_end
-- column period: The period (see rpt_periods).
-- column cooperation_events: Japan–EU events in view touching the topic, from the day that became known.
-- column context_events: Context events in view touching the topic (not cooperation).
-- column is_new: True when no article published before the period linked the topic to a Japan–EU event (never for all).
-- column parent_cooperation_events: Japan–EU events in view touching the topic's top-level topic, each event counted once (by the first of its topics under it): the bar of the period page's topic chart.
WITH period_events AS (
    SELECT * FROM rpt_period_events
),

event_topics AS NOT MATERIALIZED (
    SELECT * FROM rpt_event_topics
),

first_linked AS (
    SELECT
        topic_id,
        min(known_from) AS first_known_from
    FROM event_topics
    WHERE NOT is_context
    GROUP BY topic_id
),

in_view AS (
    SELECT
        period_events.period,
        event_topics.topic_id,
        event_topics.topic_label,
        event_topics.parent_label,
        event_topics.is_context,
        event_topics.first_under_parent,
        first_linked.first_known_from IS NULL OR first_linked.first_known_from >= period_events.period_start AS first_linked_in_period
    FROM period_events
    INNER JOIN event_topics ON event_topics.event_id = period_events.event_id AND event_topics.known_from <= period_events.period_end
    LEFT JOIN first_linked ON first_linked.topic_id = event_topics.topic_id
),

counted AS (
    SELECT
        period,
        topic_id,
        topic_label,
        parent_label,
        count(*) FILTER (WHERE NOT is_context) AS cooperation_events,
        count(*) FILTER (WHERE is_context) AS context_events,
        bool_and(first_linked_in_period) FILTER (WHERE NOT is_context) AND period <> 'all' AS is_new,
        count(*) FILTER (WHERE NOT is_context AND first_under_parent) AS first_under_parent_events
    FROM in_view
    GROUP BY period, topic_id, topic_label, parent_label
),

final AS (
    SELECT
        period,
        parent_label,
        topic_id,
        topic_label,
        cooperation_events,
        context_events,
        is_new,
        CAST(sum(first_under_parent_events) OVER (PARTITION BY period, parent_label) AS BIGINT) AS parent_cooperation_events
    FROM counted
)

SELECT * FROM final
