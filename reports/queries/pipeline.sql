-- Every milestone each agreement or mechanism had reached by the period's end, with the date it happened as known then
-- (the first $limit by title; min_by keeps them without sorting every period's rows).
WITH first_rows AS (
    SELECT
        periods.period,
        min_by(states, (states.title, states.step_number), $limit) AS milestones
    FROM rpt_milestone_states AS states
    INNER JOIN rpt_periods AS periods ON periods.period IN (SELECT unnest($periods))
    WHERE states.known_from <= periods.period_end AND (states.known_until IS NULL OR states.known_until > periods.period_end)
    GROUP BY periods.period
),

unnested AS (
    SELECT period, unnest(milestones) AS states
    FROM first_rows
)

SELECT
    period,
    states.event_id,
    states.title,
    states.status,
    states.party_key,
    states.party,
    states.status_step,
    states.step_number,
    states.happened_start,
    states.happened_end,
    states.happened_precision,
    states.happened_text,
    states.reported_on,
    states.days_since_previous
FROM unnested
ORDER BY period, states.title, states.step_number
