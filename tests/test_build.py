"""Issue 3: versioned models — parse, order, build only what changed, test, publish atomically."""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import ARCHIVE_PREFIX, ROOT, STORE_NAME, archives, cli, digest, edit, fetch, fetch_store
from typer.testing import CliRunner

import warehouse
import warehouse_engine as engine


def actions(project: Path) -> dict[str, str]:
    """What the latest build did to each node, from the run log in the published file."""
    return dict(fetch_store(project, "SELECT node, action FROM _warehouse.build_nodes WHERE build_id = (SELECT max(build_id) FROM _warehouse.builds)"))


def rebuilt(project: Path) -> set[str]:
    return {node for node, action in actions(project).items() if action in ("new", "changed", "updated")}


def downstream_of(project: Path, name: str) -> set[str]:
    return engine.load_graph(engine.Project.at(project)).downstream(name)


def test_no_op_build_does_not_touch_the_file(project):
    path = project / "warehouse.duckdb"
    before, mtime = digest(path), path.stat().st_mtime_ns
    result = cli(project, "build")
    assert result.returncode == 0
    assert "Nothing changed; warehouse.duckdb was not touched" in result.stdout
    assert digest(path) == before and path.stat().st_mtime_ns == mtime


def test_formatting_and_comment_changes_rebuild_nothing(project):
    model = project / "sql" / "rpt_source_coverage.sql"
    text = model.read_text()
    text = text.replace("SELECT\n        event_id,", "select   event_id , -- a new comment\n").replace("    ", "\t")
    model.write_text(text + "\n-- trailing comment\n")
    before = digest(project / "warehouse.duckdb")
    result = cli(project, "build")
    assert result.returncode == 0, result.stderr
    assert "Nothing changed" in result.stdout
    assert digest(project / "warehouse.duckdb") == before


def test_a_literal_change_rebuilds_that_model_and_its_downstream_only(project):
    edit(project / "sql" / "int_mentions_dated.sql", "DATE '1900-01-01'", "DATE '1901-01-01'")
    plan = cli(project, "plan")
    assert re.search(r"int_mentions_dated\s+model\s+changed\s+1\s+2\s+its SQL changed", plan.stdout), plan.stdout
    result = cli(project, "build")
    assert result.returncode == 0, result.stderr
    expected = {"int_mentions_dated"} | downstream_of(project, "int_mentions_dated")
    assert "fct_event_knowledge" in expected and "stg_articles" not in expected
    assert rebuilt(project) == expected
    assert all(action == "unchanged" for node, action in actions(project).items() if node not in expected)


def test_a_leaf_change_rebuilds_only_the_leaf(project):
    edit(project / "sql" / "rpt_source_coverage.sql", "', '", "'; '")
    assert cli(project, "build").returncode == 0
    assert rebuilt(project) == {"rpt_source_coverage"}
    assert "; " in fetch(project, "SELECT article_ids FROM rpt_source_coverage WHERE article_count > 1 LIMIT 1")[0][0]


def test_an_edit_two_levels_up_propagates(project):
    edit(project / "sql" / "stg_levels.sql", "description AS level_description", "upper(description) AS level_description")
    plan = cli(project, "plan").stdout
    assert re.search(r"fct_events\s+model\s+changed\s+1\s+2\s+upstream changed: stg_levels", plan), plan
    assert re.search(r"rpt_dialogue_ladder\s+model\s+changed\s+1\s+2\s+upstream changed: fct_events", plan), plan
    assert cli(project, "build").returncode == 0
    assert {"stg_levels", "fct_events", "rpt_dialogue_ladder", "rpt_period_summary"} <= rebuilt(project)
    assert "stg_topics" not in rebuilt(project)


def test_a_seed_change_rebuilds_the_models_that_read_it(project):
    edit(project / "seeds" / "participants.csv", "Japan's Defence Minister.", "Japan's Minister of Defence.")
    assert cli(project, "build").returncode == 0
    changed = rebuilt(project)
    assert {"raw_participants", "stg_participants", "dim_participants", "rpt_participants"} <= changed
    assert "raw_events" not in changed and "stg_events" not in changed


