-- description: Topics over time: per quarter, how many Japan–EU events touch each topic (context events counted apart), and which topics are new that quarter.
-- grain: quarter_start, topic_id
-- column quarter_start: First day of the quarter (events placed by their date, or first report when undated).
-- column cooperation_events: Japan–EU events touching the topic this quarter.
-- column context_events: Context events touching the topic this quarter (not cooperation).
-- column is_new: True in the first quarter a Japan–EU event touches the topic.
-- column quarter_label: The quarter, as 2024-Q4.
WITH event_topics AS (
    SELECT * FROM fct_event_topics
),

events AS (
    SELECT * FROM fct_events
),

placed AS (
    SELECT
        event_topics.topic_id,
        event_topics.topic_label,
        event_topics.parent_label,
        events.event_id,
        events.is_context,
        CAST(date_trunc('quarter', coalesce(events.date_start, events.first_reported_on)) AS DATE) AS quarter_start
    FROM event_topics
    INNER JOIN events ON events.event_id = event_topics.event_id
),

-- An event has a topic once and one quarter: each row placed is one event, counted without DISTINCT.
counted AS (
    SELECT
        quarter_start,
        topic_id,
        topic_label,
        parent_label,
        count(*) FILTER (WHERE NOT is_context) AS cooperation_events,
        count(*) FILTER (WHERE is_context) AS context_events
    FROM placed
    GROUP BY ALL
),

final AS (
    SELECT
        quarter_start,
        year(quarter_start) || '-Q' || quarter(quarter_start) AS quarter_label,
        topic_id,
        topic_label,
        parent_label,
        cooperation_events,
        context_events,
        cooperation_events > 0
            AND quarter_start = min(quarter_start) FILTER (WHERE cooperation_events > 0) OVER (PARTITION BY topic_id) AS is_new
    FROM counted
)

SELECT * FROM final
