-- How the Japan–EU events in view were reported by the period's end: stories, outlets, first report and how early.
-- An event in view was known by the period's end, so its first report is its first report ever: the first $limit
-- events of each period on it are picked by row id with min_by, which keeps them without sorting the period, and
-- only their sources are counted.
WITH first_rows AS (
    SELECT unnest(min_by(rowid, (first_reported_on, title, event_id), $limit)) AS row_id
    FROM rpt_period_events
    WHERE list_contains($periods, period) AND NOT is_context
    GROUP BY period
),

shown AS (
    SELECT
        period,
        period_end,
        event_id,
        title,
        date_start,
        first_reported_on
    FROM rpt_period_events
    WHERE rowid IN (SELECT row_id FROM first_rows)
)

SELECT
    shown.period,
    shown.event_id,
    shown.title,
    count(DISTINCT sources.story_key) AS stories,
    count(DISTINCT sources.outlet_label) AS outlets,
    shown.first_reported_on,
    date_diff('day', shown.first_reported_on, shown.date_start) AS lead_days
FROM shown
INNER JOIN rpt_event_sources AS sources ON sources.event_id = shown.event_id AND sources.known_from <= shown.period_end
GROUP BY shown.period, shown.event_id, shown.title, shown.date_start, shown.first_reported_on
ORDER BY shown.period, shown.first_reported_on, shown.title, shown.event_id
