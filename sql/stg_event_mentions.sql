-- description: Claims: what each article says about each event — the milestone, done or expected, with its date, place and mode.
-- grain: mention_id
-- incremental: event_id
-- test: not_null(event_id)
-- test: not_null(article_id)
-- column mention_id: Claim id.
-- column mention_number: The number in the claim id, for ordering.
-- column claimed_status: The milestone the claim reports.
-- column expected: True when the milestone is still to come.
-- column party: The party that reached the milestone alone (approved, ratified), when one did.
-- column date_text: The date as written.
-- column date_start: When the milestone happened or is to happen: first possible day.
-- column date_end: Last possible day.
-- column date_precision: day, range, month, quarter, year or unknown.
-- column location: Place as the article gives it.
-- column mode: How the meeting takes place.
-- column cited_source: Who the article cites.
-- column quote: Short quote supporting the claim.
WITH mentions AS (
    SELECT * FROM raw_event_mentions
),

final AS (
    SELECT
        mention_id,
        CAST(substr(mention_id, 2) AS INTEGER) AS mention_number,
        event_id,
        article_id,
        claimed_status,
        expected,
        party,
        date_text,
        date_start,
        date_end,
        date_precision,
        location,
        mode,
        cited_source,
        quote
    FROM mentions
)

SELECT * FROM final
