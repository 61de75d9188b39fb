-- description: Events, agreements and mechanisms: their identity and the labels curators give them. Everything else about an event comes from claims.
-- grain: event_id
-- incremental: event_id
-- column event_id: Stable slug.
-- column title: Short title (curated label).
-- column event_type: Kind of event.
-- column level: Level of the highest principals.
-- column is_context: True for context events: never counted as Japan–EU cooperation.
-- column description: Curated description for readers.
WITH events AS (
    SELECT * FROM raw_events
),

final AS (
    SELECT
        event_id,
        title,
        event_type,
        level,
        is_context,
        description
    FROM events
)

SELECT * FROM final
