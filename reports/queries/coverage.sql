-- How the Japan–EU events in view were reported by the period's end: stories, outlets, first report and how early.
SELECT
    events.period,
    events.event_id,
    events.title,
    count(DISTINCT sources.story_key) AS stories,
    count(DISTINCT sources.outlet_label) AS outlets,
    min(sources.known_from) AS first_reported_on,
    date_diff('day', min(sources.known_from), events.date_start) AS lead_days
FROM rpt_period_events AS events
INNER JOIN rpt_event_sources AS sources ON sources.event_id = events.event_id AND sources.known_from <= events.period_end
WHERE events.period IN (SELECT unnest($periods)) AND NOT events.is_context
GROUP BY events.period, events.event_id, events.title, events.date_start
QUALIFY row_number() OVER (PARTITION BY events.period ORDER BY first_reported_on, events.title) <= $limit
ORDER BY events.period, first_reported_on, events.title
