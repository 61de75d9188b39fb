-- description: What was known about each event after each day an article about it became known: status, dates, place and mode from the claims known by then, until the next such day. Status is the furthest milestone claimed as done so far, planned while every claim is still expected, and moves back only on a reported setback.
-- grain: event_id, known_from
-- incremental: event_id
-- test: not_null(status)
-- column event_id: The event.
-- column known_from: The day this knowledge became known (known_from of the articles of that day).
-- column known_until: The next such day (exclusive); empty for what is known now.
-- column first_reported_on: The first such day: when the event was first reported.
-- column status: Status as known.
-- column previous_status: Status as known before this day; empty for the first report.
-- column status_changed: True when this day's articles changed the status (or first reported it).
-- column expected_status: The furthest milestone claimed as still to come, when one is beyond the status.
-- column date_start: Best date as known: from the claims that report the current status as done, else from any claim of it, else from any claim; the most precise first, the latest known on ties.
-- column date_end: Last day of that date.
-- column date_precision: Precision of that date.
-- column date_text: The words of the claim that gave that date.
-- column location: Place as known: the latest claim that gives one.
-- column mode: How the meeting takes place, as known: the latest claim that says.
-- column mentions_so_far: Claims about the event known by then.
-- column articles_so_far: Articles about the event known by then.
-- column title: A title a claim known by then gave the event; empty when the curated one holds.
-- column event_type: A type a claim known by then gave the event; empty when the curated one holds.
-- column level: A level a claim known by then gave the event; empty when the curated one holds.
-- column stories_so_far: Stories about the event known by then (syndicated copies of one wire story count once).
WITH mentions AS NOT MATERIALIZED (
    SELECT * FROM int_mentions_dated
),

labels AS (
    SELECT * FROM stg_event_labels
),

knowledge_days AS (
    SELECT DISTINCT
        event_id,
        known_from
    FROM mentions
),

-- An article or story counts once for an event, from one of its claims about the event known first.
first_of_articles AS (
    SELECT min(mention_id) AS mention_id
    FROM mentions
    GROUP BY event_id, article_id
),

first_of_stories AS (
    SELECT arg_min(mention_id, known_from) AS mention_id
    FROM mentions
    WHERE story_key IS NOT NULL
    GROUP BY event_id, story_key
),

firsts AS (
    SELECT
        *,
        mention_id IN (SELECT mention_id FROM first_of_articles) AS first_of_article,
        mention_id IN (SELECT mention_id FROM first_of_stories) AS first_of_story
    FROM mentions
),

-- Aggregates over the claims known so far (a frame of the claims up to each day), one row per day.
known_by_claim AS (
    SELECT
        event_id,
        known_from,
        lead(known_from) OVER (PARTITION BY event_id ORDER BY known_from) AS known_until,
        arg_max(claimed_status, progress_key) FILTER (WHERE status_track <> 'setback' AND NOT expected) OVER so_far AS done_status,
        arg_max(claimed_status, progress_key) FILTER (WHERE status_track <> 'setback' AND expected) OVER so_far AS expected_furthest,
        max(status_step) FILTER (WHERE status_track <> 'setback' AND NOT expected) OVER so_far AS done_step,
        max(status_step) FILTER (WHERE status_track <> 'setback' AND expected) OVER so_far AS expected_step,
        max(known_from) FILTER (WHERE status_track <> 'setback') OVER so_far AS last_progress_on,
        arg_max(claimed_status, latest_key) FILTER (WHERE status_track = 'setback') OVER so_far AS setback_status,
        max(known_from) FILTER (WHERE status_track = 'setback') OVER so_far AS last_setback_on,
        arg_max(location, latest_key) FILTER (WHERE location IS NOT NULL) OVER so_far AS location,
        arg_max(mode, latest_key) FILTER (WHERE mode IS NOT NULL) OVER so_far AS mode,
        min(known_from) OVER so_far AS first_reported_on,
        count(*) OVER so_far AS mentions_so_far,
        count(*) FILTER (WHERE first_of_article) OVER so_far AS articles_so_far,
        count(*) FILTER (WHERE first_of_story) OVER so_far AS stories_so_far
    FROM firsts
    WINDOW so_far AS (PARTITION BY event_id ORDER BY known_from RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
),

-- The claims of one day share their aggregates (the frame holds the whole day): keep the day's last,
-- whose next claim is of the next day (a cheaper filter than grouping by day).
known AS (
    SELECT *
    FROM known_by_claim
    WHERE known_until IS DISTINCT FROM known_from
),

resolved AS (
    SELECT
        *,
        CASE
            WHEN last_setback_on >= last_progress_on OR last_progress_on IS NULL THEN setback_status
            ELSE coalesce(done_status, 'planned')
        END AS status,
        CASE WHEN expected_step > coalesce(done_step, 0) THEN expected_furthest END AS expected_status
    FROM known
),

dated_claims AS (
    SELECT
        resolved.event_id,
        resolved.known_from,
        mentions.date_start,
        mentions.date_end,
        mentions.date_precision,
        mentions.date_text,
        -- Claims reporting the status as done first, then claims of the status, then by date_key.
        CAST(mentions.claimed_status = resolved.status AND NOT mentions.expected AS BIGINT) * 100000000000000000
        + CAST(mentions.claimed_status = resolved.status AS BIGINT) * 10000000000000000
        + mentions.date_key AS date_rank
    FROM resolved
    INNER JOIN mentions ON mentions.event_id = resolved.event_id AND mentions.known_from <= resolved.known_from
    WHERE mentions.precision_rank IS NOT NULL
),

dated AS (
    SELECT
        event_id,
        known_from,
        arg_max(date_start, date_rank) AS date_start,
        arg_max(date_end, date_rank) AS date_end,
        arg_max(date_precision, date_rank) AS date_precision,
        arg_max(date_text, date_rank) AS date_text
    FROM dated_claims
    GROUP BY event_id, known_from
),

relabelled AS (
    SELECT
        days.event_id,
        days.known_from,
        arg_max(labels.title, mentions.latest_key) FILTER (WHERE labels.title IS NOT NULL) AS title,
        arg_max(labels.event_type, mentions.latest_key) FILTER (WHERE labels.event_type IS NOT NULL) AS event_type,
        arg_max(labels.level, mentions.latest_key) FILTER (WHERE labels.level IS NOT NULL) AS level
    FROM knowledge_days AS days
    INNER JOIN labels ON labels.event_id = days.event_id
    INNER JOIN mentions ON mentions.mention_id = labels.mention_id AND mentions.known_from <= days.known_from
    GROUP BY days.event_id, days.known_from
),

final AS (
    SELECT
        event_id,
        known_from,
        known_until,
        first_reported_on,
        status,
        lag(status) OVER (PARTITION BY event_id ORDER BY known_from) AS previous_status,
        status IS DISTINCT FROM lag(status) OVER (PARTITION BY event_id ORDER BY known_from) AS status_changed,
        expected_status,
        dated.date_start,
        dated.date_end,
        coalesce(dated.date_precision, 'unknown') AS date_precision,
        dated.date_text,
        location,
        mode,
        mentions_so_far,
        articles_so_far,
        stories_so_far,
        relabelled.title,
        relabelled.event_type,
        relabelled.level
    FROM resolved
    LEFT JOIN dated USING (event_id, known_from)
    LEFT JOIN relabelled USING (event_id, known_from)
)

SELECT * FROM final
