-- description: Typed links between events, and the claim each rests on.
-- grain: event_id, link_type, linked_event_id
-- incremental: event_id
-- column link_type: part_of, outcome_of, follow_up_of, on_sidelines_of, rescheduled_as or same_as.
-- column linked_event_id: The event linked to.
-- column mention_id: The claim whose article makes the link.
-- column basis: stated or curated.
WITH event_links AS (
    SELECT * FROM raw_event_links
),

final AS (
    SELECT
        event_id,
        link_type,
        linked_event_id,
        mention_id,
        basis
    FROM event_links
)

SELECT * FROM final
