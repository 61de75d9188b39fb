-- description: Which events get a card on each period page, and in what order: Japan–EU and context events apart, leaders' events first, then by date. Apart from rpt_period_events because every rank depends on the other events of the period: it is updated in place by period, not by event.
-- grain: period, event_id
-- cluster_by: period
-- incremental: period
-- column period_end: The period's last day (see rpt_periods): a card shows what was known by then.
-- column card_rank: Order of the event's card on the period page (Japan–EU and context events apart).
WITH period_events AS (
    SELECT * FROM rpt_period_events
),

final AS (
    SELECT
        period,
        period_end,
        event_id,
        is_context,
        row_number() OVER (PARTITION BY period, is_context ORDER BY level_rank NULLS LAST, date_start NULLS LAST, event_id) AS card_rank
    FROM period_events
)

SELECT * FROM final
