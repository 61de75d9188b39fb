-- The register of agreements and mechanisms at the period's end: each one's milestones with the day each happened.
SELECT
    states.event_id,
    states.title,
    string_agg(
        replace(states.status, '_', ' ') || coalesce(' by ' || states.party, '') || ' ('
        || coalesce(strftime(states.happened_start, '%Y-%m-%d'), 'date not reported') || ')',
        ' → ' ORDER BY states.step_number
    ) AS milestones
FROM rpt_milestone_states AS states
INNER JOIN rpt_periods AS periods ON periods.period = $period
WHERE states.known_from <= periods.period_end AND (states.known_until IS NULL OR states.known_until > periods.period_end)
GROUP BY states.event_id, states.title
ORDER BY states.title
LIMIT $limit
