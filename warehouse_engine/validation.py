"""Validation without publishing: the contract, every seed row, every model and data test bound."""

from __future__ import annotations

import contextlib
import os
from typing import Optional

import duckdb

from .curation import curation_problems
from .datatests import all_tests
from .errors import Problem, Progress, duckdb_position, first_line, quiet, raise_if
from .graph import Graph, load_graph
from .interrupts import interruptible
from .project import Project
from .quoting import sql_name
from .sandbox import seal
from .seeds import validate_seeds
from .spark import SparkEngine, SparkOptions


def check(project: Project, progress: Progress = quiet, spark: Optional[SparkOptions] = None) -> Graph:
    """Validate the contract, every seed row, every model and every data test; with `spark`, also have
    Spark analyse and run (LIMIT 0) every model and data test as transpiled.

    Works in a private in-memory DuckDB: the published file is never opened. Writes only the
    .cache/ shortcuts in the project (and, with Spark, a scratch folder it removes).
    """
    graph = load_graph(project)
    con = duckdb.connect(config={"memory_limit": project.memory_limit})
    try:
        with interruptible(con, project.timeout, "the check"), contextlib.ExitStack() as stack:
            raise_if(validate_seeds(project, {n.name: n.seed for n in graph.nodes.values() if n.seed}, con, progress))
            raise_if(curation_problems(project, progress))
            if spark is not None:  # the seeds go to Spark as Parquet before DuckDB's file access is turned off
                scratch = project.db_path.with_name(f".{project.db_path.name}.check-{os.getpid()}.spark")
                runner = stack.enter_context(SparkEngine(spark, scratch, progress))
                runner.stage(con, [n.name for n in graph.nodes.values() if n.seed])
            seal(con)
            progress(f"binding {len(graph.models)} models and their data tests")
            raise_if(bind_models(con, graph) or bind_tests(con, graph) or bind_macros(con, graph))
            if spark is not None:
                progress(f"running {len(graph.models)} models and their data tests on Spark (LIMIT 0)")
                raise_if(runner.check(graph.models, all_tests(graph)))
    finally:
        con.close()
    return graph


def bind_models(con: duckdb.DuckDBPyConnection, graph: Graph) -> list[Problem]:
    """Each model as an empty table with its columns and types (LIMIT 0: nothing is computed), read by
    the models and tests after it: DuckDB catches unknown columns and types. Views would do the same,
    but DuckDB plans the whole tower of views below a test again for each test (4 s at 1M events).
    Stops at the first failure, since every later model may read it."""
    for model in graph.models:
        try:
            con.execute(f"CREATE TABLE {sql_name(model.name)} AS SELECT * FROM ({model.text}\n) LIMIT 0")  # own line: the text may end in a comment
        except duckdb.InterruptException:
            raise  # Ctrl-C or the time limit: stop, do not report it as a broken model
        except duckdb.Error as error:
            return [Problem(model.where, *duckdb_position(error, model.text), first_line(error))]
    return []


def bind_tests(con: duckdb.DuckDBPyConnection, graph: Graph) -> list[Problem]:
    """Each data test bound (LIMIT 0: nothing is computed), so a misspelt column fails here."""
    problems = []
    for test in all_tests(graph):
        try:
            con.execute(f"SELECT * FROM ({test.sql}) LIMIT 0").fetchall()
        except duckdb.InterruptException:
            raise  # Ctrl-C or the time limit: stop, do not report it as a broken model
        except duckdb.Error as error:
            problems.append(Problem(test.where, test.line, 1, f"test {test.name} on {test.model} cannot run: {first_line(error)}"))
    return problems


def bind_macros(con: duckdb.DuckDBPyConnection, graph: Graph) -> list[Problem]:
    """Each table macro created and called once with NULL arguments (LIMIT 0: nothing is computed)."""
    problems = []
    for name, macro in graph.macros.items():
        parameters = ", ".join(sql_name(p) for p in macro.parameters)
        try:
            con.execute(f"CREATE MACRO {sql_name(name)}({parameters}) AS TABLE {macro.normalized_sql}")
            con.execute(f"SELECT * FROM {sql_name(name)}({', '.join('NULL' for _ in macro.parameters)}) LIMIT 0").fetchall()
        except duckdb.InterruptException:
            raise
        except duckdb.Error as error:
            problems.append(Problem(macro.where, *duckdb_position(error, macro.text), f"macro {name} cannot run: {first_line(error)}"))
    return problems
