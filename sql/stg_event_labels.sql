-- description: Changes of an event's title, type or level brought by a later claim.
-- grain: event_id, mention_id
-- incremental: event_id
-- column mention_id: The claim that brings the change.
-- column title: The new title, when it changes.
-- column event_type: The new type, when it changes.
-- column level: The new level, when it changes.
-- column basis: stated or curated.
WITH event_labels AS (
    SELECT * FROM raw_event_labels
),

final AS (
    SELECT
        event_id,
        mention_id,
        title,
        event_type,
        level,
        basis
    FROM event_labels
)

SELECT * FROM final
