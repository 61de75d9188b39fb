"""Issue 7: crashes, stale files, concurrent readers and builds, hostile text, and property tests."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import duckdb
import pytest
from conftest import PUBLISHED_FILES, ROOT, cli, cli_process, copy_project, digest, duckdb_files, edit, fetch, published
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import warehouse_engine as engine

sys.path.insert(0, str(ROOT / "bench"))
from generate import generate  # noqa: E402


def current_build(project: Path) -> int:
    return fetch(project, "SELECT warehouse_build()")[0][0]


@pytest.mark.slow
@pytest.mark.parametrize("point", ["after-seed", "after-model", "before-rename"])
def test_a_build_killed_at_any_point_leaves_the_previous_build_and_the_next_build_recovers(project, point):
    before = digest(project / "warehouse.duckdb")
    edit(project / "seeds" / "levels.csv", "Officials below director-general.", "Officials below the director-general level.")
    killed = cli_process(project, "build", env={"WAREHOUSE_FAULT": point})
    assert killed.returncode == -9, killed.stderr
    leftovers = sorted(p.name for p in project.iterdir() if p.name != "warehouse.duckdb" and "duckdb" in p.name)
    assert "warehouse.duckdb.lock" in leftovers and any(".build-" in name for name in leftovers)
    assert digest(project / "warehouse.duckdb") == before
    assert cli(project, "test").returncode == 0
    assert current_build(project) == 1
    recovered = cli(project, "build")
    assert recovered.returncode == 0, recovered.stderr
    assert duckdb_files(project) == PUBLISHED_FILES
    assert current_build(project) == 2
    assert cli(project, "test").returncode == 0


@pytest.mark.slow
def test_a_build_killed_between_its_two_renames_is_completed_by_the_next_build(project):
    before = digest(project / "warehouse.duckdb")
    edit(project / "seeds" / "levels.csv", "Officials below director-general.", "Officials below the director-general level.")
    killed = cli_process(project, "build", env={"WAREHOUSE_FAULT": "between-renames"})
    assert killed.returncode == -9, killed.stderr
    assert digest(project / "warehouse.duckdb") == before, "the public file is still the previous build"
    plan = cli(project, "plan")
    assert "The published file was changed outside a build" in plan.stdout, plan.stdout
    recovered = cli(project, "build")
    assert recovered.returncode == 0, recovered.stderr
    assert current_build(project) == 3
    assert fetch(project, "SELECT description FROM raw_levels WHERE level = 'working'") == [("Officials below the director-general level.",)]
    assert "Nothing to do" in cli(project, "plan").stdout


def test_a_published_file_only_touched_is_not_trusted_and_is_written_again(project):
    """The build trusts the published file by its size and time, not by hashing it: a new time is a change."""
    rows = fetch(project, "SELECT count(*) FROM rpt_event_knowledge")
    os.utime(project / "warehouse.duckdb")
    plan = cli(project, "plan")
    assert "its size or time changed (another program wrote or touched it), though no object or description differs" in plan.stdout, plan.stdout
    result = cli(project, "build")
    assert result.returncode == 0, result.stderr
    assert "the published file was changed outside a build and is written again" in result.stdout
    assert fetch(project, "SELECT count(*) FROM rpt_event_knowledge") == rows
    assert "Nothing to do" in cli(project, "plan").stdout


def test_changes_made_to_the_published_file_outside_a_build_are_reported_and_undone(project):
    built = fetch(project, "SELECT comment FROM duckdb_columns() WHERE table_name = 'rpt_periods' AND column_name = 'period'")
    with duckdb.connect(str(project / "warehouse.duckdb")) as con:  # a client that opened the file read-write
        con.execute("CREATE TABLE scratch AS SELECT 1 AS x")
        con.execute("COMMENT ON COLUMN rpt_periods.period IS 'edited'")
        con.execute("DROP TABLE rpt_levels")
    plan = cli(project, "plan")
    assert plan.returncode == 0
    for change in ("table main.scratch added", "table main.rpt_levels dropped", "table main.rpt_periods: column period: description changed"):
        assert f"  - {change}" in plan.stdout, plan.stdout
    result = cli(project, "build")
    assert result.returncode == 0, result.stderr
    assert "the published file was changed outside a build and is written again" in result.stdout
    assert fetch(project, "SELECT count(*) FROM duckdb_tables() WHERE table_name IN ('scratch', 'rpt_levels')") == [(1,)]
    assert fetch(project, "SELECT comment FROM duckdb_columns() WHERE table_name = 'rpt_periods' AND column_name = 'period'") == built
    assert "Nothing to do" in cli(project, "plan").stdout


@pytest.mark.parametrize("command", [["build"], ["query", "SELECT 1"], ["report"], ["test"]])
def test_a_stale_wal_beside_the_published_file_is_detected(project, command):
    edit(project / "sql" / "rpt_source_coverage.sql", "', '", "'; '")
    (project / "warehouse.duckdb.wal").write_bytes(b"left by a crashed writer")
    before = digest(project / "warehouse.duckdb")
    result = cli(project, *command)
    assert result.returncode == 1
    assert "warehouse.duckdb.wal: a write-ahead log is left beside the published file" in result.stderr
    assert digest(project / "warehouse.duckdb") == before


RELOADING_READER = textwrap.dedent("""
    import sys, time, duckdb
    path, stop = sys.argv[1], sys.argv[2]
    import os
    seen, reads = set(), 0
    while not os.path.exists(stop):
        con = duckdb.connect(path, read_only=True)
        build = con.execute("SELECT warehouse_build()").fetchone()[0]
        tables = con.execute("SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'main'").fetchone()[0]
        assert tables == int(sys.argv[3]), (build, tables)
        events, facts = con.execute("SELECT (SELECT count(*) FROM raw_events), (SELECT count(*) FROM fct_events)").fetchone()
        assert events == facts, (events, facts)
        con.close()
        seen.add(build)
        reads += 1
    print(reads, sorted(seen))
