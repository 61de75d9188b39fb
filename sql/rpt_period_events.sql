-- description: The one definition of which events belong to a period: every event dated in the period or reported during it, as known at the period's end (only articles published by then count), with what it counts as. Report pages, the index and rpt_period_summary all read it.
-- grain: period, event_id
-- cluster_by: period
-- incremental: event_id
-- joins_all: rpt_periods
-- column period: The period (see rpt_periods).
-- column dated_in_period: The event's date, as known at the period's end, overlaps the period.
-- column happened: Dated in the period and done (held, agreed, signed, established, …) as known at its end.
-- column announced: Reported during the period, still pending at its end, and not dated before its end.
-- column status_phase: done, pending or setback.
WITH periods AS (
    SELECT * FROM rpt_periods
),

knowledge AS (
    SELECT * FROM rpt_event_knowledge
),

known_at_end AS (
    SELECT
        periods.period,
        periods.period_start,
        periods.period_end,
        knowledge.* EXCLUDE (known_until),
        coalesce(knowledge.date_start <= periods.period_end AND coalesce(knowledge.date_end, knowledge.date_start) >= periods.period_start, FALSE) AS dated_in_period
    FROM periods
    INNER JOIN knowledge
        ON knowledge.known_from <= periods.period_end
       AND (knowledge.known_until IS NULL OR knowledge.known_until > periods.period_end)
),

in_period AS (
    SELECT *
    FROM known_at_end
    WHERE dated_in_period OR known_from >= period_start
),

final AS (
    SELECT
        *,
        dated_in_period AND status_phase = 'done' AS happened,
        status_phase = 'pending' AND (date_start IS NULL OR date_start > period_end) AND known_from >= period_start AS announced
    FROM in_period
)

SELECT * FROM final
