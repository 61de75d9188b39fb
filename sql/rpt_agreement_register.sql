-- description: Register of Japan–EU agreements and mechanisms (agreements, memoranda, statements, dialogues, hotlines, programmes) with their status history.
-- grain: event_id
-- column status_path: Each status with the date it was first reported, oldest first.
-- column status_changes: How many times the status changed.
WITH events AS (
    SELECT * FROM fct_events
),

pipeline AS (
    SELECT * FROM rpt_status_pipeline
),

paths AS (
    SELECT
        event_id,
        string_agg(status || ' (' || strftime(reached_on, '%Y-%m-%d') || ')', ' → ' ORDER BY step_number) AS status_path,
        count(*) AS status_changes,
        max(reached_on) AS status_since
    FROM pipeline
    GROUP BY event_id
),

final AS (
    SELECT
        events.event_id,
        events.title,
        events.event_type,
        events.level,
        events.status,
        paths.status_since,
        paths.status_path,
        paths.status_changes,
        events.part_of_title,
        events.date_start,
        events.date_precision,
        events.first_reported_on,
        events.article_count
    FROM events
    LEFT JOIN paths ON paths.event_id = events.event_id
    WHERE NOT events.is_context
      AND events.event_type IN ('agreement', 'memorandum', 'statement', 'dialogue', 'hotline', 'programme')
)

SELECT * FROM final
