-- description: Each milestone of each event (held, agreed, signed, each party's ratification, in force, …) as known after each day a claim about it became known: the date it happened, kept apart from the day it was reported, and the date first promised for it.
-- grain: event_id, status, party_key, known_from
-- incremental: event_id
-- column status: The milestone.
-- column party_key: The party that reached it alone (approved, ratified), or an empty string when both sides did.
-- column party: That party; empty when both sides did.
-- column known_from: Day from which this is what was known about the milestone.
-- column known_until: Next day something new about it became known (exclusive); empty for what is known now.
-- column status_step: Step of the milestone on the path.
-- column status_phase: done, pending or setback.
-- column is_reached: True once a claim reports the milestone as done (not only expected).
-- column happened_start: First day the milestone happened, from the most precise claim so far that reports it done (latest known on ties).
-- column happened_end: Last day it may have happened.
-- column happened_precision: Precision of that date.
-- column happened_text: That date as written.
-- column reported_on: Day the first claim reporting it done became known.
-- column promised_start: First day of the date first promised for it (the earliest known claim that expected it with a date).
-- column promised_end: Last day of that promised date.
-- column promised_text: The promised date as written.
-- column promised_on: Day that promise became known.
WITH mentions AS (
    SELECT * FROM int_mentions_dated
),

milestone_claims AS (
    SELECT
        *,
        coalesce(party, '') AS party_key
    FROM mentions
    WHERE claimed_status <> 'planned'
),

-- Aggregates over the claims of the milestone known so far (a frame of the claims up to each day).
known_by_claim AS (
    SELECT
        event_id,
        claimed_status AS status,
        party_key,
        known_from,
        lead(known_from) OVER (PARTITION BY event_id, claimed_status, party_key ORDER BY known_from) AS known_until,
        max(party) OVER so_far AS party,
        status_step,
        status_phase,
        bool_or(NOT expected) OVER so_far AS is_reached,
        arg_max(date_start, date_key) FILTER (WHERE NOT expected AND precision_rank IS NOT NULL) OVER so_far AS happened_start,
        arg_max(date_end, date_key) FILTER (WHERE NOT expected AND precision_rank IS NOT NULL) OVER so_far AS happened_end,
        arg_max(date_precision, date_key) FILTER (WHERE NOT expected AND precision_rank IS NOT NULL) OVER so_far AS happened_precision,
        arg_max(date_text, date_key) FILTER (WHERE NOT expected AND precision_rank IS NOT NULL) OVER so_far AS happened_text,
        min(known_from) FILTER (WHERE NOT expected) OVER so_far AS reported_on,
        arg_min(date_start, latest_key) FILTER (WHERE expected AND precision_rank IS NOT NULL) OVER so_far AS promised_start,
        arg_min(date_end, latest_key) FILTER (WHERE expected AND precision_rank IS NOT NULL) OVER so_far AS promised_end,
        arg_min(date_text, latest_key) FILTER (WHERE expected AND precision_rank IS NOT NULL) OVER so_far AS promised_text,
        min(known_from) FILTER (WHERE expected AND precision_rank IS NOT NULL) OVER so_far AS promised_on
    FROM milestone_claims
    WINDOW so_far AS (PARTITION BY event_id, claimed_status, party_key ORDER BY known_from RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
),

-- The claims of one day share their aggregates: keep the day's last, whose next claim is of the next day.
final AS (
    SELECT
        event_id,
        status,
        party_key,
        party,
        known_from,
        known_until,
        status_step,
        status_phase,
        is_reached,
        happened_start,
        happened_end,
        happened_precision,
        happened_text,
        reported_on,
        promised_start,
        promised_end,
        promised_text,
        promised_on
    FROM known_by_claim
    WHERE known_until IS DISTINCT FROM known_from
)

SELECT * FROM final
