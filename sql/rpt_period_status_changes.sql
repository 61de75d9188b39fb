-- description: Status changes reported in each period: the day an article published in the period changed an event's status as known (or first reported it).
-- grain: period, event_id, known_from
-- column period: The period (see rpt_periods).
-- column known_from: Publication day of the article that changed the status.
-- column previous_status: Status as known before that day; empty for a first report.
-- column status: Status as known from that day.
WITH periods AS (
    SELECT * FROM rpt_periods
),

knowledge AS (
    SELECT * FROM rpt_event_knowledge
),

final AS (
    SELECT
        periods.period,
        knowledge.event_id,
        knowledge.title,
        knowledge.level,
        knowledge.is_context,
        knowledge.previous_status,
        knowledge.status,
        knowledge.known_from
    FROM periods
    INNER JOIN knowledge
        ON knowledge.known_from BETWEEN periods.period_start AND periods.period_end
    WHERE knowledge.status_changed
)

SELECT * FROM final
