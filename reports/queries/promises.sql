-- Promise against delivery for the Japan–EU events in view, as known at the period's end (the first $limit of each
-- period are picked by row id with min_by, which keeps them without sorting the period, then read whole).
WITH first_rows AS (
    SELECT unnest(min_by(rowid, (promised_start, title, status, event_id, party_key), $limit)) AS row_id
    FROM rpt_period_promises
    WHERE list_contains($periods, period) AND NOT is_context
    GROUP BY period
)

SELECT *
FROM rpt_period_promises
WHERE rowid IN (SELECT row_id FROM first_rows)
ORDER BY period, promised_start, title, status, event_id, party_key
