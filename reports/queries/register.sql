-- The register of agreements and mechanisms at the period's end: each one's milestones with the day each happened
-- (the first $limit by title; min_by picks them without sorting every period's rows).
WITH known_at_end AS (
    SELECT
        periods.period,
        states.*
    FROM rpt_milestone_states AS states
    INNER JOIN rpt_periods AS periods ON periods.period IN (SELECT unnest($periods))
    WHERE states.known_from <= periods.period_end AND (states.known_until IS NULL OR states.known_until > periods.period_end)
),

first_events AS (
    SELECT
        period,
        unnest(min_by(event_id, (title, event_id), $limit)) AS event_id
    FROM known_at_end
    WHERE step_number = 1
    GROUP BY period
)

SELECT
    known_at_end.period,
    known_at_end.event_id,
    known_at_end.title,
    string_agg(
        replace(known_at_end.status, '_', ' ') || coalesce(' by ' || known_at_end.party, '') || ' ('
        || coalesce(strftime(known_at_end.happened_start, '%Y-%m-%d'), 'date not reported') || ')',
        ' → ' ORDER BY known_at_end.step_number
    ) AS milestones
FROM known_at_end
INNER JOIN first_events ON first_events.period = known_at_end.period AND first_events.event_id = known_at_end.event_id
GROUP BY known_at_end.period, known_at_end.event_id, known_at_end.title
ORDER BY known_at_end.period, known_at_end.title, known_at_end.event_id
