-- description: The period summary for every quarter and year, as known at the end of each period: what happened, what changed status, what was announced for later. Context events are counted apart.
-- grain: period
-- column period: 2024 or 2024-Q4.
-- column happened: Japan–EU events dated in the period and held, agreed, signed or established, as known at its end.
-- column status_changes: Japan–EU status changes reported by articles published in the period.
-- column announced_for_later: Japan–EU events reported in the period that had not happened by its end.
-- column context_events: Context events dated in the period, as known at its end.
-- column articles: Articles published in the period.
-- column dated_now: Events (context included) dated in the period as known now, including those reported only later.
WITH knowledge AS (
    SELECT * FROM rpt_event_knowledge
),

articles AS (
    SELECT * FROM dim_articles
),

bounds AS (
    SELECT
        min(least(date_start, known_from)) AS first_day,
        max(greatest(date_end, known_from)) AS last_day
    FROM knowledge
),

quarters AS (
    SELECT CAST(unnest(generate_series(date_trunc('quarter', first_day), date_trunc('quarter', last_day), INTERVAL 3 MONTH)) AS DATE) AS period_start
    FROM bounds
),

periods AS (
    SELECT DISTINCT
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
),

known_at_end AS (
    SELECT
        periods.period,
        knowledge.*
    FROM periods
    INNER JOIN knowledge
        ON knowledge.known_from <= periods.period_end
       AND (knowledge.known_until IS NULL OR knowledge.known_until > periods.period_end)
),

final AS (
    SELECT
        periods.period,
        periods.period_kind,
        periods.period_start,
        periods.period_end,
        (SELECT count(*) FROM known_at_end AS k
            WHERE k.period = periods.period AND NOT k.is_context
              AND k.date_start BETWEEN periods.period_start AND periods.period_end
              AND k.status IN ('held', 'agreed', 'signed', 'ratified', 'in_force', 'established')) AS happened,
        (SELECT count(*) FROM knowledge AS k
            WHERE NOT k.is_context AND k.status_changed
              AND k.known_from BETWEEN periods.period_start AND periods.period_end) AS status_changes,
        (SELECT count(*) FROM known_at_end AS k
            WHERE k.period = periods.period AND NOT k.is_context
              AND k.known_from BETWEEN periods.period_start AND periods.period_end
              AND k.status IN ('considered', 'proposed', 'negotiating', 'planned')
              AND (k.date_start IS NULL OR k.date_start > periods.period_end)) AS announced_for_later,
        (SELECT count(*) FROM known_at_end AS k
            WHERE k.period = periods.period AND k.is_context
              AND k.date_start BETWEEN periods.period_start AND periods.period_end) AS context_events,
        (SELECT count(*) FROM articles AS a
            WHERE a.published_date BETWEEN periods.period_start AND periods.period_end) AS articles,
        (SELECT count(*) FROM knowledge AS k
            WHERE k.known_until IS NULL
              AND k.date_start <= periods.period_end AND coalesce(k.date_end, k.date_start) >= periods.period_start) AS dated_now
    FROM periods
)

SELECT * FROM final
