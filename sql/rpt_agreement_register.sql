-- description: Register of Japan–EU agreements and mechanisms (agreements, memoranda, statements, dialogues, hotlines, programmes) with every milestone and the date it happened.
-- grain: event_id
-- incremental: event_id
-- column status: Current status, derived from the claims.
-- column status_path: Each milestone with the date it happened (or "date not reported"), in order.
-- column milestones: How many milestones it has reached.
-- column last_happened_on: Date of the latest dated milestone.
-- column expected_status: The furthest milestone still expected.
WITH events AS (
    SELECT * FROM fct_events
),

pipeline AS (
    SELECT * FROM rpt_status_pipeline
),

paths AS (
    SELECT
        event_id,
        string_agg(
            replace(status, '_', ' ') || coalesce(' by ' || party, '') || ' ('
            || coalesce(strftime(happened_start, '%Y-%m-%d') || CASE WHEN happened_end > happened_start THEN '…' || strftime(happened_end, '%Y-%m-%d') ELSE '' END, 'date not reported')
            || ')',
            ' → ' ORDER BY step_number
        ) AS status_path,
        count(*) AS milestones,
        max(happened_start) AS last_happened_on
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
        events.expected_status,
        paths.status_path,
        coalesce(paths.milestones, 0) AS milestones,
        paths.last_happened_on,
        events.part_of_title,
        events.date_start,
        events.date_precision,
        events.first_reported_on,
        events.story_count
    FROM events
    LEFT JOIN paths ON paths.event_id = events.event_id
    WHERE NOT events.is_context
      AND events.event_type IN ('agreement', 'memorandum', 'statement', 'dialogue', 'hotline', 'programme')
)

SELECT * FROM final
