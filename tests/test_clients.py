"""The published file as the tools people have see it: DuckDB 1.4 and 1.5 clients, installed from the
package registry into throwaway environments, open it and list exactly the public tables."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest
from conftest import cli, fetch

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
