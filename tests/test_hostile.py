"""The fault corpus: hostile or unlucky input, each case checked for its message, its exit code, a
published file left byte for byte as it was, no traceback, and a next normal build that succeeds.

Only a build's final rename (or a rollback) writes the published file; no user SQL (contract,
models, checks, ad hoc queries) reaches the filesystem, because DuckDB itself refuses it.
"""

from __future__ import annotations

import fcntl
import json
import os
import resource
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

import duckdb
import pytest
from conftest import PUBLISHED_FILES, ROOT, cli, cli_process, digest, duckdb_files, edit, fetch

import warehouse_engine as engine
from warehouse_engine.appends import snapshot
from warehouse_engine.sandbox import seal

pytestmark = pytest.mark.slow  # the whole corpus runs in CI and `pytest`; the inner loop leaves it out


def refused(project: Path, command: tuple[str, ...], message: str, code: int = 1, left: tuple[str, ...] = ()) -> str:
    """Run a command that must fail: its message, its exit code, no traceback, the file unchanged."""
    published = project / "warehouse.duckdb"
    before = digest(published)
    result = cli(project, *command)
    assert result.returncode == code, (result.stdout, result.stderr)
    assert message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert digest(published) == before
    assert duckdb_files(project) == sorted([*PUBLISHED_FILES, *left])
    return result.stderr


def builds_again(project: Path) -> None:
    result = cli(project, "build")
    assert result.returncode == 0, result.stderr
    assert cli(project, "test").returncode == 0


# ── The contract runs in a private DuckDB and declares tables and comments only ─────────────────

CONTRACT_ATTACKS = {
    "copy to a file": ("COPY raw_levels TO '{tmp}/stolen.csv';", "the contract holds only CREATE TABLE raw_<seed> (…) and COMMENT ON statements"),
    "attach the published file": ("ATTACH '{db}' AS published;", "the contract holds only CREATE TABLE"),
    "drop a public view": ("DROP VIEW fct_events;", "the contract holds only CREATE TABLE"),
    "create a table from a query": ("CREATE TABLE raw_extra AS SELECT 1 AS x;", "the contract holds only CREATE TABLE"),
    "create a macro": ("CREATE MACRO evil(x) AS x + 1;", "the contract holds only CREATE TABLE"),
    "read a file in a check": ("CREATE TABLE raw_extra (x VARCHAR CHECK (x IN (SELECT * FROM read_csv('/etc/passwd'))));", "DuckDB cannot run the contract"),
    "a table name with a dot": ('CREATE TABLE "raw.dotted" (x INTEGER);', "must be named raw_<seed>"),
    "an unknown type": ("CREATE TABLE raw_extra (x NOT_A_TYPE);", "DuckDB cannot run the contract"),
    "a syntax error": ("CREATE TABLE raw_extra (x INTEGER,,);", "syntax error"),
}


@pytest.mark.parametrize("statement,message", CONTRACT_ATTACKS.values(), ids=CONTRACT_ATTACKS.keys())
def test_the_contract_cannot_touch_files_or_the_published_file(project, tmp_path, statement, message):
    schema = project / "seeds" / "schema.sql"
    original = schema.read_text(encoding="utf-8")
    lines = original.count("\n")
    schema.write_text(original + statement.format(tmp=tmp_path, db=project / "warehouse.duckdb") + "\n", encoding="utf-8")
    for command in ("check", "plan", "build"):
        stderr = refused(project, (command,), message)
        assert f"seeds/schema.sql:{lines + 1}:" in stderr or "must be named" in stderr, stderr
    assert not (tmp_path / "stolen.csv").exists()
    schema.write_text(original, encoding="utf-8")
    assert cli(project, "plan").stdout.rstrip().endswith("Nothing to do: the published warehouse is up to date.")


# ── Models and checks read the warehouse, never files: the parser refuses, DuckDB enforces ──────

MODEL_ATTACKS = {
    "lateral read_csv": ("FROM raw_levels", "FROM raw_levels INNER JOIN LATERAL read_csv('/etc/passwd') AS f ON TRUE"),
    "cross join lateral glob": ("FROM raw_levels", "FROM raw_levels CROSS JOIN LATERAL glob('/root/.*')"),
    "read_text in a subquery": ("FROM raw_levels", "FROM raw_levels WHERE EXISTS (SELECT 1 FROM read_text('/etc/hostname'))"),
    "from a table function": ("FROM raw_levels", "FROM read_csv('/etc/passwd')"),
}


