-- Japan–EU status changes reported during the period (the first $limit are picked on their keys, then read whole).
WITH first_changes AS (
    SELECT
        period,
        event_id,
        known_from
    FROM rpt_period_status_changes
    WHERE list_contains($periods, period) AND NOT is_context
    QUALIFY row_number() OVER (PARTITION BY period ORDER BY known_from, event_id) <= $limit
)

SELECT changes.*
FROM rpt_period_status_changes AS changes
SEMI JOIN first_changes
    ON first_changes.period = changes.period AND first_changes.event_id = changes.event_id AND first_changes.known_from = changes.known_from
ORDER BY changes.period, changes.known_from, changes.event_id