""")


@pytest.mark.slow
def test_a_reader_through_five_builds_never_errors_and_always_sees_a_complete_build(project, tmp_path):
    stop = tmp_path / "stop"
    reader = subprocess.Popen(
        [
            sys.executable,
            "-c",
            RELOADING_READER,
            str(project / "warehouse.duckdb"),
            str(stop),
            str(fetch(project, "SELECT count(*) FROM duckdb_tables()")[0][0]),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(0.5)
    model = project / "sql" / "rpt_source_coverage.sql"
    previous = ", "
    for separator in ("; ", " | ", " / ", " + ", " ~ "):
        edit(model, f"array_to_string(articles, '{previous}')", f"array_to_string(articles, '{separator}')")
        previous = separator
        assert cli(project, "build").returncode == 0
    time.sleep(0.5)
    stop.write_text("stop")
    out, err = reader.communicate(timeout=60)
    assert reader.returncode == 0, err
    reads, seen = out.split(" ", 1)
    assert int(reads) > 5
    assert eval(seen)[-1] == 6, "the reader saw the last build after reconnecting"


@pytest.mark.slow
def test_two_builds_at_once_one_fails_clearly_and_nothing_is_corrupted(tmp_path):
    project = copy_project(tmp_path / "big")
    generate(project / "seeds", 30000)
    assert cli(project, "build").returncode == 0
    edit(project / "sql" / "fct_event_knowledge.sql", "coalesce(dated.date_precision, 'unknown')", "coalesce(dated.date_precision, 'not known')")
    edit(project / "sql" / "fct_event_knowledge.sql", "-- column event_id: The event.", "-- column event_id: The event (changed).")
    command = [sys.executable, str(ROOT / "warehouse.py"), "build", "--project", str(project)]
    first = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(0.3)
    second = subprocess.run(command, capture_output=True, text=True)
    first_out, first_err = first.communicate(timeout=300)
    codes = sorted([first.returncode, second.returncode])
    assert codes == [0, 1], (first_err, second.stderr)
    loser = second.stderr if second.returncode else first_err
    assert "is publishing warehouse.duckdb; wait for it to finish and run again" in loser
    assert cli(project, "test").returncode == 0
    assert current_build(project) == 2


HOSTILE = {
    "title": '<script>alert("x")</script> Summit & \'quotes\' "double"',
    "description": "日本と欧州連合 · Ελληνικά · العربية · עברית · 🇯🇵🇪🇺 " + "long " * 3000,
}


def test_hostile_text_is_stored_exactly_and_rendered_escaped(project):
    path = project / "seeds" / "events.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    header = rows[0]
    summit = next(r for r in rows if r[0] == "summit-2023-07-brussels")
    summit[header.index("title")] = HOSTILE["title"]
    summit[header.index("description")] = HOSTILE["description"]
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    edit(project / "seeds" / "participants.csv", "Fumio Kishida,person", "岸田文雄 <b>Kishida</b>,person")
    assert cli(project, "build").returncode == 0
    with published(project) as con:
        stored = con.execute("SELECT title, description FROM fct_events WHERE event_id = 'summit-2023-07-brussels'").fetchone()
        assert stored == (HOSTILE["title"], HOSTILE["description"])
        assert con.execute("SELECT name FROM raw_participants WHERE participant_id = 'kishida-fumio'").fetchone()[0] == "岸田文雄 <b>Kishida</b>"
    assert cli(project, "report", "--period", "2023-Q3").returncode == 0
    assert cli(project, "docs").returncode == 0
    html = (project / "site" / "2023-Q3.html").read_text(encoding="utf-8")
    assert "<script" not in html and "<b>Kishida" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; Summit &amp; &#39;quotes&#39; &#34;double&#34;" in html
    assert "岸田文雄 &lt;b&gt;Kishida&lt;/b&gt;" in html
    catalog = (project / "site" / "catalog.html").read_text(encoding="utf-8")
    assert catalog.count("<script") == 1 and "<script>\n/* Optional: filters the list" in catalog, "only the catalog's own search script"


@pytest.mark.slow
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(events=st.integers(min_value=1, max_value=300), seed=st.integers(min_value=0, max_value=10_000))
def test_random_valid_seed_sets_load_build_and_pass_their_tests(events, seed):
    with tempfile.TemporaryDirectory() as folder:
        project = copy_project(Path(folder) / "p")
        generate(project / "seeds", events, seed)
        config = engine.Project.at(project)
        result = engine.build(config)
        assert result.published and result.build_id == 1
        assert engine.run_published_tests(config) > 50
        assert fetch(project, "SELECT count(*) FROM fct_events")[0][0] == events


def corruptible_columns(contract: engine.SeedContract) -> list[tuple[str, str]]:
    """(column, bad value) pairs that are certainly invalid for this column, whatever the row."""
    referencing = {cols[0] for cols, _, _ in contract.references if len(cols) == 1}
    vocabulary = {cols[0] for expression, cols in contract.checks if " IN (" in expression and len(cols) == 1}
    keys = {c for key in contract.keys for c in key}
    choices = []
    for column in contract.columns:
        if column.name in keys:
            continue
        if column.type in ("DATE", "INTEGER", "BOOLEAN"):
            choices.append((column.name, {"DATE": "31/12/2024", "INTEGER": "twelve", "BOOLEAN": "perhaps"}[column.type]))
        elif column.name in referencing or column.name in vocabulary:
            choices.append((column.name, "zz-not-a-value-zz"))
        elif column.not_null:
            choices.append((column.name, ""))
    return choices


@pytest.mark.slow
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_a_random_single_cell_corruption_is_reported_at_its_file_and_line(data):
    with tempfile.TemporaryDirectory() as folder:
        project = copy_project(Path(folder) / "p")
        generate(project / "seeds", 40, data.draw(st.integers(0, 1000), label="seed"))
        config = engine.Project.at(project)
        contracts = engine.read_contract(config)
        with_rows = {t for t, c in contracts.items() if len((project / "seeds" / c.csv_name).read_text(encoding="utf-8").splitlines()) > 1}
        table = data.draw(st.sampled_from(sorted(t for t, c in contracts.items() if corruptible_columns(c) and t in with_rows)), label="seed file")
        contract = contracts[table]
        column, bad = data.draw(st.sampled_from(corruptible_columns(contract)), label="column")
        path = project / "seeds" / contract.csv_name
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
        row = data.draw(st.integers(1, len(rows) - 1), label="row")
        rows[row][rows[0].index(column)] = bad
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows(rows)
        path.write_text(buffer.getvalue(), encoding="utf-8")
        problems = engine.validate_seeds(config, contracts, duckdb.connect())
        where = f"seeds/{contract.csv_name}"
        assert any(p.path == where and p.line == row + 1 and p.column == contract.column_number(column) for p in problems), (
            where,
            row + 1,
            column,
            bad,
            [str(p) for p in problems],
        )