@pytest.mark.parametrize("change", MODEL_ATTACKS.values(), ids=MODEL_ATTACKS.keys())
def test_a_model_cannot_read_files(project, change):
    edit(project / "sql" / "stg_levels.sql", *change)
    for command in ("check", "build"):
        refused(project, (command,), "sql/stg_levels.sql:7:")
        refused(project, (command,), "models read tables and other models, not files or table functions")


def test_a_custom_check_cannot_read_files(project):
    check = project / "sql" / "checks" / "events_have_mentions.sql"
    check.write_text("-- description: x\nSELECT * FROM fct_events CROSS JOIN LATERAL glob('/root/.*')\n", encoding="utf-8")
    refused(project, ("build",), "sql/checks/events_have_mentions.sql:2:45: models read tables and other models, not files or table functions")
    refused(project, ("test",), "sql/checks/events_have_mentions.sql:2:45")


def test_duckdb_itself_refuses_file_access_once_the_seeds_are_read():
    """Defence in depth: whatever the parser lets through, the connection that runs models is sealed."""
    con = duckdb.connect()
    seal(con)
    attempts = ("SELECT * FROM 'seeds/levels.csv'", "SELECT * FROM read_csv('/etc/passwd')", "COPY (SELECT 1) TO '/tmp/x.csv'")
    for sql in (*attempts, "SET enable_external_access = true"):
        with pytest.raises(duckdb.Error, match="disabled by configuration|locked"):
            con.execute(sql)


# ── Ad hoc queries: no file, no directory, a time, memory and size limit ───────────────────────


@pytest.mark.parametrize(
    "sql",
    [
        "EXPORT DATABASE '{spill}/dump'",
        "COPY (SELECT 1) TO '{spill}/x.csv'",
        "SELECT * FROM read_text('{spill}/*')",
        "SELECT * FROM glob('{spill}/*')",
        "SELECT * FROM '{spill}/x.csv'",
    ],
)
def test_a_query_has_no_readable_or_writable_directory_not_even_duckdbs_temp_folder(project, sql):
    spill = project / "warehouse.duckdb.tmp"  # where DuckDB would spill: made to exist, as after a big query
    spill.mkdir()
    (spill / "x.csv").write_text("a\n1\n")
    result = cli(project, "query", sql.format(spill=spill))
    assert result.returncode == 1 and "disabled by configuration" in result.stderr, result.stderr
    assert sorted(p.name for p in spill.iterdir()) == ["x.csv"]


def test_a_query_that_never_ends_stops_at_its_time_limit(project):
    started = time.monotonic()
    result = cli(project, "query", "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n", "--timeout", "1")
    assert result.returncode == 1
    assert "the query: stopped after the time limit of 1 seconds" in result.stderr
    assert time.monotonic() - started < 10


def test_query_limits_and_values_that_used_to_crash(project):
    assert cli(project, "query", "SELECT now() AS t", "--format", "csv").returncode == 0
    assert json.loads(cli(project, "query", "SELECT 'nan'::DOUBLE AS a, 'inf'::DOUBLE AS b", "--format", "json").stdout) == [{"a": None, "b": None}]
    assert "cannot read this as postgres SQL" in cli(project, "query", "SELECT 'abc", "--dialect", "postgres").stderr
    assert "longer than 1,000,000 characters" in cli(project, "query", "SELECT 1 -- " + "x" * 1_000_000).stderr
    too_big = cli(project, "query", "SELECT count(DISTINCT i::VARCHAR || 'padding') FROM range(30000000) AS t(i)", "--memory-limit", "50MB")
    assert too_big.returncode == 1 and "Error: query" in too_big.stderr and "Traceback" not in too_big.stderr


# ── Builds: kernel lock, snapshots, leftovers, special files, limits, interrupts ────────────────


def test_a_lock_file_left_with_a_live_unrelated_pid_does_not_block_builds(project):
    (project / "warehouse.duckdb.lock").write_text(str(os.getppid()))  # alive, but holds no kernel lock
    edit(project / "sql" / "rpt_source_coverage.sql", "', '", "'; '")
    builds_again(project)


