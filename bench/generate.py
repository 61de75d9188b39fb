"""Synthetic seeds that satisfy the real seeds/schema.sql, at any scale, written by DuckDB itself.

    python bench/generate.py OUT_DIR --events 1000000 [--seed 7]

Per N events: N/5 articles, 1–3 mentions per event (≈2N), N/10 participants (at least 10), two
participants and one or two topics per event, a link for every tenth. The vocabularies and topics are
the real seeds. Every key and reference is valid, so the real models and data tests pass.
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
VOCABULARY_SEEDS = ("statuses.csv", "levels.csv", "topics.csv", "event_types.csv", "roles.csv", "participant_kinds.csv", "link_types.csv", "modes.csv")


def generate(out_dir: Path, events: int, seed: int = 7) -> Path:
    """Write a complete seeds/ folder (CSV files and schema.sql) for `events` events into out_dir."""
    seeds = Path(out_dir)
    seeds.mkdir(parents=True, exist_ok=True)
    for name in (*VOCABULARY_SEEDS, "schema.sql"):
        shutil.copyfile(ROOT / "seeds" / name, seeds / name)
    con = duckdb.connect()
    con.execute("SET preserve_insertion_order = true")
    params = {"n": events, "articles": max(1, events // 5), "people": max(10, events // 10), "seed": seed}
    con.execute(
        """
        CREATE TEMP TABLE leaf_topics AS
        SELECT row_number() OVER (ORDER BY topic_id) - 1 AS k, topic_id
        FROM read_csv($topics, header = true, all_varchar = true) WHERE parent_topic_id IS NOT NULL
    """,
        {"topics": str(seeds / "topics.csv")},
    )
    for name, sql in TABLES.items():
        con.execute(f"COPY ({sql}) TO '{seeds / name}' (HEADER, DELIMITER ',')", {k: v for k, v in params.items() if f"${k}" in sql})
    con.close()
    return seeds


# Each event gets one to three claims along its kind's path: considered (done), then the main
# milestone expected (with a date), then the same milestone done. Every fifth event is an agreement.
KINDS = "['meeting', 'summit', 'visit', 'dialogue', 'agreement']"
MILESTONES = "['held', 'held', 'held', 'established', 'signed']"
TABLES = {
    "articles.csv": """
        SELECT printf('%03d_%016x', i % 1000, i) AS article_id, 'Outlet ' || (i % 40) AS outlet, 'Wire ' || (i % 5) AS wire,
               CASE WHEN i % 10 = 1 THEN 'story-' || (i - 1) END AS story_id, NULL AS url, 'en' AS language,
               DATE '2015-01-01' + CAST(i * 3650 // $articles AS INTEGER) AS published_date, 'day' AS published_precision,
               'generated' AS date_basis, 'Tokyo' AS dateline, 'Generated headline ' || i AS headline, NULL AS note, NULL AS opening
        FROM range($articles) AS t(i)""",
    "participants.csv": """
        SELECT 'p' || i AS participant_id, 'Participant ' || i AS name,
               ['person', 'organisation', 'state', 'military_unit'][1 + i % 4] AS kind,
               ['Japan', 'EU', 'third'][1 + i % 3] AS side, NULL AS description
        FROM range($people) AS t(i)""",
    "events.csv": f"""
        SELECT 'e' || i AS event_id, 'Generated event ' || i AS title, {KINDS}[1 + i % 5] AS event_type,
               ['leaders', 'ministerial', 'vice-ministerial', 'director-general', 'working', 'operational'][1 + i % 6] AS level,
               i % 9 = 0 AS is_context, NULL AS description
        FROM range($n) AS t(i)""",
    "event_mentions.csv": f"""
        SELECT 'm' || lpad(CAST(i * 3 + j AS VARCHAR), 9, '0') AS mention_id, 'e' || i AS event_id,
               printf('%03d_%016x', ((i * 7 + j) % $articles) % 1000, (i * 7 + j) % $articles) AS article_id,
               CASE WHEN j = 0 THEN 'considered' ELSE {MILESTONES}[1 + i % 5] END AS claimed_status, j = 1 AS expected,
               NULL AS party, NULL AS date_text,
               CASE WHEN j > 0 THEN DATE '2015-01-01' + CAST(i % 3650 AS INTEGER) END AS date_start,
               CASE WHEN j > 0 THEN DATE '2015-01-01' + CAST(i % 3650 AS INTEGER) END AS date_end,
               CASE WHEN j > 0 THEN 'day' ELSE 'unknown' END AS date_precision,
               CASE WHEN j > 0 THEN 'Brussels' END AS location, CASE WHEN j > 0 AND i % 5 < 3 THEN 'in_person' END AS mode,
               NULL AS cited_source, 'Generated quote about event ' || i AS quote
        FROM range($n) AS t(i), range(3) AS u(j)
        WHERE j <= hash(i + $seed) % 3
        ORDER BY i, j""",
    "event_participants.csv": """
        SELECT 'e' || i AS event_id, 'p' || ((i + j) % $people) AS participant_id, 'm' || lpad(CAST(i * 3 AS VARCHAR), 9, '0') AS mention_id,
               'party' AS role, NULL AS title_at_time, NULL AS organisation_id, 'curated' AS basis
        FROM range($n) AS t(i), range(2) AS u(j) ORDER BY i, j""",
    "event_topics.csv": """
        SELECT 'e' || i AS event_id, topic_id, 'm' || lpad(CAST(i * 3 AS VARCHAR), 9, '0') AS mention_id, 'curated' AS basis
        FROM range($n) AS t(i), range(2) AS u(j), leaf_topics
        WHERE leaf_topics.k = (i + j * 7) % (SELECT count(*) FROM leaf_topics) AND (j = 0 OR i % 2 = 0)
        ORDER BY i, j""",
    "event_labels.csv": """
        SELECT 'e' || i AS event_id, 'm' || lpad(CAST(i * 3 AS VARCHAR), 9, '0') AS mention_id, 'Renamed event ' || i AS title,
               NULL AS event_type, NULL AS level, 'stated' AS basis
        FROM range($n) AS t(i) WHERE i % 20 = 7""",
    "event_links.csv": """
        SELECT 'e' || i AS event_id, 'part_of' AS link_type, 'e' || (i - 5) AS linked_event_id,
               'm' || lpad(CAST(i * 3 AS VARCHAR), 9, '0') AS mention_id, 'curated' AS basis
        FROM range($n) AS t(i) WHERE i % 10 = 5""",
}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out_dir", type=Path, help="folder to write the seeds into (a project's seeds/ folder)")
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    print(generate(args.out_dir, args.events, args.seed))
