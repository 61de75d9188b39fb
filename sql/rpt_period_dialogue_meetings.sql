-- description: The ladder of dialogue as known at the end of each period: every meeting of a dialogue or hotline held by then, numbered in date order, with the first one marked. Period pages list the meetings of their period from it.
-- grain: period, event_id
-- cluster_by: period
-- incremental: period
-- known_by: rpt_periods.period_end
-- column period: The period (see rpt_periods).
-- column dialogue_id: The dialogue or hotline the meeting belongs to (its part_of link, known by the period's end).
-- column dialogue_title: Title of that dialogue or hotline, as known at the period's end.
-- column meeting_number: 1 for the dialogue's first meeting held (as known at the period's end), then 2, 3, …
-- column is_first_meeting: True for the dialogue's first meeting held.
-- column dated_in_period: The meeting's date overlaps the period.
-- test: not_null(meeting_number)
WITH periods AS NOT MATERIALIZED (
    SELECT * FROM rpt_periods
),

knowledge AS (
    SELECT * FROM rpt_event_knowledge
),

links AS (
    SELECT * FROM rpt_event_links
),

-- What was known at a period's end depends on its end alone, and a year ends with its last quarter.
period_ends AS (
    SELECT DISTINCT period_end FROM periods
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
        period_ends.period_end,
        knowledge.event_id,
        knowledge.title,
        knowledge.level,
        knowledge.status,
        knowledge.status_phase,
        knowledge.date_start,
        knowledge.date_end,
        knowledge.date_precision
    FROM period_ends
    INNER JOIN knowledge
        ON knowledge.known_from <= period_ends.period_end
       AND (knowledge.known_until IS NULL OR knowledge.known_until > period_ends.period_end)
    WHERE knowledge.event_id IN (SELECT event_id FROM linked_events)
),

-- Meetings: held by the period's end, as known then.
meetings AS (
    SELECT *
    FROM known_at_end
    WHERE status_phase = 'done' AND date_start <= period_end
),

dialogue_of AS (
    SELECT
        meetings.period_end,
        links.event_id,
        min(links.linked_event_id) AS dialogue_id
    FROM dialogue_links AS links
    INNER JOIN meetings ON meetings.event_id = links.event_id
    WHERE links.known_from <= meetings.period_end
    GROUP BY meetings.period_end, links.event_id
),

held AS (
    SELECT
        meetings.*,
        dialogue_of.dialogue_id,
        dialogues.title AS dialogue_title
    FROM meetings
    INNER JOIN dialogue_of ON dialogue_of.period_end = meetings.period_end AND dialogue_of.event_id = meetings.event_id
    INNER JOIN known_at_end AS dialogues ON dialogues.period_end = meetings.period_end AND dialogues.event_id = dialogue_of.dialogue_id
),

numbered AS (
    SELECT
        *,
        row_number() OVER (PARTITION BY period_end, dialogue_id ORDER BY date_start, event_id) AS meeting_number
    FROM held
),

final AS (
    SELECT
        periods.period,
        numbered.event_id,
        numbered.title,
        numbered.level,
        numbered.status,
        numbered.date_start,
        numbered.date_end,
        numbered.date_precision,
        numbered.dialogue_id,
        numbered.dialogue_title,
        numbered.meeting_number,
        numbered.meeting_number = 1 AS is_first_meeting,
        numbered.date_start <= periods.period_end AND coalesce(numbered.date_end, numbered.date_start) >= periods.period_start AS dated_in_period
    FROM periods
    INNER JOIN numbered ON numbered.period_end = periods.period_end
)

SELECT * FROM final
