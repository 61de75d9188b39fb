-- description: The dots of each period page's timeline, as known at the period's end: the Japan–EU events dated in the period, one dot per level of the highest principals, month and whether they happened, with the events a small dot holds named. The index's timeline is the all period's.
-- grain: period, level_rank, delivered, month
-- incremental: period
-- column period: The period (see rpt_periods).
-- column level_rank: Rank of the level of the highest principals (see rpt_levels).
-- column delivered: True for events done (held, agreed, signed, …) as known at the period's end; false for those announced.
-- column month: First day of the month the events are dated in.
-- column day: Where the dot stands: the earliest day of its events within the period.
-- column events: Events the dot holds.
-- column first_meeting: True when the dot holds a dialogue's first meeting.
-- column label: The events of a dot of up to three, each with its date and status; else how many.
WITH period_events AS (
    SELECT * FROM rpt_period_events
),

dialogue_meetings AS (
    SELECT * FROM rpt_period_dialogue_meetings
),

dated AS (
    SELECT
        period_events.period,
        period_events.level_rank,
        period_events.status_phase = 'done' AS delivered,
        date_trunc('month', period_events.date_start) AS month,
        greatest(period_events.date_start, period_events.period_start) AS day,
        period_events.event_id,
        period_events.title,
        period_events.date_start,
        period_events.status,
        dialogue_meetings.is_first_meeting,
        dialogue_meetings.dialogue_title
    FROM period_events
    LEFT JOIN dialogue_meetings ON dialogue_meetings.period = period_events.period AND dialogue_meetings.event_id = period_events.event_id
    WHERE NOT period_events.is_context AND period_events.dated_in_period AND period_events.level_rank IS NOT NULL
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
),

final AS (
    SELECT
        dots.period,
        dots.level_rank,
        dots.delivered,
        CAST(dots.month AS DATE) AS month,
        dots.day,
        dots.events,
        dots.first_meeting,
        coalesce(named.label, dots.events || ' events') AS label
    FROM dots
    LEFT JOIN named USING (period, level_rank, delivered, month)
)

SELECT * FROM final
