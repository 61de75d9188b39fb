-- description: The headline figures of every period, as known at its end: the numbers at the top of each period page and on the index, computed from rpt_period_events and rpt_period_status_changes. Context events are counted apart.
-- grain: period
-- incremental: period
-- known_by: rpt_periods.period_end
-- column period: 2024, 2024-Q4, or all.
-- column happened: Japan–EU events dated in the period and done (held, agreed, signed, established, …), as known at its end.
-- column status_changes: Japan–EU status changes reported by articles known in the period (first reports are not changes).
-- column announced_for_later: Japan–EU events reported in the period that were still pending at its end.
-- column cooperation_events: Japan–EU events in view: dated in or reported during the period, as known at its end.
-- column context_events: Context events in view, as known at the period's end.
-- column articles: Source stories known by the period's end that report on the events in view (syndicated copies of one wire story count once).
-- column has_events: True when any event is in view or any status change was reported: the period gets a page.
WITH periods AS (
    SELECT * FROM rpt_periods
),

period_events AS NOT MATERIALIZED (
    SELECT * FROM rpt_period_events
),

status_changes AS (
    SELECT * FROM rpt_period_status_changes
),

sources AS (
    SELECT * FROM rpt_event_sources
),

event_counts AS (
    SELECT
        period,
        count(*) FILTER (WHERE NOT is_context AND happened) AS happened,
        count(*) FILTER (WHERE NOT is_context AND announced) AS announced_for_later,
        count(*) FILTER (WHERE NOT is_context) AS cooperation_events,
        count(*) FILTER (WHERE is_context) AS context_events
    FROM period_events
    GROUP BY period
),

change_counts AS (
    SELECT
        period,
        count(*) AS status_changes
    FROM status_changes
    WHERE NOT is_context
    GROUP BY period
),

article_counts AS (
    SELECT
        period_events.period,
        count(DISTINCT sources.story_key) AS articles
    FROM period_events
    INNER JOIN sources ON sources.event_id = period_events.event_id AND sources.known_from <= period_events.period_end
    GROUP BY period_events.period
),

final AS (
    SELECT
        periods.period,
        periods.period_kind,
        periods.period_start,
        periods.period_end,
        coalesce(event_counts.happened, 0) AS happened,
        coalesce(change_counts.status_changes, 0) AS status_changes,
        coalesce(event_counts.announced_for_later, 0) AS announced_for_later,
        coalesce(event_counts.cooperation_events, 0) AS cooperation_events,
        coalesce(event_counts.context_events, 0) AS context_events,
        coalesce(article_counts.articles, 0) AS articles,
        coalesce(event_counts.cooperation_events + event_counts.context_events, 0) + coalesce(change_counts.status_changes, 0) > 0 AS has_events
    FROM periods
    LEFT JOIN event_counts ON event_counts.period = periods.period
    LEFT JOIN change_counts ON change_counts.period = periods.period
    LEFT JOIN article_counts ON article_counts.period = periods.period
)

SELECT * FROM final
