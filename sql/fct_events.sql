-- description: One row per event as known now: its curated labels, and its status, dates, place and links derived from every claim; how it was reported.
-- grain: event_id
-- incremental: event_id
-- looks_up: stg_events
-- test: events_have_mentions
-- test: relationships(level, stg_levels.level)
-- test: relationships(event_type, stg_event_types.event_type)
-- column event_id: Stable slug.
-- column title: Title as known now: the curated label, or a later claim's.
-- column event_type: Kind of event as known now.
-- column level: Level of the highest principals as known now.
-- column curated_title: The title curators gave the event (events.csv), shown until a claim changes it.
-- column curated_event_type: The type curators gave the event.
-- column curated_level: The level curators gave the event.
-- column level_rank: 1 (leaders) to 7 (an institution alone); empty when no level applies.
-- column status: Current status, derived from the claims.
-- column expected_status: The furthest milestone still expected, when one is beyond the status.
-- column date_start: Best known first day, from the claims.
-- column date_end: Best known last day.
-- column date_precision: day, range, month, quarter, year or unknown.
-- column location: Place, from the latest claim that gives one.
-- column mode: How the meeting takes place, from the latest claim that says.
-- column is_context: True for context events: never counted as Japan–EU cooperation.
-- column part_of_event_id: Event this one is part of (a part_of link), when there is one.
-- column part_of_title: Title of that event.
-- column part_of_type: Type of that event.
-- column description: Curated description.
-- column first_reported_on: Day the first claim about the event became known.
-- column last_reported_on: Day the latest claim about the event became known.
-- column mention_count: Claims about the event.
-- column article_count: Articles reporting the event.
-- column story_count: Stories reporting the event (syndicated copies count once).
WITH events AS NOT MATERIALIZED (
    SELECT * FROM stg_events
),

levels AS (
    SELECT * FROM stg_levels
),

links AS (
    SELECT * FROM stg_event_links
),

knowledge AS NOT MATERIALIZED (
    SELECT * FROM fct_event_knowledge
),

current_knowledge AS (
    SELECT * FROM knowledge WHERE known_until IS NULL
),

coverage AS (
    SELECT
        event_id,
        min(known_from) AS first_reported_on,
        max(known_from) AS last_reported_on,
        max(mentions_so_far) AS mention_count,
        max(articles_so_far) AS article_count,
        max(stories_so_far) AS story_count
    FROM knowledge
    GROUP BY event_id
),

parents AS (
    SELECT
        event_id,
        min(linked_event_id) AS part_of_event_id
    FROM links
    WHERE link_type = 'part_of'
    GROUP BY event_id
),

final AS (
    SELECT
        events.event_id,
        coalesce(current_knowledge.title, events.title) AS title,
        coalesce(current_knowledge.event_type, events.event_type) AS event_type,
        coalesce(current_knowledge.level, events.level) AS level,
        levels.level_rank,
        events.title AS curated_title,
        events.event_type AS curated_event_type,
        events.level AS curated_level,
        current_knowledge.status,
        current_knowledge.expected_status,
        current_knowledge.date_start,
        current_knowledge.date_end,
        coalesce(current_knowledge.date_precision, 'unknown') AS date_precision,
        current_knowledge.location,
        current_knowledge.mode,
        events.is_context,
        parents.part_of_event_id,
        parent_events.title AS part_of_title,
        parent_events.event_type AS part_of_type,
        events.description,
        coverage.first_reported_on,
        coverage.last_reported_on,
        coalesce(coverage.mention_count, 0) AS mention_count,
        coalesce(coverage.article_count, 0) AS article_count,
        coalesce(coverage.story_count, 0) AS story_count
    FROM events
    LEFT JOIN current_knowledge ON current_knowledge.event_id = events.event_id
    LEFT JOIN levels ON levels.level = coalesce(current_knowledge.level, events.level)
    LEFT JOIN coverage ON coverage.event_id = events.event_id
    LEFT JOIN parents ON parents.event_id = events.event_id
    LEFT JOIN events AS parent_events ON parent_events.event_id = parents.part_of_event_id
)

SELECT * FROM final
