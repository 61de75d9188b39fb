-- description: The ladder of dialogue as known at the end of each period: every meeting of a dialogue or hotline held by then, numbered in date order, with the first one marked. Period pages list the meetings of their period from it.
-- grain: period, event_id
-- cluster_by: period
-- column period: The period (see rpt_periods).
-- column dialogue_id: The dialogue or hotline the meeting belongs to (its part_of link, known by the period's end).
-- column dialogue_title: Title of that dialogue or hotline, as known at the period's end.
-- column meeting_number: 1 for the dialogue's first meeting held (as known at the period's end), then 2, 3, …
-- column is_first_meeting: True for the dialogue's first meeting held.
-- column dated_in_period: The meeting's date overlaps the period.
-- test: not_null(meeting_number)
WITH periods AS (
    SELECT * FROM rpt_periods
),

knowledge AS (
    SELECT * FROM rpt_event_knowledge
),

links AS (
    SELECT * FROM rpt_event_links
),

-- Only meetings linked to a dialogue or hotline, and those dialogues, can appear below.
dialogue_links AS (
    SELECT *
    FROM links
    WHERE link_type = 'part_of' AND linked_type IN ('dialogue', 'hotline')
),

linked_events AS (
    SELECT event_id FROM dialogue_links
    UNION
    SELECT linked_event_id AS event_id FROM dialogue_links
),

known_at_end AS (
    SELECT
        periods.period,
        periods.period_start,
        periods.period_end,
        knowledge.event_id,
        knowledge.title,
        knowledge.level,
        knowledge.status,
        knowledge.status_phase,
        knowledge.date_start,
        knowledge.date_end,
        knowledge.date_precision
    FROM periods
    INNER JOIN knowledge
        ON knowledge.known_from <= periods.period_end
       AND (knowledge.known_until IS NULL OR knowledge.known_until > periods.period_end)
    WHERE knowledge.event_id IN (SELECT event_id FROM linked_events)
),

dialogue_of AS (
    SELECT
        known_at_end.period,
        links.event_id,
        min(links.linked_event_id) AS dialogue_id
    FROM dialogue_links AS links
    INNER JOIN known_at_end ON known_at_end.event_id = links.event_id
    WHERE links.known_from <= known_at_end.period_end
    GROUP BY known_at_end.period, links.event_id
),

held AS (
    SELECT
        meetings.*,
        dialogue_of.dialogue_id,
        dialogues.title AS dialogue_title
    FROM known_at_end AS meetings
    INNER JOIN dialogue_of ON dialogue_of.period = meetings.period AND dialogue_of.event_id = meetings.event_id
    INNER JOIN known_at_end AS dialogues ON dialogues.period = meetings.period AND dialogues.event_id = dialogue_of.dialogue_id
    WHERE meetings.status_phase = 'done' AND meetings.date_start <= meetings.period_end
),

final AS (
    SELECT
        period,
        event_id,
        title,
        level,
        status,
        date_start,
        date_end,
        date_precision,
        dialogue_id,
        dialogue_title,
        row_number() OVER (PARTITION BY period, dialogue_id ORDER BY date_start, event_id) AS meeting_number,
        meeting_number = 1 AS is_first_meeting,
        date_start <= period_end AND coalesce(date_end, date_start) >= period_start AS dated_in_period
    FROM held
)

SELECT * FROM final