def test_reverting_a_change_reuses_the_kept_version(project):
    model = project / "sql" / "rpt_source_coverage.sql"
    original = model.read_text()
    edit(model, "', '", "'; '")
    assert cli(project, "build").returncode == 0
    model.write_text(original)
    assert cli(project, "build").returncode == 0
    assert actions(project)["rpt_source_coverage"] == "reuse"
    assert ", " in fetch(project, "SELECT article_ids FROM rpt_source_coverage WHERE article_count > 1 LIMIT 1")[0][0]


def test_history_diff_and_version_pruning(project):
    model = project / "sql" / "rpt_source_coverage.sql"
    previous = ", "
    for separator in ("; ", " | ", " / ", " + "):
        edit(model, f"array_to_string(articles, '{previous}')", f"array_to_string(articles, '{separator}')")
        previous = separator
        assert cli(project, "build").returncode == 0
    history = cli(project, "history", "rpt_source_coverage")
    assert history.returncode == 0
    lines = [line.split() for line in history.stdout.splitlines()[2:]]
    assert [line[0] for line in lines] == ["1", "2", "3", "4", "5"]
    assert [line[-1] for line in lines] == ["pruned", "pruned", "yes", "yes", "yes"]  # the default keeps 3
    assert "*" in history.stdout.splitlines()[-1]
    diff = cli(project, "diff", "rpt_source_coverage", "--from", "3", "--to", "5")
    assert diff.returncode == 0, diff.stderr
    assert "version 3 → 5" in diff.stdout
    changed_rows = fetch(project, "SELECT count(*) FROM rpt_source_coverage WHERE article_count > 1")[0][0]
    assert f"rows added: {changed_rows}; removed: {changed_rows}" in diff.stdout
    gone = cli(project, "diff", "rpt_source_coverage", "--from", "1")
    assert gone.returncode == 1 and "no kept version 1" in gone.stderr


def test_diff_shows_added_and_removed_columns(project):
    edit(
        project / "sql" / "rpt_source_coverage.sql",
        "per_event.article_ids",
        "per_event.article_ids,\n        per_event.claim_count * 2 AS double_claims",
    )
    edit(project / "sql" / "rpt_source_coverage.sql", "        events.is_context,\n", "")
    assert cli(project, "build").returncode == 0
    diff = cli(project, "diff", "rpt_source_coverage")
    assert "columns added: double_claims; removed: is_context" in diff.stdout


def test_rollback_restores_the_previous_build(project):
    title_of = "SELECT title FROM {} WHERE event_id = 'sdp-2024'"
    title_before = fetch(project, title_of.format("fct_events"))[0][0]
    edit(project / "seeds" / "events.csv", "EU–Japan Security and Defence Partnership,", "EU–Japan Security & Defence Partnership,")
    assert cli(project, "build").returncode == 0
    assert fetch(project, title_of.format("fct_events"))[0][0] == "EU–Japan Security & Defence Partnership"
    result = cli(project, "rollback")
    assert result.returncode == 0, result.stderr
    assert "Published build 3: the seeds and models of build 1" in result.stdout
    assert fetch(project, title_of.format("fct_events"))[0][0] == title_before
    assert fetch(project, title_of.format("raw_events"))[0][0] == title_before
    comment = fetch(project, "SELECT comment FROM duckdb_tables() WHERE table_name = 'fct_events'")[0][0]
    assert comment and "as known now" in comment
    assert cli(project, "test").returncode == 0
    # The project files still hold the edit, so the next build brings it back by reusing the kept version.
    assert cli(project, "build").returncode == 0
    assert actions(project)["raw_events"] == "reuse"


def test_a_replaced_published_file_is_kept_whole_as_an_archive_while_it_holds_kept_versions(project):
    published, leaf = project / "warehouse.duckdb", project / "sql" / "rpt_source_coverage.sql"
    first = published.stat().st_ino
    edit(leaf, "', '", "'; '")
    assert cli(project, "build", "--keep", "2").returncode == 0
    assert archives(project) == [1] and (project / f"{ARCHIVE_PREFIX}1").stat().st_ino == first, "the same file, not a copy"
    assert fetch_store(project, "SELECT count(*) FROM duckdb_tables() WHERE schema_name = '_warehouse' AND regexp_matches(table_name, '__v[0-9]+$')") == [(0,)]
    assert "rows added:" in cli(project, "diff", "rpt_source_coverage").stdout
    edit(leaf, "'; '", "'| '")
    assert cli(project, "build", "--keep", "2").returncode == 0
    assert archives(project) == [2], "build 1's file holds only versions now beyond --keep 2 or current"
    assert cli(project, "rollback", "2").returncode == 0
    assert fetch(project, "SELECT count(*) FROM rpt_source_coverage WHERE article_ids LIKE '%; %'")[0][0] > 0
    assert cli(project, "test").returncode == 0
    assert cli(project, "build", "--keep", "1").returncode == 0
    assert archives(project) == []


