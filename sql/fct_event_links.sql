-- description: Typed links between events, each known from the day the claim it rests on became known.
-- grain: event_id, link_type, linked_event_id
-- incremental: event_id
-- looks_up: stg_events
-- test: relationships(linked_event_id, stg_events.event_id)
-- test: claims_are_about_their_event
-- column link_type: part_of, outcome_of, follow_up_of, on_sidelines_of, rescheduled_as or same_as.
-- column linked_event_id: The event linked to.
-- column linked_title: Title of that event.
-- column mention_id: The claim the link rests on.
-- column basis: stated or curated.
-- column known_from: Day the claim became known.
-- column linked_type: Type of the event linked to.
-- column claim_event_id: The event the claim is about (a data test checks it is event_id).
WITH links AS (
    SELECT * FROM stg_event_links
),

events AS (
    SELECT * FROM stg_events
),

mentions AS (
    SELECT * FROM int_mentions_dated
),

final AS (
    SELECT
        links.event_id,
        links.link_type,
        links.linked_event_id,
        linked.title AS linked_title,
        linked.event_type AS linked_type,
        links.mention_id,
        links.basis,
        mentions.known_from,
        mentions.event_id AS claim_event_id
    FROM links
    INNER JOIN events AS linked ON linked.event_id = links.linked_event_id
    INNER JOIN mentions ON mentions.mention_id = links.mention_id
)

SELECT * FROM final
