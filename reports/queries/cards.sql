-- The events that get a card on the page: the first $limit Japan–EU and the first $limit context events (their rows
-- are found on the keys alone, then read whole by row id).
WITH card_rows AS (
    SELECT
        events.rowid AS row_id,
        cards.card_rank
    FROM rpt_period_events AS events
    INNER JOIN rpt_period_cards AS cards ON cards.period = events.period AND cards.event_id = events.event_id
    WHERE list_contains($periods, cards.period) AND cards.card_rank <= $limit
)

SELECT
    events.*,
    card_rows.card_rank
FROM rpt_period_events AS events
INNER JOIN card_rows ON card_rows.row_id = events.rowid
ORDER BY events.period, events.is_context, events.date_start NULLS LAST, events.level_rank NULLS LAST, events.event_id
