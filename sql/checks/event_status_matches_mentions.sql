-- description: The status typed in events.csv must equal the status derived from the mentions.
SELECT
    event_id,
    curated_status,
    status AS derived_status
FROM fct_events
WHERE curated_status IS DISTINCT FROM status
