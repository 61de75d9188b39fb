"""Models run on Apache Spark: local, or a cluster through Spark Connect.

DuckDB still loads and validates the seeds, and everything after the models (tests, comments,
versions, publish) happens as in a DuckDB build. In between, the tables the models read are staged as
Parquet, each model runs on Spark as transpiled by portable.to_spark, writes its result as Parquet, and
that result returns into the build's DuckDB with DuckDB's own column types.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional

import duckdb

from .datatests import DataTest
from .errors import Problem, Progress, WarehouseError, first_line, quiet
from .models import Model
from .portable import to_spark
from .quoting import sql_name, sql_string

INSTALL = "pip install -e '.[spark]' (pyspark with Spark Connect), and Java 17 for a local Spark"


@dataclass(frozen=True)
class SparkOptions:
    remote: Optional[str] = None  # sc://host:port for Spark Connect; None: a local Spark in this process
    staging: Optional[Path] = None  # where Parquet is exchanged; a path this machine and the cluster share


class SparkEngine:
    """One Spark session for one build or check, and the folder where tables are exchanged."""

    def __init__(self, options: SparkOptions, default_staging: Path, progress: Progress = quiet):
        self.options, self.progress = options, progress
        self.staging = Path(options.staging) / default_staging.name if options.staging else default_staging
        self.session = None
        self.seconds = {"start": 0.0, "staging": 0.0, "models on Spark": 0.0, "back into DuckDB": 0.0, "tests on Spark": 0.0}  # where the time goes

    def __enter__(self) -> SparkEngine:
        started = time.perf_counter()
        self.staging.mkdir(parents=True, exist_ok=True)
        self.session = start_session(self.options.remote)
        self.seconds["start"] = time.perf_counter() - started
        self.progress(f"Spark {self.session.version} ready in {self.seconds['start']:.1f}s ({self.options.remote or 'local'})")
        return self

    def __exit__(self, *exc) -> None:
        if any(self.seconds[step] for step in ("staging", "models on Spark")):
            self.progress("Spark time: " + ", ".join(f"{step} {seconds:.1f}s" for step, seconds in self.seconds.items()))
        # A local session stays up for the rest of the process (its JVM takes seconds to start); its
        # temporary views are replaced by the next build's. A Spark Connect session is closed.
        if self.session is not None and self.options.remote:
            self.session.stop()
        shutil.rmtree(self.staging, ignore_errors=True)

    def stage(self, con: duckdb.DuckDBPyConnection, names: Iterable[str]) -> None:
        """Each table as Parquet, registered in Spark under its own name. Runs before the build's
        connection is sealed, since DuckDB writes the files."""
        started = time.perf_counter()
        for name in sorted(names):
            path = self.staging / f"{name}.parquet"
            con.execute(f"COPY (SELECT * FROM {sql_name(name)}) TO {sql_string(str(path))} (FORMAT parquet)")
            self.session.read.parquet(str(path)).createOrReplaceTempView(name)
        self.seconds["staging"] += time.perf_counter() - started

    def build(self, con: duckdb.DuckDBPyConnection, model: Model, table: str) -> None:
        """Run one model on Spark and create `table` in DuckDB from its result, with the column types
        DuckDB gives the same SQL (Spark's may be narrower, e.g. INT for row_number)."""
        import pyarrow.dataset

        path = self.staging / model.name
        started = time.perf_counter()
        self.run(model, lambda frame: frame.write.mode("overwrite").parquet(str(path)))
        self.session.read.parquet(str(path)).createOrReplaceTempView(model.name)
        self.seconds["models on Spark"] += time.perf_counter() - started
        started = time.perf_counter()
        types = con.execute(f"DESCRIBE {model.text}").fetchall()
        casts = ", ".join(f"CAST({sql_name(column)} AS {dtype}) AS {sql_name(column)}" for column, dtype, *_ in types)
        con.register("spark_result", pyarrow.dataset.dataset(str(path), format="parquet"))
        try:
            con.execute(f"CREATE TABLE {table} AS SELECT {casts} FROM spark_result{model.storage_order}")
        finally:
            con.unregister("spark_result")
            self.seconds["back into DuckDB"] += time.perf_counter() - started

    def check(self, models: list[Model], tests: list[DataTest]) -> list[Problem]:
        """Every model and data test analysed and run by Spark with LIMIT 0, in build order."""
        problems = []
        for model in models:
            try:
                frame = self.session.sql(to_spark(model.text))
                frame.limit(0).collect()
            except Exception as error:  # Spark raises its own exception classes, from the JVM or the server
                return [model_problem(model, error)]  # later models may read this one
            # An empty table of the same shape: later models analyse against it, not the chain above it.
            self.session.createDataFrame([], frame.schema).createOrReplaceTempView(model.name)
        for test in tests:
            try:
                self.session.sql(to_spark(test.sql)).limit(0).collect()
            except Exception as error:  # Spark raises its own exception classes, from the JVM or the server
                problems.append(Problem(test.where, test.line, 1, f"test {test.name} on {test.model} cannot run on Spark: {spark_message(error)}"))
        return problems

    def test(self, tests: list[DataTest]) -> list[Problem]:
        """The data tests on Spark's results, before the same tests run in DuckDB."""
        started = time.perf_counter()
        problems = []
        for test in tests:
            offending = self.session.sql(f"SELECT count(*) AS n FROM ({to_spark(test.sql)}) AS offending").collect()[0]["n"]
            if offending:
                problems.append(Problem(test.where, test.line, 1, f"test {test.name} on {test.model} failed on Spark: {offending} offending row(s)"))
        self.seconds["tests on Spark"] += time.perf_counter() - started
        return problems

    def run(self, model: Model, action) -> None:
        try:
            action(self.session.sql(to_spark(model.text)))
        except Exception as error:  # Spark raises its own exception classes, from the JVM or the server
            raise WarehouseError(model_problem(model, error)) from None


def model_problem(model: Model, error: Exception) -> Problem:
    return Problem(model.where, *locate(model.text, str(error)), f"Spark cannot run {model.name}: {spark_message(error)}")


def start_session(remote: Optional[str]):
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise WarehouseError(Problem("--engine spark", None, None, f"pyspark is not installed: {INSTALL}")) from None
    if remote:
        connect_mode = os.environ.get("SPARK_CONNECT_MODE_ENABLED")
        session = SparkSession.builder.remote(remote).create()
        if connect_mode is None:  # pyspark flags the whole process as Spark Connect; a later local session must stay possible
            os.environ.pop("SPARK_CONNECT_MODE_ENABLED", None)
        return session
    if shutil.which("java") is None:
        raise WarehouseError(Problem("--engine spark", None, None, f"a local Spark needs Java on the PATH: {INSTALL}"))
    builder = SparkSession.builder.master("local[*]").appName("warehouse")
    for key, value in {"spark.ui.enabled": "false", "spark.sql.session.timeZone": "UTC", "spark.sql.shuffle.partitions": "8"}.items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


def spark_message(error: Exception) -> str:
    """Spark's message without its JVM stack trace or SQL context block."""
    text = str(error).split("\n\nJVM stacktrace:")[0]
    return first_line(re.sub(r"\s*SQLSTATE: \w+", "", text)).strip()


def locate(text: str, message: str) -> tuple[int, int]:
    """Where in the model (line, column) the first name Spark complains about is used; else line 1."""
    for name in re.findall(r"`([^`]+)`", message):
        found = re.search(rf"(?<![\w.]){re.escape(name.split('.')[-1])}(?!\w)", text, re.IGNORECASE)
        if found:
            line = text.count("\n", 0, found.start()) + 1
            return line, found.start() - (text.rfind("\n", 0, found.start()) + 1) + 1
    return 1, 1
