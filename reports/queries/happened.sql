-- Japan–EU events dated in the period and done by its end (the first $limit are picked on their keys, then read whole).
WITH first_events AS (
    SELECT
        period,
        event_id
    FROM rpt_period_events
    WHERE list_contains($periods, period) AND NOT is_context AND happened
    QUALIFY row_number() OVER (PARTITION BY period ORDER BY date_start, level_rank NULLS LAST, event_id) <= $limit
)

SELECT events.*
FROM rpt_period_events AS events
SEMI JOIN first_events ON first_events.period = events.period AND first_events.event_id = events.event_id
ORDER BY events.period, events.date_start, events.level_rank NULLS LAST, events.event_id
