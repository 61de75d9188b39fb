-- Japan–EU status changes reported during the period (the first $limit of each period are picked by row id with
-- min_by, which keeps them without sorting the period, then read whole).
WITH first_rows AS (
    SELECT unnest(min_by(rowid, (known_from, event_id), $limit)) AS row_id
    FROM rpt_period_status_changes
    WHERE list_contains($periods, period) AND NOT is_context
    GROUP BY period
)

SELECT *
FROM rpt_period_status_changes
WHERE rowid IN (SELECT row_id FROM first_rows)
ORDER BY period, known_from, event_id
