-- description: Status changes reported in each period: the day an article known in the period changed an event's status as known. A first report is not a change.
-- grain: period, event_id, known_from
-- cluster_by: period
-- incremental: event_id
-- joins_all: rpt_periods
-- column period: The period (see rpt_periods).
-- column known_from: Publication day of the article that changed the status.
-- column previous_status: Status as known before that day.
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
    WHERE knowledge.status_changed AND knowledge.previous_status IS NOT NULL
)

SELECT * FROM final
