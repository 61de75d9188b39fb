"""Synthetic seeds that satisfy the real seeds/schema.sql, at any scale, written by DuckDB itself.

    python bench/generate.py OUT_DIR --events 1000000 [--seed 7]

Per N events, spread over ten years (2015–2024) in date order, in blocks of twenty: meetings (30 %),
summits, visits, exercises, port calls, statements, dialogues, hotlines, programmes, agreements and
memoranda, decisions, and context events (policy, military activity, missile tests, leadership changes).
Each event gets claims along its kind's path (an agreement: negotiating → agreed → signed → approved →
ratified → in force), a random prefix of it, sometimes a promise of the next step with a date, sometimes
a postponement or cancellation; each claim cites an article published near its date, so what is known
grows over time. About N/5 articles, a third of them copies of a wire story carried by several outlets.
Meetings belong to dialogues (part_of), statements to summits, agreements come out of summits, and the
other link types appear too. Participants (N/10, at least 30) are a Japanese and an EU side with a few
frequent principals. The vocabularies and topics are the real seeds. Every key and reference is valid,
so the real models and data tests pass, and every report table has rows at every scale.
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
VOCABULARY_SEEDS = ("statuses.csv", "levels.csv", "topics.csv", "event_types.csv", "roles.csv", "participant_kinds.csv", "link_types.csv", "modes.csv")
DAYS = 3650  # 2015-01-01 and the ten years after it


def generate(out_dir: Path, events: int, seed: int = 7) -> Path:
    """Write a complete seeds/ folder (CSV files and schema.sql) for `events` events into out_dir."""
    seeds = Path(out_dir)
    seeds.mkdir(parents=True, exist_ok=True)
    for name in (*VOCABULARY_SEEDS, "schema.sql"):
        shutil.copyfile(ROOT / "seeds" / name, seeds / name)
    con = duckdb.connect()
    con.execute("SET preserve_insertion_order = true")
    params = {"n": events, "articles": max(1, events // 5), "people": max(30, events // 10), "seed": seed, "days": DAYS}
    con.execute(
        """
        CREATE TEMP TABLE leaf_topics AS
        SELECT row_number() OVER (ORDER BY topic_id) - 1 AS k, topic_id
        FROM read_csv($topics, header = true, all_varchar = true) WHERE parent_topic_id IS NOT NULL
    """,
        {"topics": str(seeds / "topics.csv")},
    )
    for sql in PLAN:
        con.execute(sql, {k: v for k, v in params.items() if f"${k}" in sql})
    for name, sql in TABLES.items():
        con.execute(f"COPY ({sql}) TO '{seeds / name}' (HEADER, DELIMITER ',')", {k: v for k, v in params.items() if f"${k}" in sql})
    con.close()
    return seeds


# The twenty slots of a block: (event type, path of statuses, context?). A claim's place on the path
# decides its status; the last step of the path is where the event ends up when fully reported.
MEETING = "['considered', 'planned', 'held']"
KINDS = f"""
    SELECT * FROM (VALUES
        (0, 'meeting', {MEETING}, false), (1, 'meeting', {MEETING}, false), (2, 'meeting', {MEETING}, false),
        (3, 'meeting', {MEETING}, false), (4, 'meeting', {MEETING}, false), (5, 'summit', {MEETING}, false),
        (6, 'visit', {MEETING}, false), (7, 'visit', {MEETING}, false), (8, 'dialogue', ['considered', 'proposed', 'established'], false),
        (9, 'hotline', ['considered', 'proposed', 'established'], false),
        (10, 'agreement', ['negotiating', 'agreed', 'signed', 'approved', 'ratified', 'in_force'], false),
        (11, 'agreement', ['negotiating', 'agreed', 'signed', 'approved', 'ratified', 'in_force'], false),
        (12, 'memorandum', ['negotiating', 'signed'], false), (13, 'statement', ['considered', 'proposed', 'agreed'], false),
        (14, 'exercise', {MEETING}, false), (15, 'port_call', {MEETING}, false),
        (16, 'programme', ['considered', 'proposed', 'established'], false), (17, 'decision', ['considered', 'approved'], false),
        (18, 'policy', ['held'], true), (19, 'military_activity', ['held'], true)
    ) AS t(slot, event_type, path, is_context)"""
LEVELS = "['leaders', 'ministerial', 'vice-ministerial', 'director-general', 'working', 'operational']"
MODES = "['in_person', 'in_person', 'phone', 'video']"
CONTEXT_TYPES = "['military_activity', 'missile_test', 'leadership_change']"
PLAN = [
    f"CREATE TEMP TABLE kinds AS {KINDS}",
    f"""
    CREATE TEMP TABLE planned_events AS
    SELECT i, i // 20 AS block, i % 20 AS slot,
           CASE WHEN i % 20 = 19 THEN {CONTEXT_TYPES}[1 + (i // 20) % 3] ELSE kinds.event_type END AS event_type,
           kinds.path, kinds.is_context, len(kinds.path) AS steps,
           least($days - 1, CAST(i * $days // $n AS INTEGER) + CAST(hash(i, $seed) % 20 AS INTEGER)) AS day,
           1 + CAST(hash(i, $seed, 'steps') % len(kinds.path) AS INTEGER) AS reached
    FROM range($n) AS t(i) JOIN kinds ON kinds.slot = i % 20""",
    # Claims: the reached prefix of the path (j = 0 …; a meeting's `planned` is a promise of its date),
    # then perhaps a promise of the next step, then perhaps a setback of a meeting that was only planned.
    """
    CREATE TEMP TABLE claims AS
    WITH steps AS (
        SELECT e.*, j, e.path[j + 1] AS status, e.path[j + 1] = 'planned' AS expected,
               CASE WHEN e.path[j + 1] = 'planned' THEN e.day ELSE e.day - (e.reached - 1 - j) * 60 END AS claim_day
        FROM planned_events AS e, range(6) AS u(j) WHERE j < e.reached
    ), promises AS (
        SELECT e.*, e.reached AS j, e.path[e.reached + 1] AS status, true AS expected, e.day + 90 AS claim_day
        FROM planned_events AS e WHERE e.reached < e.steps AND e.path[2] IS DISTINCT FROM 'planned' AND hash(e.i, 'promise') % 2 = 0
    ), setbacks AS (
        SELECT e.*, 6 AS j, CASE WHEN hash(e.i, 'setback') % 3 = 0 THEN 'cancelled' ELSE 'postponed' END AS status, false AS expected,
               e.day + 30 AS claim_day
        FROM planned_events AS e WHERE e.path[2] = 'planned' AND e.reached = 2 AND hash(e.i, 'setback') % 4 = 0
    )
    SELECT * REPLACE (CAST(claim_day AS INTEGER) AS claim_day),
           CAST(least($days - 1, greatest(0, CASE WHEN expected THEN day - 20 ELSE claim_day + 1 END)) AS INTEGER) AS article_day
    FROM (SELECT * FROM steps UNION ALL SELECT * FROM promises UNION ALL SELECT * FROM setbacks)""",
]


def mention(i: str, j: str) -> str:
    """The mention id of claim j of event i (at most seven claims an event)."""
    return f"'m' || lpad(CAST({i} * 8 + {j} AS VARCHAR), 9, '0')"


def article(day: str, spread: str) -> str:
    """An article published on (or just before) that day: several a day at large scales."""
    k = f"least($articles - 1, CAST({day} AS BIGINT) * $articles // $days + ({spread}) % greatest(1, $articles // $days))"
    return f"printf('%03d_%016x', ({k}) % 1000, {k})"


def participant(i: str, j: int, side: int) -> str:
    """A participant of one side, drawn so that a few principals take part in many events."""
    u = f"(hash({i}, {j}, $seed) % 1000000) / 1000000.0"
    return f"'p' || (3 * CAST(floor(($people // 3) * pow({u}, 3)) AS BIGINT) + {side})"


FIRST_CLAIM = mention("i", "0")
ROLE = "CASE WHEN slot = 5 THEN 'principal' WHEN slot IN (10, 11, 12) THEN 'signatory' ELSE 'party' END"
TABLES = {
    "articles.csv": """
        SELECT printf('%03d_%016x', k % 1000, k) AS article_id, 'Outlet ' || (k % 40) AS outlet,
               CASE WHEN k % 10 < 3 THEN 'Wire ' || (k // 10 % 5) ELSE 'Outlet ' || (k % 40) END AS wire,
               CASE WHEN k % 10 < 3 THEN 'story-' || (k // 10) END AS story_id, NULL AS url, CASE WHEN k % 7 = 0 THEN 'ja' ELSE 'en' END AS language,
               DATE '2015-01-01' + CAST(k * $days // $articles AS INTEGER) AS published_date, 'day' AS published_precision,
               'generated' AS date_basis, ['Tokyo', 'Brussels', 'Osaka', 'Strasbourg'][1 + k % 4] AS dateline,
               CASE WHEN k % 13 <> 0 THEN 'Generated headline ' || k END AS headline,
               CASE WHEN k % 13 = 0 THEN 'No headline in the file.' END AS note, NULL AS opening
        FROM range($articles) AS t(k)""",
    "participants.csv": """
        SELECT 'p' || i AS participant_id, 'Participant ' || i AS name,
               ['person', 'organisation', 'state', 'military_unit'][1 + (i // 3) % 4] AS kind,
               ['Japan', 'EU', 'third'][1 + i % 3] AS side, NULL AS description
        FROM range($people) AS t(i)""",
    "events.csv": f"""
        SELECT 'e' || i AS event_id, 'Generated ' || replace(event_type, '_', ' ') || ' ' || i AS title, event_type,
               CASE WHEN NOT is_context THEN {LEVELS}[1 + i % 6] END AS level,
               is_context, NULL AS description
        FROM planned_events ORDER BY i""",
    "event_mentions.csv": f"""
        SELECT {mention("i", "j")} AS mention_id, 'e' || i AS event_id, {article("article_day", "i + j")} AS article_id,
               status AS claimed_status, expected,
               CASE WHEN status IN ('approved', 'ratified') THEN ['Japan', 'EU'][1 + i % 2] END AS party, NULL AS date_text,
               CASE WHEN status <> 'considered' THEN DATE '2015-01-01' + claim_day END AS date_start,
               CASE WHEN status = 'considered' THEN NULL WHEN event_type = 'summit' THEN DATE '2015-01-01' + claim_day + 1
                    ELSE DATE '2015-01-01' + claim_day END AS date_end,
               CASE WHEN status = 'considered' THEN 'unknown' WHEN event_type = 'summit' THEN 'range' ELSE 'day' END AS date_precision,
               CASE WHEN status NOT IN ('considered', 'proposed') THEN ['Brussels', 'Tokyo', 'Osaka', 'Paris'][1 + i % 4] END AS location,
               CASE WHEN status <> 'held' OR is_context THEN NULL WHEN slot = 4 THEN 'sidelines' ELSE {MODES}[1 + i % 4] END AS mode,
               NULL AS cited_source, 'Generated quote about ' || replace(event_type, '_', ' ') || ' ' || i || ': ' || status AS quote
        FROM claims ORDER BY i, j""",
    "event_participants.csv": f"""
        SELECT 'e' || i AS event_id, participant_id, {FIRST_CLAIM} AS mention_id, role, NULL AS title_at_time, NULL AS organisation_id, 'curated' AS basis
        FROM (
            SELECT i, {participant("i", 0, 0)} AS participant_id, {ROLE} AS role, 0 AS j
            FROM planned_events
            UNION ALL
            SELECT i, {participant("i", 1, 1)}, {ROLE}, 1
            FROM planned_events
            UNION ALL
            SELECT i, {participant("i", 2, 2)}, 'host', 2 FROM planned_events WHERE slot IN (5, 6) AND i % 4 = 0
        ) ORDER BY i, j""",
    "event_topics.csv": f"""
        SELECT 'e' || i AS event_id, topic_id, {FIRST_CLAIM} AS mention_id, 'curated' AS basis
        FROM range($n) AS t(i), range(2) AS u(j), leaf_topics
        WHERE leaf_topics.k = (i + j * 7) % (SELECT count(*) FROM leaf_topics) AND (j = 0 OR i % 2 = 0)
        ORDER BY i, j""",
    "event_labels.csv": f"""
        SELECT 'e' || i AS event_id, {FIRST_CLAIM} AS mention_id, 'Renamed event ' || i AS title,
               NULL AS event_type, NULL AS level, 'stated' AS basis
        FROM range($n) AS t(i) WHERE i % 20 = 7""",
    # Links within a block (statements and sideline meetings of its summit, …) or to earlier blocks
    # (meetings of a dialogue set up eight blocks back); each rests on the event's first claim.
    "event_links.csv": f"""
        SELECT 'e' || i AS event_id, link_type, 'e' || linked AS linked_event_id, {FIRST_CLAIM} AS mention_id, 'curated' AS basis
        FROM (
            SELECT i, CASE
                       WHEN slot IN (0, 1) AND block >= 1 THEN 'part_of'
                       WHEN slot = 13 THEN 'part_of'
                       WHEN slot = 10 THEN 'outcome_of'
                       WHEN slot = 4 THEN 'on_sidelines_of'
                       WHEN slot = 8 AND block % 2 = 0 AND block >= 1 THEN 'part_of'
                       WHEN slot = 7 THEN 'follow_up_of'
                       WHEN slot = 3 AND block % 10 = 3 THEN 'rescheduled_as'
                       WHEN slot = 2 AND block % 25 = 1 THEN 'same_as'
                   END AS link_type,
                   CASE
                       WHEN slot IN (0, 1) THEN (block - 1 - (block - 1) % 8) * 20 + 8
                       WHEN slot IN (13, 10, 4) THEN block * 20 + 5
                       WHEN slot = 8 THEN (block - 1) * 20 + 10
                       WHEN slot = 7 THEN block * 20 + 6
                       WHEN slot = 3 THEN block * 20 + 2
                       WHEN slot = 2 THEN block * 20 + 1
                   END AS linked
            FROM planned_events
        ) WHERE link_type IS NOT NULL AND linked < $n ORDER BY i""",
}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out_dir", type=Path, help="folder to write the seeds into (a project's seeds/ folder)")
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    print(generate(args.out_dir, args.events, args.seed))
