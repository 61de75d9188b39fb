-- description: Typed links between events, for reports, each known from the day the claim it rests on became known.
-- grain: event_id, link_type, linked_event_id
-- incremental: event_id
-- column link_type: part_of, outcome_of, follow_up_of, on_sidelines_of, rescheduled_as or same_as.
-- column linked_event_id: The event linked to.
-- column linked_title: Title of that event.
-- column basis: stated or curated.
-- column known_from: Day the claim the link rests on became known: reports of earlier periods leave the link out.
-- column linked_type: Type of the event linked to.
WITH links AS (
    SELECT * FROM fct_event_links
),

final AS (
    SELECT
        event_id,
        link_type,
        linked_event_id,
        linked_title,
        linked_type,
        basis,
        known_from
    FROM links
)

SELECT * FROM final
