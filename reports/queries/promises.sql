-- Promise against delivery for the Japan–EU events in view, as known at the period's end.
SELECT promises.*
FROM rpt_period_promises AS promises
INNER JOIN rpt_period_events AS events ON events.event_id = promises.event_id AND events.period = promises.period
WHERE promises.period IN (SELECT unnest($periods)) AND NOT promises.is_context
QUALIFY row_number() OVER (PARTITION BY promises.period ORDER BY promises.promised_start, promises.title, promises.status) <= $limit
ORDER BY promises.period, promises.promised_start, promises.title, promises.status
