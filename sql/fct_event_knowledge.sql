-- description: What was known about each event after each article: status and date as known from that day until the next article about it. Status never moves back without a reported setback.
-- grain: event_id, known_from
-- test: not_null(status)
-- column event_id: The event.
-- column known_from: Publication date of the article that brought this knowledge.
-- column known_until: Publication date of the next article about the event (exclusive); empty for what is known now.
-- column status: Status as known: the furthest claimed so far, unless a later setback was reported.
-- column previous_status: Status as known before this day; empty for the first report.
-- column status_changed: True when this day's articles changed the status (or first reported it).
-- column date_start: Best date as known: the most precise dated claim so far, latest on ties.
-- column date_text: The words of the claim that gave that date.
-- column mentions_so_far: Claims about the event published by known_from.
-- column articles_so_far: Articles about the event published by known_from.
WITH mentions AS (
    SELECT * FROM int_mentions_dated
),

knowledge_days AS (
    SELECT DISTINCT
        event_id,
        published_date AS known_from
    FROM mentions
),

known AS (
    SELECT
        days.event_id,
        days.known_from,
        arg_max(mentions.claimed_status, mentions.progress_key) FILTER (WHERE mentions.status_track <> 'setback') AS progress_status,
        max(mentions.published_date) FILTER (WHERE mentions.status_track <> 'setback') AS last_progress_on,
        arg_max(mentions.claimed_status, mentions.progress_key) FILTER (WHERE mentions.status_track = 'setback') AS setback_status,
        max(mentions.published_date) FILTER (WHERE mentions.status_track = 'setback') AS last_setback_on,
        arg_max(mentions.date_start, mentions.date_key) FILTER (WHERE mentions.precision_rank IS NOT NULL) AS date_start,
        arg_max(mentions.date_end, mentions.date_key) FILTER (WHERE mentions.precision_rank IS NOT NULL) AS date_end,
        arg_max(mentions.date_precision, mentions.date_key) FILTER (WHERE mentions.precision_rank IS NOT NULL) AS date_precision,
        arg_max(mentions.date_text, mentions.date_key) FILTER (WHERE mentions.precision_rank IS NOT NULL) AS date_text,
        count(*) AS mentions_so_far,
        count(DISTINCT mentions.article_id) AS articles_so_far
    FROM knowledge_days AS days
    INNER JOIN mentions ON mentions.event_id = days.event_id AND mentions.published_date <= days.known_from
    GROUP BY days.event_id, days.known_from
),

resolved AS (
    SELECT
        *,
        CASE
            WHEN last_setback_on >= last_progress_on OR last_progress_on IS NULL THEN setback_status
            ELSE progress_status
        END AS status
    FROM known
),

final AS (
    SELECT
        event_id,
        known_from,
        lead(known_from) OVER (PARTITION BY event_id ORDER BY known_from) AS known_until,
        status,
        lag(status) OVER (PARTITION BY event_id ORDER BY known_from) AS previous_status,
        status IS DISTINCT FROM lag(status) OVER (PARTITION BY event_id ORDER BY known_from) AS status_changed,
        date_start,
        date_end,
        coalesce(date_precision, 'unknown') AS date_precision,
        date_text,
        mentions_so_far,
        articles_so_far
    FROM resolved
)

SELECT * FROM final
