-- description: Who meets whom: every pairing of a Japanese and an EU participant at the same Japan–EU event, with their offices at the time.
-- grain: event_id, japan_participant_id, eu_participant_id
-- incremental: event_id
-- column japan_title: Office of the Japanese participant at the time of the event.
-- column eu_title: Office of the EU participant at the time of the event.
-- column japan_participant_id: The Japanese participant.
-- column japan_name: Name as the articles give it.
-- column eu_participant_id: The EU participant.
-- column eu_name: Name as the articles give it.
WITH participants AS NOT MATERIALIZED (
    SELECT * FROM fct_event_participants
),

events AS (
    SELECT * FROM fct_events
),

final AS (
    SELECT
        events.event_id,
        events.title,
        events.event_type,
        events.level,
        events.status,
        events.date_start,
        events.date_precision,
        japan.participant_id AS japan_participant_id,
        japan.participant_name AS japan_name,
        japan.title_at_time AS japan_title,
        eu.participant_id AS eu_participant_id,
        eu.participant_name AS eu_name,
        eu.title_at_time AS eu_title
    FROM events
    INNER JOIN participants AS japan ON japan.event_id = events.event_id AND japan.side = 'Japan'
    INNER JOIN participants AS eu ON eu.event_id = events.event_id AND eu.side = 'EU'
    WHERE NOT events.is_context
)

SELECT * FROM final
