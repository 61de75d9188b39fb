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

milestone_claims AS NOT MATERIALIZED (
    SELECT
        *,
        coalesce(party, '') AS party_key
    FROM mentions
    WHERE claimed_status <> 'planned'
),

knowledge_days AS (
    SELECT DISTINCT
        event_id,
        claimed_status AS status,
        party_key,
        known_from
    FROM milestone_claims
),

known AS (
    SELECT
        days.event_id,
        days.status,
        days.party_key,
        days.known_from,
        max(claims.party) AS party,
        any_value(claims.status_step) AS status_step,
        any_value(claims.status_phase) AS status_phase,
        bool_or(NOT claims.expected) AS is_reached,
        arg_max(claims.date_start, claims.date_key) FILTER (WHERE NOT claims.expected AND claims.precision_rank IS NOT NULL) AS happened_start,
        arg_max(claims.date_end, claims.date_key) FILTER (WHERE NOT claims.expected AND claims.precision_rank IS NOT NULL) AS happened_end,
        arg_max(claims.date_precision, claims.date_key) FILTER (WHERE NOT claims.expected AND claims.precision_rank IS NOT NULL) AS happened_precision,
        arg_max(claims.date_text, claims.date_key) FILTER (WHERE NOT claims.expected AND claims.precision_rank IS NOT NULL) AS happened_text,
        min(claims.known_from) FILTER (WHERE NOT claims.expected) AS reported_on,
        arg_min(claims.date_start, claims.latest_key) FILTER (WHERE claims.expected AND claims.precision_rank IS NOT NULL) AS promised_start,
        arg_min(claims.date_end, claims.latest_key) FILTER (WHERE claims.expected AND claims.precision_rank IS NOT NULL) AS promised_end,
        arg_min(claims.date_text, claims.latest_key) FILTER (WHERE claims.expected AND claims.precision_rank IS NOT NULL) AS promised_text,
        min(claims.known_from) FILTER (WHERE claims.expected AND claims.precision_rank IS NOT NULL) AS promised_on
    FROM knowledge_days AS days
    INNER JOIN milestone_claims AS claims
        ON claims.event_id = days.event_id
       AND claims.claimed_status = days.status
       AND claims.party_key = days.party_key
       AND claims.known_from <= days.known_from
    GROUP BY days.event_id, days.status, days.party_key, days.known_from
),

final AS (
    SELECT
        event_id,
        status,
        party_key,
        party,
        known_from,
        lead(known_from) OVER (PARTITION BY event_id, status, party_key ORDER BY known_from) AS known_until,
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
    FROM known
)

SELECT * FROM final
