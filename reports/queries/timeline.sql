-- Dots of the timeline: Japan–EU events dated in the period, as known at its end, one dot per level and month.
SELECT
    level_rank,
    status_phase = 'done' AS delivered,
    min(greatest(date_start, period_start)) AS day,
    count(*) AS events,
    CASE WHEN count(*) <= 3 THEN string_agg(title || ' (' || strftime(date_start, '%Y-%m-%d') || ', ' || status || ')', '; ' ORDER BY date_start, event_id)
         ELSE count(*) || ' events' END AS label
FROM rpt_period_events
WHERE period = $period AND NOT is_context AND dated_in_period AND level_rank IS NOT NULL
GROUP BY level_rank, status_phase = 'done', date_trunc('month', date_start)
ORDER BY day
