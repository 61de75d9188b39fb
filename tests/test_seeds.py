"""The dataset, its contract, and a loader that never loads bad data.

The facts asserted about the curated dataset are facts of the five articles: they stay true when
valid data is added, and they are checked on the real seeds and on the real seeds plus a hundred
generated additions (the `dataset` fixture)."""

from __future__ import annotations

import shutil

import duckdb
import pytest
from additions import add_generated_events
from conftest import PUBLISHED_FILES, ROOT, SOURCES, cli, copy_project, digest, duckdb_files, edit, fetch

needs_sources = pytest.mark.skipif(not SOURCES.is_dir(), reason="the source articles live in ../shared/sources beside the clone")


def test_check_passes_on_the_real_seeds(fresh_project):
    result = cli(fresh_project, "check")
    assert result.returncode == 0, result.stderr
    seeds = len(list((ROOT / "seeds").glob("*.csv")))
    assert f"{seeds} seeds" in result.stdout
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


def test_every_vocabulary_value_has_a_meaning():
    for name in ("statuses", "levels", "event_types", "roles", "participant_kinds", "link_types", "modes"):
        rows = fetch_csv(name)
        assert rows and all(row["description"].strip() for row in rows), name


def fetch_csv(name: str) -> list[dict]:
    import csv

    with open(ROOT / "seeds" / f"{name}.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_failed_load_reports_every_problem_and_leaves_the_published_file_byte_for_byte(project):
    published = project / "warehouse.duckdb"
    before = digest(published)
    edit(project / "seeds" / "articles.csv", ",en,2023-07-03,day,", ",en,03/07/2023,day,")
    edit(project / "seeds" / "levels.csv", "working,5,", "working,4,")
    result = cli(project, "build")
    assert result.returncode == 1
    assert "seeds/articles.csv:3:7: published_date: not a valid DATE (03/07/2023)" in result.stderr
    assert "seeds/levels.csv:6:2: duplicate key (rank)" in result.stderr
    assert "2 problems. Nothing was published" in result.stderr
    assert digest(published) == before
    assert duckdb_files(project) == PUBLISHED_FILES


def test_bom_crlf_quoted_commas_and_quoted_newlines_load(fresh_project):
    path = fresh_project / "seeds" / "levels.csv"
    rows = path.read_text(encoding="utf-8").splitlines()
    index = next(i for i, row in enumerate(rows) if row.startswith("operational,"))
    rows[index] = 'operational,6,"Naval forces, and other units;\nspread over ""two"" lines."'
    path.write_bytes(b"\xef\xbb\xbf" + "\r\n".join(rows).encode() + b"\r\n")
    assert cli(fresh_project, "build").returncode == 0
    description = fetch(fresh_project, "SELECT description FROM raw_levels WHERE level = 'operational'")[0][0]
    assert description == 'Naval forces, and other units;\nspread over "two" lines.'
    assert fetch(fresh_project, "SELECT count(*) FROM raw_levels")[0][0] == len(rows) - 1


@pytest.fixture(scope="module", params=["real seeds", "real seeds and 100 generated additions"])
def dataset(request, tmp_path_factory):
    """A built project: the curated seeds, and the curated seeds with a hundred valid additions."""
    project = copy_project(tmp_path_factory.mktemp("dataset"))
    if request.param != "real seeds":
        add_generated_events(project, 100)
    result = cli(project, "build")
    assert result.returncode == 0, result.stderr
    return project


@pytest.mark.slow
def test_the_dataset_builds_checks_tests_and_renders(dataset):
    assert cli(dataset, "check").returncode == 0
    assert cli(dataset, "test").returncode == 0
    assert cli(dataset, "report").returncode == 0
    assert cli(dataset, "docs").returncode == 0
    shutil.rmtree(dataset / "site")


def test_dataset_answers_the_july_2023_brussels_summit(dataset):
    summit = "summit-2023-07-brussels"
    assert fetch(dataset, "SELECT status, location, date_start::VARCHAR FROM fct_events WHERE event_id = ?", [summit]) == [("held", "Brussels", "2023-07-01")]
    principals = dict(fetch(dataset, "SELECT participant_name, title_at_time FROM fct_event_participants WHERE event_id = ? AND role = 'principal'", [summit]))
    assert (
        principals.items()
        >= {
            "Fumio Kishida": "Prime Minister of Japan",
            "Charles Michel": "President of the European Council",
            "Ursula von der Leyen": "President of the European Commission",
        }.items()
    )
    history = fetch(
        dataset,
        "SELECT known_from::VARCHAR, claimed_status, expected FROM fct_event_mentions "
        "WHERE event_id = ? AND article_id < '005' ORDER BY known_from, mention_id",
        [summit],
    )
    assert history == [("2023-07-03", "held", True), ("2023-07-03", "held", True), ("2024-09-22", "held", False)]
    as_known = fetch(dataset, "SELECT status FROM events_as_known_on(DATE '2023-09-30') WHERE event_id = ?", [summit])
    assert as_known == [("planned",)]


def test_dataset_answers_the_security_and_defence_partnership_path(dataset):
    path = fetch(
        dataset, "SELECT status, happened_start::VARCHAR, reported_on::VARCHAR FROM rpt_status_pipeline WHERE event_id = 'sdp-2024' ORDER BY step_number"
    )
    assert path == [("negotiating", None, "2024-09-22"), ("agreed", "2024-11-01", "2024-11-01")]
    promise = fetch(dataset, "SELECT promised_text, outcome, slip_days FROM rpt_promise_delivery WHERE event_id = 'sdp-2024' AND status = 'agreed'")
    assert promise == [("by the end of the year", "as promised", 0)]
    before = fetch(dataset, "SELECT status, location FROM events_as_known_on(DATE '2024-10-31') WHERE event_id = 'sdp-2024'")
    assert before == [("negotiating", None)], "Tokyo and the agreement were first reported on 2024-11-01"


def test_dataset_lists_the_dialogues_with_their_levels(dataset):
    dialogues = dict(fetch(dataset, "SELECT event_id, level FROM fct_events WHERE event_type = 'dialogue' AND NOT is_context"))
    assert (
        dialogues.items()
        >= {
            "vm-consultations": "vice-ministerial",
            "ministerial-strategic-dialogue": "ministerial",
            "dg-security-dialogue": "director-general",
        }.items()
    )


def test_every_event_has_a_claim_and_relative_dates_follow_the_rules(dataset):
    assert fetch(dataset, "SELECT count(*) FROM fct_events WHERE mention_count = 0")[0][0] == 0
    resolved = dict(
        fetch(
            dataset,
            "SELECT date_text, date_start::VARCHAR FROM fct_event_mentions WHERE article_id < '005' AND date_text IN "
            "('as early as Wednesday', 'on Tuesday', 'Earlier on Friday', 'on Monday', 'later this month')",
        )
    )
    assert resolved == {
        "as early as Wednesday": "2023-01-25",
        "on Tuesday": "2023-07-04",
        "Earlier on Friday": "2024-11-01",
        "on Monday": "2023-07-03",
        "later this month": "2024-09-23",
    }


@needs_sources
def test_unnamed_officials_stay_unnamed_and_nothing_comes_from_website_clutter(dataset):
    names = {name for (name,) in fetch(dataset, "SELECT participant_name FROM dim_participants")}
    assert not any("official" in n.lower() or "source" in n.lower() for n in names)
    # Files 001 and 003 end with unrelated website text: nothing quoted from them may come from it.
    for article_id in ("001_17b39c3ba67188ab", "003_c64827d713fa2c1f"):
        story = (SOURCES / f"{article_id}.txt").read_text(encoding="utf-8")
        story = story.split("POPULAR ARTICLE")[0].split("© KYODO")[0]
        for (quote,) in fetch(dataset, "SELECT quote FROM fct_event_mentions WHERE article_id = ?", [article_id]):
            for fragment in quote.split("…"):
                assert fragment.strip() in story, fragment
