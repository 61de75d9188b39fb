-- description: One row per event with its current status derived from the mentions, its level rank and how it was reported.
-- grain: event_id
-- test: event_status_matches_mentions
-- test: events_have_mentions
-- test: relationships(level, stg_levels.level)
-- column event_id: Stable slug.
-- column title: Short title.
-- column event_type: Kind of event.
-- column level: Level of the highest principals.
-- column level_rank: 1 (leaders) to 6 (operational); empty when no level applies.
-- column status: Current status, derived from the mentions.
-- column curated_status: Status typed in events.csv (a test checks it equals status).
-- column date_start: Best known first day (curated).
-- column date_end: Best known last day (curated).
-- column date_precision: day, range, month, quarter, year or unknown.
-- column is_context: True for context events: never counted as Japan–EU cooperation.
-- column part_of_event_id: Dialogue, summit or agreement this event belongs to.
-- column part_of_title: Title of that parent event.
-- column first_reported_on: Publication date of the first article about the event.
-- column last_reported_on: Publication date of the latest article about the event.
-- column mention_count: Claims about the event.
-- column article_count: Articles reporting the event.
WITH events AS (
    SELECT * FROM stg_events
),

levels AS (
    SELECT * FROM stg_levels
),

knowledge AS (
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
        max(articles_so_far) AS article_count
    FROM knowledge
    GROUP BY event_id
),

final AS (
    SELECT
        events.event_id,
        events.title,
        events.event_type,
        events.level,
        levels.level_rank,
        current_knowledge.status,
        events.curated_status,
        events.date_start,
        events.date_end,
        events.date_precision,
        events.location,
        events.is_context,
        events.part_of_event_id,
        parents.title AS part_of_title,
        parents.event_type AS part_of_type,
        events.description,
        coverage.first_reported_on,
        coverage.last_reported_on,
        coalesce(coverage.mention_count, 0) AS mention_count,
        coalesce(coverage.article_count, 0) AS article_count
    FROM events
    LEFT JOIN levels ON levels.level = events.level
    LEFT JOIN current_knowledge ON current_knowledge.event_id = events.event_id
    LEFT JOIN coverage ON coverage.event_id = events.event_id
    LEFT JOIN events AS parents ON parents.event_id = events.part_of_event_id
)

SELECT * FROM final
