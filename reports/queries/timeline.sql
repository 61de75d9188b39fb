-- Dots of the timeline: Japan–EU events dated in the period, as known at its end, one dot per level and month; a dot holding a dialogue's first meeting is marked.
-- A dot of up to three events names them; the names are written for those dots only.
WITH dated AS (
    SELECT
        events.period,
        events.level_rank,
        events.status_phase = 'done' AS delivered,
        date_trunc('month', events.date_start) AS month,
        greatest(events.date_start, events.period_start) AS day,
        events.event_id,
        events.title,
        events.date_start,
        events.status,
        meetings.is_first_meeting,
        meetings.dialogue_title
    FROM rpt_period_events AS events
    LEFT JOIN rpt_period_dialogue_meetings AS meetings ON meetings.period = events.period AND meetings.event_id = events.event_id
    WHERE list_contains($periods, events.period) AND NOT events.is_context AND events.dated_in_period AND events.level_rank IS NOT NULL
),

dots AS (
    SELECT
        period,
        level_rank,
        delivered,
        month,
        min(day) AS day,
        count(*) AS events,
        coalesce(bool_or(is_first_meeting), FALSE) AS first_meeting
    FROM dated
    GROUP BY period, level_rank, delivered, month
),

named AS (
    SELECT
        dated.period,
        dated.level_rank,
        dated.delivered,
        dated.month,
        string_agg(
            dated.title || ' (' || strftime(dated.date_start, '%Y-%m-%d') || ', ' || dated.status
            || CASE WHEN dated.is_first_meeting THEN ', first meeting of ' || dated.dialogue_title ELSE '' END || ')',
            '; ' ORDER BY dated.date_start, dated.event_id
        ) AS label
    FROM dated
    SEMI JOIN dots
        ON dots.period = dated.period AND dots.level_rank = dated.level_rank AND dots.delivered = dated.delivered
       AND dots.month = dated.month AND dots.events <= 3
    GROUP BY dated.period, dated.level_rank, dated.delivered, dated.month
)

SELECT
    dots.period,
    dots.level_rank,
    dots.delivered,
    dots.day,
    dots.events,
    dots.first_meeting,
    coalesce(named.label, dots.events || ' events') AS label
FROM dots
LEFT JOIN named USING (period, level_rank, delivered, month)
ORDER BY dots.period, dots.day, dots.level_rank, dots.delivered, dots.month
