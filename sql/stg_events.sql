-- description: Events and milestones as curated from the articles; status here is the curated one, checked against the mentions.
-- grain: event_id
-- test: relationships(part_of_event_id, stg_events.event_id)
-- column event_id: Stable slug.
-- column title: Short title.
-- column event_type: Kind of event.
-- column level: Level of the highest principals.
-- column curated_status: Status typed in events.csv; must equal the status derived from mentions.
-- column date_start: Best known first day.
-- column date_end: Best known last day.
-- column date_precision: day, range, month, quarter, year or unknown.
-- column location: Place.
-- column is_context: True for context events, which are never counted as Japan–EU cooperation.
-- column part_of_event_id: Dialogue, summit or agreement this event belongs to.
-- column description: What happened, with caveats.
WITH events AS (
    SELECT * FROM raw_events
),

final AS (
    SELECT
        event_id,
        title,
        event_type,
        level,
        status AS curated_status,
        date_start,
        date_end,
        date_precision,
        location,
        is_context,
        part_of_event_id,
        description
    FROM events
)

SELECT * FROM final
