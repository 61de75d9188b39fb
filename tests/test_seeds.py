"""Issue 2: the dataset, its contract, and a loader that never loads bad data."""

from __future__ import annotations

import duckdb
import pytest
from conftest import ROOT, cli, digest, duckdb_files, edit, fetch, published

SOURCES = ROOT.parent / "shared" / "sources"
needs_sources = pytest.mark.skipif(not SOURCES.is_dir(), reason="the source articles live in ../shared/sources beside the clone")


def test_check_passes_on_the_real_seeds(fresh_project):
    result = cli(fresh_project, "check")
    assert result.returncode == 0, result.stderr
    assert "9 seeds" in result.stdout
    assert not (fresh_project / "warehouse.duckdb").exists(), "check must not write anything"


def test_every_seed_has_a_contract_with_comments_on_every_column():
    con = duckdb.connect()
    con.execute((ROOT / "seeds" / "schema.sql").read_text())
    seeds = sorted(p.stem for p in (ROOT / "seeds").glob("*.csv"))
    tables = sorted(t.removeprefix("raw_") for (t,) in con.execute("SELECT table_name FROM duckdb_tables()").fetchall())
    assert tables == seeds
    uncommented = con.execute(
        "SELECT table_name, column_name FROM duckdb_columns() WHERE table_name LIKE 'raw_%' AND (comment IS NULL OR comment = '')"
    ).fetchall()
    assert uncommented == []
    assert con.execute("SELECT count(*) FROM duckdb_tables() WHERE comment IS NULL").fetchone()[0] == 0


def test_failed_load_reports_every_problem_and_leaves_the_published_file_byte_for_byte(project):
    published = project / "warehouse.duckdb"
    before = digest(published)
    edit(project / "seeds" / "articles.csv", '2023-07-03,"In the text', '03/07/2023,"In the text')
    edit(project / "seeds" / "levels.csv", "working,5,", "working,4,")
    result = cli(project, "build")
    assert result.returncode == 1
    assert "seeds/articles.csv:3:4: published_date: not a valid DATE (03/07/2023)" in result.stderr
    assert "seeds/levels.csv:6:2: duplicate key (rank)" in result.stderr
    assert "2 problems. Nothing was published" in result.stderr
    assert digest(published) == before
    assert duckdb_files(project) == ["warehouse.duckdb"]


def test_bom_crlf_quoted_commas_and_quoted_newlines_load(fresh_project):
    path = fresh_project / "seeds" / "levels.csv"
    rows = path.read_text(encoding="utf-8").splitlines()
    rows[-1] = 'operational,6,"Naval forces, and other units;\nspread over ""two"" lines."'
    path.write_bytes(b"\xef\xbb\xbf" + "\r\n".join(rows).encode() + b"\r\n")
    assert cli(fresh_project, "build").returncode == 0
    assert (
        fetch(fresh_project, "SELECT description FROM raw_levels WHERE level = 'operational'")[0][0]
        == 'Naval forces, and other units;\nspread over "two" lines.'
    )
    assert fetch(fresh_project, "SELECT count(*) FROM raw_levels")[0][0] == 6


@pytest.fixture
def con(project):
    with published(project) as connection:
        yield connection


def test_dataset_answers_the_july_2023_brussels_summit(con):
    summit = con.execute("""
        SELECT event_id, status FROM raw_events
        WHERE event_type = 'summit' AND level = 'leaders' AND date_start = DATE '2023-07-13' AND location = 'Brussels'
    """).fetchall()
    assert len(summit) == 1
    event_id, status = summit[0]
    assert status == "held"
    principals = {
        r[0]: r[1]
        for r in con.execute(
            """
        SELECT p.name, ep.title_at_time FROM raw_event_participants AS ep
        INNER JOIN raw_participants AS p ON p.participant_id = ep.participant_id
        WHERE ep.event_id = ? AND ep.role = 'principal'""",
            [event_id],
        ).fetchall()
    }
    assert principals == {
        "Fumio Kishida": "Prime Minister of Japan",
        "Charles Michel": "President of the European Council",
        "Ursula von der Leyen": "President of the European Commission",
    }
    history = con.execute(
        """
        SELECT a.published_date::VARCHAR, m.claimed_status FROM raw_event_mentions AS m
        INNER JOIN raw_articles AS a ON a.article_id = m.article_id
        WHERE m.event_id = ? ORDER BY a.published_date, m.mention_id""",
        [event_id],
    ).fetchall()
    assert history == [("2023-07-03", "planned"), ("2023-07-03", "planned"), ("2024-09-22", "held")]
    assert {r[0] for r in con.execute("SELECT article_id FROM raw_event_mentions WHERE event_id = ?", [event_id]).fetchall()} == {
        "001_17b39c3ba67188ab",
        "002_dcef468c7bf7621e",
        "003_c64827d713fa2c1f",
    }


