-- Dots of the timeline: Japan–EU events dated in the period, as known at its end, one dot per level and month; a dot holding a dialogue's first meeting is marked.
SELECT
    events.period,
    events.level_rank,
    events.status_phase = 'done' AS delivered,
    min(greatest(events.date_start, events.period_start)) AS day,
    count(*) AS events,
    coalesce(bool_or(meetings.is_first_meeting), FALSE) AS first_meeting,
    CASE WHEN count(*) <= 3 THEN string_agg(
             events.title || ' (' || strftime(events.date_start, '%Y-%m-%d') || ', ' || events.status
             || CASE WHEN meetings.is_first_meeting THEN ', first meeting of ' || meetings.dialogue_title ELSE '' END || ')',
             '; ' ORDER BY events.date_start, events.event_id)
         ELSE count(*) || ' events' END AS label
FROM rpt_period_events AS events
LEFT JOIN rpt_period_dialogue_meetings AS meetings ON meetings.period = events.period AND meetings.event_id = events.event_id
WHERE events.period IN (SELECT unnest($periods)) AND NOT events.is_context AND events.dated_in_period AND events.level_rank IS NOT NULL
GROUP BY events.period, events.level_rank, events.status_phase = 'done', date_trunc('month', events.date_start)
ORDER BY events.period, day, events.level_rank, delivered
