-- Claims about the events that get a card, from articles published by the period's end (found on the keys alone, then
-- read whole by row id).
WITH claims AS (
    SELECT
        cards.period,
        sources.rowid AS row_id
    FROM rpt_period_cards AS cards
    INNER JOIN rpt_event_sources AS sources ON sources.event_id = cards.event_id AND sources.known_from <= cards.period_end
    WHERE list_contains($periods, cards.period) AND cards.card_rank <= $limit
)

SELECT
    claims.period,
    sources.*
FROM claims
INNER JOIN rpt_event_sources AS sources ON sources.rowid = claims.row_id
ORDER BY claims.period, sources.published_date, sources.mention_number
