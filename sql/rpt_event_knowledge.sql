-- description: Each event as known from one day to the next: status, dates, place and mode from the claims known by then, with its curated labels. The basis of every "as known at the end of the period" report and of events_as_known_on(day).
-- grain: event_id, known_from
-- incremental: event_id
-- column known_from: First day this knowledge holds (the day an article about the event became known).
-- column known_until: Day something new about the event became known (exclusive); empty for what is known now.
-- column title: Title as known in that span: the curated one, or a later claim's.
-- column level: Level as known in that span: the curated one, or a later claim's.
-- column status: Status as known in that span.
-- column status_phase: done, pending or setback: what the status counts as (from the status vocabulary).
-- column expected_status: The furthest milestone still expected, when one is beyond the status.
-- column date_start: Event date as known in that span, from the claims; empty when no claim dates it.
-- column location: Place as known in that span, from the claims.
-- column mode: How the meeting takes place, as known in that span.
-- column is_context: True for context events: shown apart, never counted as Japan–EU cooperation.
WITH knowledge AS (
    SELECT * FROM fct_event_knowledge
),

events AS (
    SELECT * FROM fct_events
),

statuses AS (
    SELECT * FROM stg_statuses
),

levels AS (
    SELECT * FROM stg_levels
),

final AS (
    SELECT
        knowledge.event_id,
        coalesce(knowledge.title, events.curated_title) AS title,
        coalesce(knowledge.event_type, events.curated_event_type) AS event_type,
        coalesce(knowledge.level, events.curated_level) AS level,
        levels.level_rank,
        events.is_context,
        knowledge.location,
        knowledge.mode,
        events.description,
        knowledge.known_from,
        knowledge.known_until,
        knowledge.first_reported_on,
        knowledge.status,
        statuses.status_phase,
        knowledge.previous_status,
        knowledge.status_changed,
        knowledge.expected_status,
        knowledge.date_start,
        knowledge.date_end,
        knowledge.date_precision,
        knowledge.date_text,
        knowledge.mentions_so_far,
        knowledge.articles_so_far,
        knowledge.stories_so_far
    FROM knowledge
    INNER JOIN events ON events.event_id = knowledge.event_id
    INNER JOIN statuses ON statuses.status = knowledge.status
    LEFT JOIN levels ON levels.level = coalesce(knowledge.level, events.curated_level)
)

SELECT * FROM final
