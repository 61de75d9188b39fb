-- Who met whom at the Japan–EU events in view: each Japanese and EU person known by the period's end, with their offices then.
-- The event ids are listed for the first $limit pairs only. The pairs are made once, before the period rows are
-- joined (MATERIALIZED: DuckDB would join each side to the millions of period rows).
WITH pairs AS MATERIALIZED (
    SELECT
        japan.event_id,
        japan.participant_name AS japan_name,
        japan.title_at_time AS japan_title,
        eu.participant_name AS eu_name,
        eu.title_at_time AS eu_title,
        greatest(japan.known_from, eu.known_from) AS known_from
    FROM rpt_event_participants AS japan
    INNER JOIN rpt_event_participants AS eu ON eu.event_id = japan.event_id AND eu.side = 'EU' AND eu.participant_kind = 'person'
    WHERE japan.side = 'Japan' AND japan.participant_kind = 'person'
),

met AS (
    SELECT DISTINCT
        events.period,
        pairs.japan_name,
        pairs.japan_title,
        pairs.eu_name,
        pairs.eu_title,
        events.event_id
    FROM rpt_period_events AS events
    INNER JOIN pairs ON pairs.event_id = events.event_id AND pairs.known_from <= events.period_end
    WHERE list_contains($periods, events.period) AND NOT events.is_context
),
first_pairs AS (
    SELECT
        period,
        japan_name,
        japan_title,
        eu_name,
        eu_title,
        count(*) AS events
    FROM met
    GROUP BY period, japan_name, japan_title, eu_name, eu_title
    QUALIFY row_number() OVER (PARTITION BY period ORDER BY count(*) DESC, japan_name, eu_name) <= $limit
)

SELECT
    first_pairs.period,
    first_pairs.japan_name,
    first_pairs.japan_title,
    first_pairs.eu_name,
    first_pairs.eu_title,
    first_pairs.events,
    string_agg(met.event_id, ' ' ORDER BY met.event_id) AS event_ids
FROM first_pairs
INNER JOIN met
    ON met.period = first_pairs.period AND met.japan_name = first_pairs.japan_name AND met.eu_name = first_pairs.eu_name
   AND met.japan_title IS NOT DISTINCT FROM first_pairs.japan_title AND met.eu_title IS NOT DISTINCT FROM first_pairs.eu_title
GROUP BY ALL
ORDER BY first_pairs.period, first_pairs.events DESC, first_pairs.japan_name, first_pairs.eu_name
