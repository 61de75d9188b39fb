-- Who met whom at the Japan–EU events in view: each Japanese and EU person known by the period's end, with their offices then.
SELECT
    events.period,
    japan.participant_name AS japan_name,
    japan.title_at_time AS japan_title,
    eu.participant_name AS eu_name,
    eu.title_at_time AS eu_title,
    count(DISTINCT events.event_id) AS events,
    string_agg(DISTINCT events.event_id, ' ' ORDER BY events.event_id) AS event_ids
FROM rpt_period_events AS events
INNER JOIN rpt_event_participants AS japan
    ON japan.event_id = events.event_id AND japan.side = 'Japan' AND japan.participant_kind = 'person' AND japan.known_from <= events.period_end
INNER JOIN rpt_event_participants AS eu
    ON eu.event_id = events.event_id AND eu.side = 'EU' AND eu.participant_kind = 'person' AND eu.known_from <= events.period_end
WHERE events.period IN (SELECT unnest($periods)) AND NOT events.is_context
GROUP BY events.period, japan.participant_name, japan.title_at_time, eu.participant_name, eu.title_at_time
QUALIFY row_number() OVER (PARTITION BY events.period ORDER BY count(DISTINCT events.event_id) DESC, japan_name, eu_name) <= $limit
ORDER BY events.period, events DESC, japan_name, eu_name
