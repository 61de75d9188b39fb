"""The published file as the tools people have see it: DuckDB 1.4 and 1.5 clients, the client libraries
of the README's recipes (installed from the package registry into throwaway environments), and the
README's own recipe code and connection settings, run as written."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest
from conftest import ROOT, cli, fetch

pytestmark = pytest.mark.slow

LIST_TABLES = """
import json, sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
tables = con.execute("SELECT schema_name, table_name, comment FROM duckdb_tables() ORDER BY table_name").fetchall()
described = con.execute("SELECT count(*) FILTER (coalesce(comment, '') <> ''), count(*) FROM duckdb_columns() WHERE NOT internal").fetchone()
as_known = con.execute("SELECT count(*) FROM events_as_known_on(DATE '2023-09-30')").fetchone()[0]
build = con.execute("SELECT warehouse_build()").fetchone()[0]
print(json.dumps({"version": duckdb.__version__, "tables": tables, "described": described, "as_known": as_known, "build": build}))
"""


@pytest.fixture(scope="module")
def duckdb_14(tmp_path_factory) -> Path:
    """A Python with DuckDB 1.4 (the oldest release the default storage version serves)."""
    where = tmp_path_factory.mktemp("duckdb-1.4")
    venv.create(where, with_pip=True)
    python = where / "bin" / "python"
    installed = subprocess.run([str(python), "-m", "pip", "install", "-q", "duckdb==1.4.4"], capture_output=True, text=True, timeout=600)
    assert installed.returncode == 0, f"cannot install duckdb 1.4.4 from the package registry: {installed.stderr[-500:]}"
    return python


def public_tables(project: Path) -> list:
    return [list(row) for row in fetch(project, "SELECT schema_name, table_name, comment FROM duckdb_tables() ORDER BY table_name")]


def test_a_duckdb_14_client_opens_the_file_and_lists_exactly_the_public_tables(project, duckdb_14):
    seen = json.loads(subprocess.run([str(duckdb_14), "-c", LIST_TABLES, str(project / "warehouse.duckdb")], capture_output=True, text=True, check=True).stdout)
    assert seen["version"].startswith("1.4.")
    assert seen["tables"] == public_tables(project)
    assert seen["described"][0] == seen["described"][1] > 600
    assert seen["as_known"] > 0 and seen["build"] == 1


def test_the_duckdb_15_cli_lists_exactly_the_public_tables(project):
    binary = shutil.which("duckdb", path=str(Path(sys.executable).parent))
    if binary is None:
        pytest.fail("the DuckDB CLI comes with the test extra (duckdb-cli): pip install -e '.[test]'")
    assert subprocess.run([binary, "--version"], capture_output=True, text=True, check=True).stdout.startswith("v1.5.")
    listed = subprocess.run(
        [
            binary,
            "-readonly",
            "-json",
            str(project / "warehouse.duckdb"),
            "-c",
            "SELECT schema_name, table_name, comment FROM duckdb_tables() ORDER BY table_name",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert [[r["schema_name"], r["table_name"], r["comment"]] for r in json.loads(listed)] == public_tables(project)


def test_a_newer_storage_version_is_refused_by_duckdb_14_and_said_in_the_option(project, duckdb_14):
    result = cli(project, "build", "--storage-version", "v1.5.0")
    assert result.returncode == 0, result.stderr
    refused = subprocess.run([str(duckdb_14), "-c", LIST_TABLES, str(project / "warehouse.duckdb")], capture_output=True, text=True)
    assert refused.returncode != 0 and "version" in refused.stderr.lower()
    assert cli(project, "build").returncode == 0  # back to the default: written again in v1.4.0
    assert (
        json.loads(subprocess.run([str(duckdb_14), "-c", LIST_TABLES, str(project / "warehouse.duckdb")], capture_output=True, text=True, check=True).stdout)[
            "build"
        ]
        == 3
    )


def readme_block(heading: str, language: str) -> str:
    """The first ```language block under a README heading: the recipes are tested as written."""
    section = (ROOT / "README.md").read_text(encoding="utf-8").split(f"### {heading}")[1]
    return re.search(rf"```{language}\n(.*?)```", section, re.S).group(1)


NEWEST = "Python: always the newest build (tested)"
SUPERSET = "SQLAlchemy, and Superset through it (tested)"


def test_the_readme_helper_opens_the_newest_build_while_an_older_connection_is_open(project):
    import duckdb

    recipe: dict = {}
    exec(readme_block(NEWEST, "python"), recipe)
    path = project / "warehouse.duckdb"
    held = duckdb.connect(str(path), read_only=True)  # e.g. a cached connection elsewhere in the process
    try:
        (project / "sql" / "rpt_source_coverage.sql").write_text((project / "sql" / "rpt_source_coverage.sql").read_text().replace("', '", "' + '"))
        assert cli(project, "build").returncode == 0
        plain = duckdb.connect(str(path), read_only=True)
        assert plain.execute("SELECT warehouse_build()").fetchone()[0] == 1, "plain connect hands back the old instance"
        plain.close()
        with recipe["connect_warehouse"](path) as con:
            assert con.execute("SELECT warehouse_build()").fetchone()[0] == 2
            with pytest.raises(duckdb.Error, match="disabled|Permission"):
                con.execute("SELECT * FROM read_csv('/etc/passwd')")
    finally:
        held.close()


@pytest.mark.parametrize(
    "sql",
    ["SELECT * FROM read_csv('/etc/passwd')", "COPY fct_events TO '{tmp}/out.csv'", "ATTACH '{tmp}/other.duckdb'", "SET enable_external_access = true"],
)
def test_the_readme_superset_parameters_refuse_files_and_settings(project, tmp_path, sql):
    sqlalchemy = pytest.importorskip("sqlalchemy")
    out = tmp_path / "out"
    out.mkdir()
    parameters = json.loads(readme_block(SUPERSET, "json"))
    engine = sqlalchemy.create_engine(f"duckdb:///{project / 'warehouse.duckdb'}", poolclass=sqlalchemy.pool.NullPool, **parameters)
    try:
        assert set(sqlalchemy.inspect(engine).get_table_names()) == {name for (name,) in fetch(project, "SELECT table_name FROM duckdb_tables()")}
        with engine.connect() as connection, pytest.raises(sqlalchemy.exc.DBAPIError, match="disabled by configuration|locked|Permission"):
            connection.execute(sqlalchemy.text(sql.format(tmp=out)))
        assert not any(out.iterdir())
    finally:
        engine.dispose()


CLIENT_LIBRARIES = ["duckdb==1.5.6", "pandas", "polars", "pyarrow", "ibis-framework[duckdb]==12.*", "sqlalchemy>=2.1,<2.2", "duckdb-sqlalchemy", "harlequin"]

RECIPES = """
import json, sys
exec(sys.argv[2])  # the README's connect_warehouse
path = sys.argv[1]
seen = {}
seen["pandas"] = len(connect_warehouse(path).sql("SELECT * FROM rpt_period_summary").df())
seen["polars"] = connect_warehouse(path).sql("SELECT * FROM rpt_period_summary").pl().height
import ibis
con = ibis.duckdb.connect()
for statement in warehouse_statements(path):
    con.raw_sql(statement)
seen["ibis"] = sorted(con.list_tables())
import sqlalchemy
engine = sqlalchemy.create_engine(f"duckdb:///{path}", poolclass=sqlalchemy.pool.NullPool, **json.loads(sys.argv[3]))
inspector = sqlalchemy.inspect(engine)
seen["sqlalchemy"] = [sqlalchemy.__version__, sorted(inspector.get_table_names()), inspector.get_table_comment("fct_events")["text"]]
from harlequin_duckdb.adapter import DuckDbAdapter
catalog = DuckDbAdapter(conn_str=(path,), read_only=True).connect().get_catalog()
seen["harlequin"] = [[item.label, [child.label for child in (item.children or item.fetch_children())]] for item in catalog.items]
print(json.dumps(seen))
"""


@pytest.fixture(scope="module")
def client_libraries(tmp_path_factory) -> Path:
    where = tmp_path_factory.mktemp("clients")
    venv.create(where, with_pip=True)
    python = where / "bin" / "python"
    installed = subprocess.run([str(python), "-m", "pip", "install", "-q", *CLIENT_LIBRARIES], capture_output=True, text=True, timeout=900)
    assert installed.returncode == 0, f"cannot install the client libraries from the package registry: {installed.stderr[-500:]}"
    return python


def test_the_client_libraries_of_the_recipes_read_the_public_tables(project, client_libraries):
    run = subprocess.run(
        [str(client_libraries), "-c", RECIPES, str(project / "warehouse.duckdb"), readme_block(NEWEST, "python"), readme_block(SUPERSET, "json")],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    seen = json.loads(run.stdout)
    public = sorted(name for (name,) in fetch(project, "SELECT table_name FROM duckdb_tables()"))
    periods = fetch(project, "SELECT count(*) FROM rpt_period_summary")[0][0]
    assert seen["pandas"] == seen["polars"] == periods
    assert seen["ibis"] == public
    assert seen["sqlalchemy"][0].startswith("2.1.") and seen["sqlalchemy"][1] == public and seen["sqlalchemy"][2].startswith("One row per event")
    assert seen["harlequin"] == [["warehouse", ["main"]]]
