-- description: The ladder of dialogue: Japan–EU events with a level, over time, each tied to its dialogue, with each dialogue's first meeting marked.
-- grain: event_id
-- test: not_null(level_rank)
-- column dialogue_id: The dialogue or hotline the event is, or belongs to (its part_of link); empty for stand-alone events.
-- column meeting_number: 1 for a dialogue's first meeting held, then 2, 3, …; empty for meetings not (yet) reported as held.
-- column is_first_meeting: True for the first meeting held of a dialogue.
-- column dialogue_title: Title of that dialogue or hotline.
-- column dialogue_status: Its status as known now.
WITH events AS NOT MATERIALIZED (
    SELECT * FROM fct_events
),

links AS (
    SELECT * FROM fct_event_links
),

statuses AS (
    SELECT * FROM stg_statuses
),

dialogue_links AS (
    SELECT
        event_id,
        min(linked_event_id) AS dialogue_id
    FROM links
    WHERE link_type = 'part_of' AND linked_type IN ('dialogue', 'hotline')
    GROUP BY event_id
),

placed AS (
    SELECT
        events.*,
        statuses.status_phase,
        CASE
            WHEN events.event_type IN ('dialogue', 'hotline') THEN events.event_id
            ELSE dialogue_links.dialogue_id
        END AS dialogue_id
    FROM events
    LEFT JOIN dialogue_links ON dialogue_links.event_id = events.event_id
    LEFT JOIN statuses ON statuses.status = events.status
    WHERE NOT events.is_context AND events.level IS NOT NULL
),

meetings AS (
    SELECT
        event_id,
        row_number() OVER (PARTITION BY dialogue_id ORDER BY date_start NULLS LAST, event_id) AS meeting_number
    FROM placed
    WHERE dialogue_id IS NOT NULL AND event_type IN ('meeting', 'summit', 'visit') AND status_phase = 'done'
),

numbered AS (
    SELECT
        placed.*,
        dialogues.title AS dialogue_title,
        dialogues.status AS dialogue_status,
        meetings.meeting_number
    FROM placed
    LEFT JOIN events AS dialogues ON dialogues.event_id = placed.dialogue_id
    LEFT JOIN meetings ON meetings.event_id = placed.event_id
),

final AS (
    SELECT
        event_id,
        title,
        event_type,
        level,
        level_rank,
        status,
        date_start,
        date_end,
        date_precision,
        location,
        dialogue_id,
        dialogue_title,
        dialogue_status,
        meeting_number,
        coalesce(meeting_number = 1, FALSE) AS is_first_meeting
    FROM numbered
)

SELECT * FROM final
