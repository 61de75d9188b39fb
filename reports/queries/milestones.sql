-- The agreements and mechanisms in the register at the period's end, the first $limit by title, with every milestone
-- each had reached by then and the day it happened as known then (the page's pipeline shows the first milestones,
-- its register one line per agreement, from the milestones column). The events are picked on one row per event and
-- state, once per end day since a year ends with its last quarter, then only their milestones are read.
WITH periods AS (
    SELECT * FROM rpt_periods WHERE list_contains($periods, period)
),

period_ends AS (
    SELECT DISTINCT period_end FROM periods
),

first_at_end AS (
    SELECT
        period_ends.period_end,
        unnest(min_by(states.event_id, (states.title, states.event_id), $limit)) AS event_id
    FROM rpt_milestone_states AS states
    INNER JOIN period_ends
        ON states.known_from <= period_ends.period_end AND coalesce(states.known_until, 'infinity') > period_ends.period_end
    WHERE states.step_number = 1
    GROUP BY period_ends.period_end
),

first_events AS (
    SELECT
        periods.period,
        periods.period_end,
        first_at_end.event_id
    FROM periods
    INNER JOIN first_at_end ON first_at_end.period_end = periods.period_end
)

SELECT
    first_events.period,
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
    states.days_since_previous,
    string_agg(
        replace(states.status, '_', ' ') || coalesce(' by ' || states.party, '') || ' ('
        || coalesce(strftime(states.happened_start, '%Y-%m-%d'), 'date not reported') || ')',
        ' → ' ORDER BY states.step_number
    ) OVER (PARTITION BY first_events.period, states.event_id) AS milestones
FROM first_events
INNER JOIN rpt_milestone_states AS states
    ON states.event_id = first_events.event_id
   AND states.known_from <= first_events.period_end
   AND coalesce(states.known_until, 'infinity') > first_events.period_end
ORDER BY first_events.period, states.title, states.event_id, states.step_number