def test_dataset_answers_the_security_and_defence_partnership_path(con):
    rows = con.execute("""
        SELECT a.published_date::VARCHAR, m.claimed_status, m.date_text, e.location, e.date_start::VARCHAR
        FROM raw_events AS e
        INNER JOIN raw_event_mentions AS m ON m.event_id = e.event_id
        INNER JOIN raw_articles AS a ON a.article_id = m.article_id
        WHERE e.title ILIKE '%Security and Defence Partnership%'
        ORDER BY a.published_date, m.mention_id""").fetchall()
    statuses = [r[1] for r in rows]
    assert statuses[0] == "negotiating" and statuses[-1] == "agreed"
    assert rows[0][0] == "2024-09-22" and rows[0][2] == "by the end of the year"
    assert rows[-1][0] == "2024-11-01" and rows[-1][3] == "Tokyo" and rows[-1][4] == "2024-11-01"


def test_dataset_lists_every_dialogue_with_its_level(con):
    dialogues = dict(con.execute("SELECT event_id, level FROM raw_events WHERE event_type = 'dialogue' AND NOT is_context").fetchall())
    assert dialogues == {
        "vm-consultations": "vice-ministerial",
        "ministerial-strategic-dialogue": "ministerial",
        "dg-security-dialogue": "director-general",
    }


def test_every_event_has_a_mention_and_relative_dates_are_resolved(con):
    assert con.execute("SELECT count(*) FROM raw_events WHERE event_id NOT IN (SELECT event_id FROM raw_event_mentions)").fetchone()[0] == 0
    resolved = dict(
        con.execute(
            "SELECT date_text, date_start::VARCHAR FROM raw_event_mentions WHERE date_text IN "
            "('as early as Wednesday', 'on Tuesday', 'Earlier on Friday', 'on Monday')"
        ).fetchall()
    )
    assert resolved == {
        "as early as Wednesday": "2023-01-25",
        "on Tuesday": "2023-07-04",
        "Earlier on Friday": "2024-11-01",
        "on Monday": "2023-07-03",
    }


@needs_sources
def test_unnamed_officials_stay_unnamed_and_nothing_comes_from_website_clutter(con):
    names = {r[0] for r in con.execute("SELECT name FROM raw_participants").fetchall()}
    assert not any("official" in n.lower() or "source" in n.lower() for n in names)
    # Files 001 and 003 end with unrelated website text: nothing quoted from them may come from it.
    for article_id in ("001_17b39c3ba67188ab", "003_c64827d713fa2c1f"):
        story = (SOURCES / f"{article_id}.txt").read_text(encoding="utf-8")
        story = story.split("POPULAR ARTICLE")[0].split("© KYODO")[0]
        for (quote,) in con.execute("SELECT quote FROM raw_event_mentions WHERE article_id = ?", [article_id]).fetchall():
            for fragment in quote.split("…"):
                assert fragment.strip() in story, fragment


@needs_sources
def test_every_quote_is_in_its_source_article(con):
    for article_id, quote in con.execute("SELECT article_id, quote FROM raw_event_mentions").fetchall():
        story = (SOURCES / f"{article_id}.txt").read_text(encoding="utf-8")
        for fragment in quote.split("…"):
            assert fragment.strip() in story, (article_id, fragment)