def test_rollback_to_an_unknown_build_is_a_clear_error(project):
    before = digest(project / "warehouse.duckdb")
    result = cli(project, "rollback", "7")
    assert result.returncode == 1
    assert "cannot roll back to build 7" in result.stderr
    assert digest(project / "warehouse.duckdb") == before


def test_the_published_file_holds_the_public_tables_each_described_and_nothing_else(project):
    tables = fetch(project, "SELECT schema_name, table_name, comment FROM duckdb_tables()")
    assert len(tables) == len(list((ROOT / "sql").glob("*.sql"))) + len(list((ROOT / "seeds").glob("*.csv")))
    assert {schema for schema, _, _ in tables} == {"main"}
    assert [name for _, name, comment in tables if not comment] == []
    assert fetch(project, "SELECT schema_name FROM duckdb_schemas() WHERE NOT internal") == []
    assert fetch(project, "SELECT count(*) FROM duckdb_views() WHERE NOT internal") == [(0,)]
    undocumented = "SELECT table_name || '.' || column_name FROM duckdb_columns() WHERE NOT internal AND coalesce(comment, '') = ''"
    assert fetch(project, undocumented) == []
    assert fetch(project, "SELECT count(*) FROM duckdb_columns() WHERE NOT internal")[0][0] > 600
    assert fetch(project, "SELECT warehouse_build()") == [(1,)]


def test_test_command_runs_data_tests_on_the_published_file(project):
    result = cli(project, "test")
    assert result.returncode == 0, result.stderr
    count = int(re.search(r"OK: (\d+) data tests passed", result.stdout).group(1))
    assert count > 50


