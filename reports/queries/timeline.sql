-- Dots of the timeline: Japan–EU events dated in the period, as known at its end, one dot per level and month; a dot holding a dialogue's first meeting is marked.
SELECT
    period,
    level_rank,
    delivered,
    day,
    events,
    first_meeting,
    label
FROM rpt_period_timeline
WHERE list_contains($periods, period)
ORDER BY period, day, level_rank, delivered, month