@pytest.mark.slow
def test_builds_started_together_publish_once_and_never_race(project):
    (project / "warehouse.duckdb.lock").write_text("999999")  # a stale lock file from a killed build
    edit(project / "sql" / "rpt_source_coverage.sql", "', '", "'; '")
    command = [sys.executable, str(ROOT / "warehouse.py"), "build", "--project", str(project)]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(4)]
    outputs = [run.communicate(timeout=120) for run in runs]
    published = [out for out, _err in outputs if "Published build" in out]
    assert len(published) == 1, outputs
    for run, (out, err) in zip(runs, outputs):
        assert run.returncode == 0 and ("Published build" in out or "Nothing changed" in out) or "is publishing warehouse.duckdb" in err
    assert fetch(project, "SELECT warehouse_build()")[0][0] == 2


def test_a_seed_edited_after_the_plan_is_not_published_under_the_old_version(project):
    config = engine.Project.at(project)
    graph = engine.load_graph(config)
    edit(project / "seeds" / "levels.csv", "Officials below director-general.", "Officials below DG.")
    with pytest.raises(engine.WarehouseError, match="seeds/levels.csv: changed while the build was running; run the build again"):
        with snapshot(config, graph.nodes["raw_levels"].seed, graph.nodes["raw_levels"].content, None):
            pass
    assert duckdb_files(project) == PUBLISHED_FILES
    builds_again(project)
    assert fetch(project, "SELECT description FROM raw_levels WHERE level = 'working'") == [("Officials below DG.",)]


def test_leftovers_of_a_build_killed_while_spilling_are_cleaned_by_the_next_build(project):
    spill = project / ".warehouse.duckdb.build-999999.tmp.tmp"
    spill.mkdir()
    (spill / "duckdb_temp_storage-0.tmp").write_bytes(b"x" * 1000)
    (project / ".warehouse.duckdb.build-999999.tmp").write_bytes(b"half a copy")
    (project / ".warehouse.duckdb.build-999999.levels.csv").write_bytes(b"a snapshot")
    (project / ".warehouse.duckdb.build-999999.events.csv.new").write_bytes(b"its new lines")
    edit(project / "sql" / "rpt_source_coverage.sql", "', '", "'; '")
    builds_again(project)
    assert duckdb_files(project) == PUBLISHED_FILES


SPECIAL_FILES: dict[str, Callable[[Path], None]] = {
    "a FIFO as a seed": lambda project: replace_with(project / "seeds" / "levels.csv", os.mkfifo),
    "a folder as a seed": lambda project: replace_with(project / "seeds" / "levels.csv", os.mkdir),
}


def replace_with(path: Path, make: Callable[[Path], None]) -> None:
    path.unlink()
    make(path)


@pytest.mark.parametrize("make", SPECIAL_FILES.values(), ids=SPECIAL_FILES.keys())
def test_special_files_as_seeds_are_refused_at_once(project, make):
    original = (project / "seeds" / "levels.csv").read_bytes()
    make(project)
    for command in ("check", "build"):
        refused(project, (command,), "seeds/levels.csv: not a regular file (a folder, FIFO or device): a seed is a CSV file")
    path = project / "seeds" / "levels.csv"
    shutil.rmtree(path) if path.is_dir() else path.unlink()
    path.write_bytes(original)
    builds_again(project)


@pytest.mark.parametrize("make", [os.mkfifo, os.mkdir], ids=["fifo", "folder"])
def test_special_files_as_models_are_refused_at_once(project, make):
    make(project / "sql" / "int_special.sql")
    refused(project, ("build",), "sql/int_special.sql: not a regular file (a folder, FIFO or device): a model is a .sql file")


def test_a_model_file_with_bytes_that_are_not_utf8(project):
    path = project / "sql" / "stg_levels.sql"
    path.write_bytes(path.read_bytes().replace(b"Level name.", b"Level name \xe9."))
    refused(project, ("build",), "sql/stg_levels.sql: bytes that are not UTF-8 at byte")


