-- How the Japan–EU events in view were reported by the period's end: stories, outlets, first report and how early.
-- An event in view was known by the period's end, so its first report is its first report ever: the
-- events shown are picked on that (min_by keeps the first $limit without sorting every period's rows),
-- and only their sources are counted.
WITH first_reports AS (
    SELECT
        event_id,
        first_reported_on
    FROM rpt_source_coverage
),

picked AS (
    SELECT
        events.period,
        unnest(min_by(
            {'period_end': events.period_end, 'event_id': events.event_id, 'title': events.title, 'date_start': events.date_start,
             'first_reported_on': first_reports.first_reported_on},
            (first_reports.first_reported_on, events.title, events.event_id),
            $limit
        )) AS shown
    FROM rpt_period_events AS events
    INNER JOIN first_reports ON first_reports.event_id = events.event_id
    WHERE list_contains($periods, events.period) AND NOT events.is_context
    GROUP BY events.period
),

shown AS (
    SELECT
        period,
        unnest(shown)
    FROM picked
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
