-- Japan–EU events dated in the period and done by its end (the first $limit of each period are picked by row id with
-- min_by, which keeps them without sorting the period, then read whole).
WITH first_rows AS (
    SELECT unnest(min_by(rowid, (date_start, level_rank, event_id), $limit)) AS row_id
    FROM rpt_period_events
    WHERE list_contains($periods, period) AND NOT is_context AND happened
    GROUP BY period
)

SELECT *
FROM rpt_period_events
WHERE rowid IN (SELECT row_id FROM first_rows)
ORDER BY period, date_start, level_rank NULLS LAST, event_id
