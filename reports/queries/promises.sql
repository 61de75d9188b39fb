-- Promise against delivery for the Japan–EU events in view, as known at the period's end (the first $limit are picked
-- on their keys, then read whole).
WITH first_promises AS (
    SELECT
        promises.period,
        promises.event_id,
        promises.status,
        promises.party_key
    FROM rpt_period_promises AS promises
    SEMI JOIN rpt_period_events AS events ON events.event_id = promises.event_id AND events.period = promises.period
    WHERE list_contains($periods, promises.period) AND NOT promises.is_context
    QUALIFY row_number() OVER (
        PARTITION BY promises.period ORDER BY promises.promised_start, promises.title, promises.status, promises.event_id, promises.party_key
    ) <= $limit
)

SELECT promises.*
FROM rpt_period_promises AS promises
SEMI JOIN first_promises
    ON first_promises.period = promises.period AND first_promises.event_id = promises.event_id
   AND first_promises.status = promises.status AND first_promises.party_key IS NOT DISTINCT FROM promises.party_key
ORDER BY promises.period, promises.promised_start, promises.title, promises.status, promises.event_id, promises.party_key
