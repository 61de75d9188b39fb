-- description: The report periods: every year and quarter from the first to the last day the data mentions, plus all (everything, as known now). Every period figure is computed for these.
-- grain: period
-- test: accepted_values(period_kind, 'year', 'quarter', 'all')
-- column period: 2024, 2024-Q4, or all.
-- column period_kind: year, quarter, or all.
-- column period_start: First day of the period.
-- column period_end: Last day of the period: reports show what was known at its end.
WITH knowledge AS (
    SELECT * FROM rpt_event_knowledge
),

bounds AS (
    SELECT
        min(least(date_start, known_from)) AS first_day,
        max(greatest(date_end, known_from)) AS last_day
    FROM knowledge
),

quarters AS (
    SELECT CAST(quarter_start AS DATE) AS period_start
    FROM bounds
    CROSS JOIN unnest(generate_series(date_trunc('quarter', first_day), date_trunc('quarter', last_day), INTERVAL 3 MONTH)) AS q(quarter_start)
),

final AS (
    SELECT
        year(period_start) || '-Q' || quarter(period_start) AS period,
        'quarter' AS period_kind,
        period_start,
        CAST(period_start + INTERVAL 3 MONTH - INTERVAL 1 DAY AS DATE) AS period_end
    FROM quarters
    UNION ALL
    SELECT DISTINCT
        CAST(year(period_start) AS VARCHAR) AS period,
        'year' AS period_kind,
        CAST(date_trunc('year', period_start) AS DATE) AS period_start,
        CAST(date_trunc('year', period_start) + INTERVAL 1 YEAR - INTERVAL 1 DAY AS DATE) AS period_end
    FROM quarters
    UNION ALL
    SELECT
        'all' AS period,
        'all' AS period_kind,
        DATE '1900-01-01' AS period_start,
        DATE '9999-12-31' AS period_end
)

SELECT * FROM final