def test_a_row_with_thousands_of_extra_values_is_one_problem_and_stays_small(project):
    path = project / "seeds" / "levels.csv"
    line = len(path.read_text(encoding="utf-8").splitlines()) + 1
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(",".join(["x"] * 5002) + "\n")
    stderr = refused(project, ("build",), f"seeds/levels.csv:{line}:4: row has more values than the header's 3 columns")
    assert stderr.count(f"seeds/levels.csv:{line}:4") == 1 and len(stderr) < 2000


def test_problems_per_file_are_capped(project):
    with open(project / "seeds" / "levels.csv", "a", encoding="utf-8") as handle:
        handle.writelines(f"level-{i},not-a-rank,Bad.\n" for i in range(120))
    stderr = refused(project, ("build",), "… and 50 more problems in this file")
    assert stderr.count("rank: not a valid INTEGER") == 50


def test_cr_only_line_ends_load(project):
    path = project / "seeds" / "levels.csv"
    rows = len(path.read_text(encoding="utf-8").splitlines()) - 1
    path.write_bytes(path.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r"))
    assert cli(project, "build").returncode == 0
    assert fetch(project, "SELECT count(*) FROM raw_levels")[0][0] == rows


@pytest.mark.parametrize("date", ["0000-01-01", "-0044-03-15", "10000-01-01", "infinity", "1899-12-31"])
def test_dates_outside_1900_to_2100_are_refused(project, date):
    edit(project / "seeds" / "articles.csv", "2024-11-01,", f"{date},")
    refused(project, ("build",), "seeds/articles.csv:")
    refused(project, ("check",), "published_date")


NEVER_ENDS = ("FROM raw_levels", "FROM raw_levels WHERE (WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n) > 0")


def test_a_timeout_stops_a_model_that_never_ends(project):
    edit(
        project / "sql" / "stg_levels.sql",
        "FROM raw_levels",
        "FROM raw_levels WHERE (WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n) > 0",
    )
    started = time.monotonic()
    refused(project, ("build", "--timeout", "2"), "the build: stopped after the time limit of 2 seconds (--timeout); nothing was published")
    assert time.monotonic() - started < 15


@pytest.mark.slow
@pytest.mark.parametrize("signal_number", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_ctrl_c_stops_a_build_within_two_seconds_and_publishes_nothing(project, signal_number):
    edit(
        project / "sql" / "stg_levels.sql",
        "FROM raw_levels",
        "FROM raw_levels WHERE (WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n) > 0",
    )
    before = digest(project / "warehouse.duckdb")
    build = subprocess.Popen([sys.executable, str(ROOT / "warehouse.py"), "build", "--project", str(project)], stderr=subprocess.PIPE, text=True)
    time.sleep(4)
    assert build.poll() is None, "the model never ends"
    sent = time.monotonic()
    build.send_signal(signal_number)
    _out, err = build.communicate(timeout=30)
    assert time.monotonic() - sent < 2.5
    assert build.returncode == 1 and "the build: interrupted; nothing was published" in err, err
    assert "Traceback" not in err
    assert digest(project / "warehouse.duckdb") == before
    assert duckdb_files(project) == PUBLISHED_FILES


# ── The environment: disk, limits, folders, broken files, settings, caches ──────────────────────


@pytest.mark.slow
def test_a_file_size_limit_is_an_error_line_and_costs_nothing(project):
    edit(project / "sql" / "rpt_source_coverage.sql", "', '", "'; '")
    size = (project / "warehouse.duckdb").stat().st_size
    before = digest(project / "warehouse.duckdb")

    def limit_file_size():
        resource.setrlimit(resource.RLIMIT_FSIZE, (size // 2, size // 2))

    result = subprocess.run(
        [sys.executable, str(ROOT / "warehouse.py"), "build", "--project", str(project)],
        capture_output=True,
        text=True,
        preexec_fn=limit_file_size,
        timeout=120,
    )
    assert result.returncode == 1, result.stderr
    assert "cannot write the new build beside the published file: File too large" in result.stderr
    assert "Traceback" not in result.stderr
    assert digest(project / "warehouse.duckdb") == before
    assert duckdb_files(project) == PUBLISHED_FILES
    builds_again(project)


def test_db_under_a_regular_file_and_a_lock_path_that_is_a_folder(project):
    (project / "not-a-folder").write_text("x")
    result = cli(project, "build", "--db", str(project / "not-a-folder" / "w.duckdb"))
    assert result.returncode == 1 and "cannot take the build lock" in result.stderr
    (project / "warehouse.duckdb.lock").mkdir()
    edit(project / "sql" / "rpt_source_coverage.sql", "', '", "'; '")
    refused(project, ("build",), "warehouse.duckdb.lock: cannot take the build lock: Is a directory", left=("warehouse.duckdb.lock",))
    (project / "warehouse.duckdb.lock").rmdir()
    builds_again(project)


@pytest.mark.parametrize("command", [("query", "SELECT count(DISTINCT COLUMNS(*)) FROM rpt_period_events"), ("test",)])
def test_a_truncated_published_file_is_an_error_line(project, command):
    path = project / "warehouse.duckdb"
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    edit(project / "sql" / "rpt_source_coverage.sql", "', '", "'; '")
    refused(project, command, "warehouse.duckdb")


def test_a_truncated_published_file_is_built_again_from_the_seeds(project):
    path = project / "warehouse.duckdb"
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    edit(project / "sql" / "rpt_source_coverage.sql", "', '", "'; '")
    result = cli(project, "build")
    assert result.returncode == 0, result.stderr
    assert "the published file was changed outside a build and is written again" in result.stdout
    assert cli(project, "test").returncode == 0
    assert fetch(project, "SELECT count(*) FROM fct_events")[0][0] > 0


def test_a_rollback_over_a_truncated_published_file_asks_for_a_build_first(project):
    edit(project / "sql" / "rpt_source_coverage.sql", "', '", "'; '")
    assert cli(project, "build").returncode == 0
    path = project / "warehouse.duckdb"
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    before = digest(path)
    refused(project, ("rollback", "1"), "run `warehouse build` (it builds the current tables again), then roll back")
    assert digest(path) == before
    assert cli(project, "build").returncode == 0
    result = cli(project, "rollback", "1")
    assert result.returncode == 0, result.stderr
    assert cli(project, "test").returncode == 0
    assert fetch(project, "SELECT count(*) FROM rpt_source_coverage WHERE article_ids LIKE '%; %'") == [(0,)]


def test_malformed_settings_from_the_environment_are_clear(project):
    memory = cli(project, "build", env={"WAREHOUSE_MEMORY_LIMIT": "lots"})
    assert memory.returncode == 1 and "Error: --memory-limit: not a size: use for example 3GB, 512MB or 2GiB (lots)" in memory.stderr
    keep = cli(project, "build", env={"WAREHOUSE_KEEP": "abc"})
    assert keep.returncode == 2 and "Invalid value for '--keep' (env var: 'WAREHOUSE_KEEP')" in keep.stderr


@pytest.mark.parametrize(
    "content",
    [
        "[1, 2, 3]",
        "not json",
        '{"tools": "x", "entries": []}',
        json.dumps({"tools": __import__("warehouse_engine.cache", fromlist=["x"]).TOOL_VERSIONS, "entries": {"anything": {"name": 1}}}),
    ],
)
def test_cache_files_of_the_wrong_shape_cost_time_not_results(project, content):
    for name in ("models", "contract", "hashes", "lineage"):
        (project / ".cache" / f"{name}.json").write_text(content)
    edit(project / "sql" / "rpt_source_coverage.sql", "', '", "'; '")
    builds_again(project)
    assert cli(project, "docs").returncode == 0


def test_the_published_file_keeps_its_mode(project):
    path = project / "warehouse.duckdb"
    os.chmod(path, 0o640)
    edit(project / "sql" / "rpt_source_coverage.sql", "', '", "'; '")
    builds_again(project)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_the_lock_is_a_kernel_lock_held_for_the_whole_build(project):
    lock = project / "warehouse.duckdb.lock"
    with open(lock, "w") as holder:
        fcntl.flock(holder, fcntl.LOCK_EX | fcntl.LOCK_NB)
        edit(project / "sql" / "rpt_source_coverage.sql", "', '", "'; '")
        refused(project, ("build",), "is publishing warehouse.duckdb; wait for it to finish and run again", left=("warehouse.duckdb.lock",))
        assert cli_process(project, "build").returncode == 1
    builds_again(project)
