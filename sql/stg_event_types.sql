-- description: Event type vocabulary with the meaning of every value.
-- grain: event_type
-- column event_type: Type name.
-- column event_type_description: What events of this type are.
WITH event_types AS (
    SELECT * FROM raw_event_types
),

final AS (
    SELECT
        event_type,
        description AS event_type_description
    FROM event_types
)

SELECT * FROM final
