-- The register of agreements and mechanisms at the period's end: each one's milestones with the day each happened
-- (the first $limit by title: picked on one row per event and state, then only their milestones are read).
WITH periods AS (
    SELECT * FROM rpt_periods WHERE list_contains($periods, period)
),

first_events AS (
    SELECT
        periods.period,
        periods.period_end,
        unnest(min_by(states.event_id, (states.title, states.event_id), $limit)) AS event_id
    FROM rpt_milestone_states AS states
    INNER JOIN periods
        ON states.known_from <= periods.period_end AND coalesce(states.known_until, 'infinity') > periods.period_end
    WHERE states.step_number = 1
    GROUP BY periods.period, periods.period_end
)

SELECT
    first_events.period,
    states.event_id,
    states.title,
    string_agg(
        replace(states.status, '_', ' ') || coalesce(' by ' || states.party, '') || ' ('
        || coalesce(strftime(states.happened_start, '%Y-%m-%d'), 'date not reported') || ')',
        ' → ' ORDER BY states.step_number
    ) AS milestones
FROM first_events
INNER JOIN rpt_milestone_states AS states
    ON states.event_id = first_events.event_id
   AND states.known_from <= first_events.period_end
   AND coalesce(states.known_until, 'infinity') > first_events.period_end
GROUP BY first_events.period, states.event_id, states.title
ORDER BY first_events.period, states.title, states.event_id
