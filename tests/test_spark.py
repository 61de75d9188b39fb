"""The same models on Apache Spark: a local Spark and a Spark Connect server started here build the
same tables as DuckDB (names, types, values), and `check --engine spark` finds what is not portable."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from additions import add_generated_events
from conftest import cli, copy_project, edit

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("java") is None, reason="Spark needs Java (17) on the PATH; this machine has none"),
]


def differing_tables(duckdb_file: Path, spark_file: Path) -> list[str]:
    """Tables whose columns, types or rows (as a multiset) differ between two published files."""
    con = duckdb.connect()
    con.execute(f"ATTACH '{duckdb_file}' AS d (READ_ONLY)")
    con.execute(f"ATTACH '{spark_file}' AS s (READ_ONLY)")
    names = [name for (name,) in con.execute("SELECT table_name FROM duckdb_tables() WHERE database_name = 'd' ORDER BY 1").fetchall()]
    assert names == [name for (name,) in con.execute("SELECT table_name FROM duckdb_tables() WHERE database_name = 's' ORDER BY 1").fetchall()]
    differ = []
    for name in names:
        same_types = con.execute(f"DESCRIBE d.main.{name}").fetchall() == con.execute(f"DESCRIBE s.main.{name}").fetchall()
        missing = con.execute(f"SELECT count(*) FROM (SELECT * FROM d.main.{name} EXCEPT ALL SELECT * FROM s.main.{name})").fetchone()[0]
        extra = con.execute(f"SELECT count(*) FROM (SELECT * FROM s.main.{name} EXCEPT ALL SELECT * FROM d.main.{name})").fetchone()[0]
        if not same_types or missing or extra:
            differ.append(f"{name}: types {'same' if same_types else 'differ'}, {missing} rows missing, {extra} extra")
    con.close()
    return differ


def test_a_local_spark_build_of_the_real_seeds_equals_the_duckdb_build(project, tmp_path):
    spark_project = copy_project(tmp_path / "spark")
    result = cli(spark_project, "build", "--engine", "spark")
    assert result.returncode == 0, result.stderr
    assert "Spark " in result.stderr and "ready in" in result.stderr
    assert differing_tables(project / "warehouse.duckdb", spark_project / "warehouse.duckdb") == []
    assert cli(spark_project, "test").returncode == 0
    assert not any(".spark" in p.name for p in spark_project.iterdir()), "the Parquet staging folder is removed"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def spark_connect_server(tmp_path):
    """A Spark Connect server on 127.0.0.1, from the pyspark package's own jars."""
    import pyspark

    home = Path(pyspark.__file__).parent
    port = free_port()
    server = subprocess.Popen(
        [
            str(home / "bin" / "spark-submit"),
            "--class",
            "org.apache.spark.sql.connect.service.SparkConnectServer",
            "--master",
            "local[2]",
            "--conf",
            f"spark.connect.grpc.binding.port={port}",
            "--conf",
            "spark.connect.grpc.binding.address=127.0.0.1",
            "--conf",
            "spark.ui.enabled=false",
            "--conf",
            "spark.sql.session.timeZone=UTC",
            "spark-internal",
        ],
        env={**os.environ, "SPARK_HOME": str(home), "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"},
        stdout=subprocess.DEVNULL,
        stderr=open(tmp_path / "spark-connect.log", "w"),
    )
    try:
        for _ in range(120):
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            assert server.poll() is None, (tmp_path / "spark-connect.log").read_text()[-2000:]
            time.sleep(0.5)
        yield f"sc://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=60)


def test_a_generated_data_set_built_through_spark_connect_equals_the_duckdb_build(tmp_path, spark_connect_server):
    on_duckdb, on_spark = copy_project(tmp_path / "duckdb"), copy_project(tmp_path / "spark")
    for project in (on_duckdb, on_spark):
        add_generated_events(project, 100)
    assert cli(on_duckdb, "build").returncode == 0
    result = cli(on_spark, "build", "--engine", "spark", "--spark-remote", spark_connect_server)
    assert result.returncode == 0, result.stderr
    assert f"({spark_connect_server})" in result.stderr
    assert differing_tables(on_duckdb / "warehouse.duckdb", on_spark / "warehouse.duckdb") == []


def test_check_on_spark_passes_the_real_models_and_locates_what_spark_cannot_run(project):
    passed = cli(project, "check", "--engine", "spark")
    assert passed.returncode == 0, passed.stderr
    assert "on Spark (LIMIT 0)" in passed.stderr
    model = project / "sql" / "rpt_levels.sql"
    edit(model, "SELECT * FROM stg_levels", "SELECT *, strip_accents(level) AS plain_level FROM stg_levels")
    assert cli(project, "check").returncode == 0, "DuckDB runs it"
    result = cli(project, "check", "--engine", "spark")
    assert result.returncode == 1
    line = next(n for n, text in enumerate(model.read_text().splitlines(), 1) if "strip_accents" in text)
    assert f"Error: sql/rpt_levels.sql:{line}:" in result.stderr and "Spark cannot run rpt_levels" in result.stderr, result.stderr
