"""Issue 5: ad hoc SQL through `warehouse query`, and BI-style clients through SQLAlchemy."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from conftest import cli, digest, edit, fetch

REPORT = "SELECT event_id, title, status, status_path, milestones, date_start FROM rpt_agreement_register ORDER BY event_id"


def test_table_format_is_the_default_and_says_when_it_cuts_rows(project):
    result = cli(project, "query", "SELECT event_id FROM fct_events ORDER BY event_id", "--limit", "5")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].strip() == "event_id" and set(lines[1]) == {"-"}
    assert len(lines) == 7
    assert "showing the first 5 rows" in result.stderr


def test_every_output_format_round_trips_the_same_rows(project):
    expected = [tuple("" if v is None else str(v) for v in row) for row in fetch(project, REPORT)]
    as_csv = cli(project, "query", REPORT, "--format", "csv")
    rows = list(csv.reader(io.StringIO(as_csv.stdout)))
    assert rows[0] == ["event_id", "title", "status", "status_path", "milestones", "date_start"]
    assert [tuple(r) for r in rows[1:]] == expected
    as_json = json.loads(cli(project, "query", REPORT, "--format", "json").stdout)
    assert [tuple("" if v is None else str(v) for v in r.values()) for r in as_json] == expected
    as_markdown = cli(project, "query", REPORT, "--format", "markdown").stdout.splitlines()
    assert as_markdown[1].startswith("|---")
    parsed = [tuple(cell.strip() for cell in line.strip("|").split(" | ")) for line in as_markdown[2:]]
    assert [tuple("" if v == "NULL" else v for v in r) for r in parsed] == expected
    as_table = cli(project, "query", REPORT).stdout.splitlines()
    assert len(as_table) == len(expected) + 2


def test_csv_and_json_stream_every_row(project):
    result = cli(project, "query", "SELECT * FROM range(100000) AS t(i)", "--format", "csv")
    lines = result.stdout.splitlines()
    assert len(lines) == 100001 and lines[0] == "i" and lines[-1] == "99999"
    assert len(json.loads(cli(project, "query", "SELECT * FROM range(5000) AS t(i)", "--format", "json").stdout)) == 5000


def test_sql_from_a_file_and_from_stdin(project, tmp_path):
    query = tmp_path / "q.sql"
    query.write_text("SELECT count(*) AS n FROM raw_events")
    from_file = cli(project, "query", "--file", str(query), "--format", "csv")
    from_stdin = cli(project, "query", "-", "--format", "csv", input="SELECT count(*) AS n FROM raw_events")
    assert from_file.stdout == from_stdin.stdout == "n\n34\n"


def test_a_postgres_dialect_query_runs_through_transpiling(project):
    sql = "SELECT event_id::text AS id, title FROM fct_events WHERE title ILIKE '%summit%' AND NOT is_context ORDER BY 1"
    result = cli(project, "query", sql, "--dialect", "postgres", "--format", "csv", "--show-sql")
    assert result.returncode == 0, result.stderr
    assert "CAST(event_id AS TEXT)" in result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["id"] for r in rows] == ["joint-statement-2023-07", "summit-2023-07-brussels"]


@pytest.mark.parametrize(
    "sql,refusal",
    [
        ("INSERT INTO rpt_periods (period) VALUES ('x')", "read-only"),
        ("CREATE TABLE scratch AS SELECT 1", "read-only"),
        ("DELETE FROM raw_events", "read-only"),
        ("COPY (SELECT * FROM raw_events) TO '{tmp}/out.csv'", "disabled by configuration"),
        ("SELECT * FROM read_csv('/etc/passwd')", "disabled by configuration"),
        ("SELECT * FROM read_text('/etc/hostname')", "disabled by configuration"),
        ("SELECT * FROM glob('/etc/*')", "disabled by configuration"),
        ("ATTACH '{tmp}/other.duckdb' AS other", "disabled by configuration"),
        ("INSTALL httpfs", "disabled by configuration"),
        ("LOAD httpfs", "disabled through configuration"),
        ("SET enable_external_access = true", "configuration has been locked"),
        ("EXPORT DATABASE '{tmp}/dump'", "disabled by configuration"),
    ],
)
def test_the_query_sandbox_refuses_writes_and_file_access(project, tmp_path, sql, refusal):
    before = digest(project / "warehouse.duckdb")
    result = cli(project, "query", sql.format(tmp=tmp_path))
    assert result.returncode == 1
    assert result.stderr.startswith("Error: query"), result.stderr
    assert refusal in result.stderr
    assert "Traceback" not in result.stderr
    assert digest(project / "warehouse.duckdb") == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project"]


def test_a_query_error_says_where_in_the_query(project):
    result = cli(project, "query", "SELECT title\nFROM fct_events\nWHERE statuss = 'held'")
    assert result.returncode == 1
    assert re.match(r"Error: query:3:\d+: Binder Error: Referenced column \"statuss\" not found", result.stderr), result.stderr


def test_a_file_locked_by_a_writer_gets_a_clear_message(project):
    import subprocess
    import sys

    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys; c = duckdb.connect(sys.argv[1]); print('held', flush=True); sys.stdin.read()",
            str(project / "warehouse.duckdb"),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        result = cli(project, "query", "SELECT 1")
        assert result.returncode == 1
        assert f"process {holder.pid} has the file open read-write" in result.stderr
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)


def test_sqlalchemy_lists_exactly_the_public_tables_with_their_comments(project):
    sqlalchemy = pytest.importorskip("sqlalchemy")
    engine = sqlalchemy.create_engine(f"duckdb:///{project / 'warehouse.duckdb'}", connect_args={"read_only": True}, poolclass=sqlalchemy.pool.NullPool)
    inspector = sqlalchemy.inspect(engine)
    tables = inspector.get_table_names()
    assert sorted(tables) == sorted(name for (name,) in fetch(project, "SELECT table_name FROM duckdb_tables()"))
    assert {"fct_events", "rpt_agreement_register", "raw_events"} <= set(tables)
    assert inspector.get_view_names() == []
    assert "_warehouse" not in inspector.get_schema_names()
    assert inspector.get_table_comment("fct_events")["text"].startswith("One row per event")
    columns = {c["name"]: c for c in inspector.get_columns("rpt_agreement_register")}
    assert columns["status_path"]["comment"].startswith("Each milestone with the date it happened")
    assert {c["name"] for c in inspector.get_columns("raw_events")} >= {"event_id", "title", "event_type", "is_context"}
    table = sqlalchemy.Table("rpt_agreement_register", sqlalchemy.MetaData(), autoload_with=engine)
    with engine.connect() as connection:
        rows = connection.execute(sqlalchemy.select(table.c.event_id, table.c.status).where(table.c.event_id == "sdp-2024")).all()
    assert rows == [("sdp-2024", "agreed")]
    engine.dispose()


def test_a_sqlalchemy_client_keeps_working_across_a_publish_and_sees_it_after_reconnecting(project):
    sqlalchemy = pytest.importorskip("sqlalchemy")
    engine = sqlalchemy.create_engine(f"duckdb:///{project / 'warehouse.duckdb'}", connect_args={"read_only": True}, poolclass=sqlalchemy.pool.NullPool)
    query = sqlalchemy.text("SELECT article_ids FROM rpt_source_coverage WHERE article_count > 1 ORDER BY event_id LIMIT 1")
    with engine.connect() as held:
        before = held.execute(query).scalar()
        edit(project / "sql" / "rpt_source_coverage.sql", "', '", "' + '")
        assert cli(project, "build").returncode == 0
        assert held.execute(query).scalar() == before  # a connected client keeps its consistent view
    with engine.connect() as fresh:  # NullPool: a new connection opens the new file
        assert " + " in fresh.execute(query).scalar()
    engine.dispose()
