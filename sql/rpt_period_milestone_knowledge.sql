-- description: Every milestone of every event as known at the end of each period (the claims known by then): the one definition the period pages' pipeline, register and promise against delivery read.
-- grain: period, event_id, status, party_key
-- column period: The period (see rpt_periods).
-- column period_end: Its last day: only claims known by then count.
WITH periods AS (
    SELECT * FROM rpt_periods
),

milestones AS (
    SELECT * FROM fct_milestones
),

final AS (
    SELECT
        periods.period,
        periods.period_end,
        milestones.* EXCLUDE (known_until)
    FROM periods
    INNER JOIN milestones
        ON milestones.known_from <= periods.period_end
       AND (milestones.known_until IS NULL OR milestones.known_until > periods.period_end)
)

SELECT * FROM final