@pytest.mark.slow
def test_duckdb_1_5_cli_opens_the_published_file(project):
    binary = shutil.which("duckdb", path=str(Path(sys.executable).parent)) or shutil.which("duckdb")
    assert binary, "the duckdb-cli 1.5.6 package is a test dependency"
    assert "v1.5" in subprocess.run([binary, "--version"], capture_output=True, text=True).stdout
    result = subprocess.run(
        [
            binary,
            "-readonly",
            "-csv",
            str(project / "warehouse.duckdb"),
            "-c",
            "SELECT status FROM rpt_agreement_register WHERE event_id = 'sdp-2024'",
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["status", "agreed"]


def test_a_second_build_while_one_holds_the_lock_fails_clearly(project):
    lock = project / "warehouse.duckdb.lock"
    before = digest(project / "warehouse.duckdb")
    edit(project / "sql" / "rpt_source_coverage.sql", "', '", "'; '")
    with open(lock, "w") as holder:  # hold the kernel lock as a running build would
        fcntl.flock(holder, fcntl.LOCK_EX)
        holder.write(str(os.getpid()))
        holder.flush()
        result = cli(project, "build")
    assert result.returncode == 1
    assert f"another build (PID {os.getpid()}) is publishing warehouse.duckdb" in result.stderr
    assert digest(project / "warehouse.duckdb") == before
    lock.write_text("999999999")  # a lock file nobody holds (its build was killed) is no obstacle
    assert cli(project, "build").returncode == 0
    assert not lock.exists()


READER = textwrap.dedent("""
    import sys, time, duckdb
    con = duckdb.connect(sys.argv[1], read_only=True)
    seen = set()
    print("ready", flush=True)
    while not sys.stdin.readline().startswith("stop"):
        events = con.execute("SELECT count(*) FROM raw_events").fetchone()[0]
        facts = con.execute("SELECT count(*) FROM fct_events").fetchone()[0]
        assert events == facts, (events, facts)
        seen.add(con.execute("SELECT warehouse_build()").fetchone()[0])
        print("ok", flush=True)
    print("builds seen", sorted(seen), flush=True)
""")


@pytest.mark.slow
def test_a_read_only_reader_keeps_working_through_three_builds(project):
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(project / "warehouse.duckdb")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert reader.stdout.readline().strip() == "ready"
    model = project / "sql" / "rpt_source_coverage.sql"
    for separator in ("; ", " | ", " / "):
        text = model.read_text()
        model.write_text(re.sub(r"array_to_string\(articles, '[^']*'", f"array_to_string(articles, '{separator}'", text))
        result = cli(project, "build")
        assert result.returncode == 0, result.stderr
        reader.stdin.write("query\n")
        reader.stdin.flush()
        assert reader.stdout.readline().strip() == "ok"
    reader.stdin.write("stop\n")
    reader.stdin.flush()
    assert reader.stdout.readline().strip() == "builds seen [1]", "a connected reader keeps its consistent view"
    assert reader.wait(timeout=30) == 0, reader.stderr.read()
    assert fetch(project, "SELECT warehouse_build()")[0][0] == 4  # a reader that reconnects sees the newest build
    assert " / " in fetch(project, "SELECT article_ids FROM rpt_source_coverage WHERE article_count > 1 LIMIT 1")[0][0]


def command_names() -> list[str]:
    top = CliRunner().invoke(warehouse.app, ["--help"])
    return re.findall(r"^  (\w+)\s{2,}", top.stdout.split("Commands:")[1], re.M)


def test_help_explains_every_command_with_an_example():
    commands = command_names()
    assert set(commands) >= {"run", "check", "plan", "build", "history", "diff", "rollback", "test", "report", "query", "docs"}
    for name in commands:
        result = CliRunner().invoke(warehouse.app, [name, "--help"])
        assert result.exit_code == 0
        assert f"Example: warehouse {name}" in result.stdout, name
        assert "--project" in result.stdout and "--db" in result.stdout, name


@pytest.mark.slow
def test_the_entry_point_runs_as_a_script():
    result = subprocess.run([sys.executable, str(ROOT / "warehouse.py"), "--help"], capture_output=True, text=True)
    assert result.returncode == 0 and "warehouse run" in result.stdout


def test_readme_documents_every_command():
    readme = (ROOT / "README.md").read_text()
    for name in command_names():
        assert f"warehouse {name}" in readme, name


def test_a_same_size_edit_with_the_old_mtime_is_still_rebuilt(project):
    """Seed hashes are reused only while size, mtime, ctime and inode are unchanged: content always wins."""
    path = project / "seeds" / "levels.csv"
    old = path.stat()
    text = path.read_text()
    path.write_text(text.replace("Naval forces and other units.", "Naval forces and other UNITS."))
    os.utime(path, ns=(old.st_atime_ns, old.st_mtime_ns))
    assert path.stat().st_size == old.st_size and path.stat().st_mtime_ns == old.st_mtime_ns
    assert cli(project, "build").returncode == 0
    assert "raw_levels" in rebuilt(project)


def test_touching_a_seed_rebuilds_nothing(project):
    before = digest(project / "warehouse.duckdb")
    os.utime(project / "seeds" / "events.csv")
    result = cli(project, "build")
    assert "Nothing changed" in result.stdout
    assert digest(project / "warehouse.duckdb") == before


def test_the_cache_folder_is_only_a_shortcut(project):
    shutil.rmtree(project / ".cache")
    result = cli(project, "build")
    assert "Nothing changed" in result.stdout


def test_every_public_column_of_every_model_and_seed_has_a_description(project):
    missing = fetch(
        project,
        "SELECT c.table_name || '.' || c.column_name FROM duckdb_columns() AS c "
        "INNER JOIN duckdb_views() AS v ON v.view_name = c.table_name AND v.schema_name = 'main' AND NOT v.internal "
        "WHERE c.schema_name = 'main' AND coalesce(c.comment, '') = '' ORDER BY 1",
    )
    assert missing == []


def test_a_file_that_holds_its_own_versions_moves_them_to_the_store_on_the_next_build(project):
    store, published = project / STORE_NAME, project / "warehouse.duckdb"
    shutil.move(store, published)  # the layout before the version store: versions in schema _warehouse of the published file
    assert "the versions move out of warehouse.duckdb into the version store" in cli(project, "plan").stdout
    assert cli(project, "build").returncode == 0
    assert fetch(project, "SELECT DISTINCT schema_name FROM duckdb_tables()") == [("main",)]
    assert fetch_store(project, "SELECT count(*) FROM _warehouse.builds") == [(2,)]
    assert cli(project, "history", "fct_events").returncode == 0
    assert "Nothing to do" in cli(project, "plan").stdout
