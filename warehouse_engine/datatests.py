"""Data tests: header tests and custom checks, each a query for offending rows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

import duckdb

from .database import open_published
from .errors import Problem, Progress, first_line, quiet, raise_if
from .graph import Graph, load_graph
from .interrupts import interruptible
from .models import Model
from .project import Project
from .quoting import sql_name, sql_string


@dataclass(frozen=True)
class DataTest:
    __test__ = False  # not a pytest test class

    model: str
    name: str
    where: str  # file the test is declared in
    line: int
    sql: str  # selects the offending rows
    reads: frozenset  # public names the query reads


def tests_of(graph: Graph, model: Model) -> list[DataTest]:
    """The SQL of each test declared in a model's header (grain expands to unique + not_null).

    Every test was validated when the graph was loaded, so this only writes SQL.
    """
    table = sql_name(model.name)
    tests: list[DataTest] = []

    def add(name: str, line: int, sql: str, reads: Iterable[str] = ()) -> None:
        tests.append(DataTest(model.name, name, model.where, line, sql, frozenset({model.name, *reads})))

    if model.grain:
        cols = ", ".join(sql_name(c) for c in model.grain)
        add(
            f"grain({', '.join(model.grain)}) is unique",
            model.grain_line,
            f"SELECT {cols}, count(*) AS copies FROM {table} GROUP BY ALL HAVING count(*) > 1",
        )
        for column in model.grain:
            add(f"grain column {column} is not null", model.grain_line, f"SELECT * FROM {table} WHERE {sql_name(column)} IS NULL")
    for spec in model.tests:
        column = sql_name(spec.args[0])
        if spec.kind == "not_null":
            add(spec.text, spec.line, f"SELECT * FROM {table} WHERE {column} IS NULL")
        elif spec.kind == "unique":
            add(spec.text, spec.line, f"SELECT {column}, count(*) AS copies FROM {table} GROUP BY ALL HAVING count(*) > 1")
        elif spec.kind == "accepted_values":
            allowed = ", ".join(sql_string(v) for v in spec.args[1:])
            add(
                spec.text,
                spec.line,
                f"SELECT {column}, count(*) AS rows FROM {table} WHERE {column}::VARCHAR NOT IN ({allowed}) GROUP BY ALL",
            )
        elif spec.kind == "relationships":
            other, other_column = spec.args[1].split(".")
            add(
                spec.text,
                spec.line,
                f"SELECT * FROM {table} AS child WHERE child.{column} IS NOT NULL AND NOT EXISTS "
                f"(SELECT 1 FROM {sql_name(other)} AS parent WHERE parent.{sql_name(other_column)} = child.{column})",
                [other],
            )
        else:
            check = graph.checks[spec.args[0]]
            add(spec.text, spec.line, check.normalized_sql, check.references)
    return tests


def all_tests(graph: Graph) -> list[DataTest]:
    return [t for m in graph.models for t in tests_of(graph, m)]


def run_tests(con: duckdb.DuckDBPyConnection, tests: Iterable[DataTest]) -> list[Problem]:
    """Run each test; a failure names the model, the test and up to five offending rows."""
    problems = []
    for test in tests:
        try:
            cursor = con.execute(f"SELECT * FROM ({test.sql}) LIMIT 6")
            rows = cursor.fetchall()
            names = [d[0] for d in cursor.description]
        except duckdb.InterruptException:
            raise  # Ctrl-C or the time limit: stop, do not report it as a broken model
        except duckdb.Error as error:  # a test DuckDB cannot run is a failing test, located at its header line
            problems.append(Problem(test.where, test.line, 1, f"test {test.name} on {test.model} could not run: {first_line(error)}"))
            continue
        if rows:
            total = con.execute(f"SELECT count(*) FROM ({test.sql})").fetchone()[0]
            shown = "; ".join(", ".join(f"{n}={v}" for n, v in zip(names, row)) for row in rows[:5])
            problems.append(
                Problem(
                    test.where,
                    test.line,
                    1,
                    f"test {test.name} failed on {test.model}: {total} offending row(s), first {min(5, total)}: {shown}",
                )
            )
    return problems


def run_published_tests(project: Project, progress: Progress = quiet) -> int:
    """Re-run every data test of the project against the published file; returns the number run."""
    tests = all_tests(load_graph(project))
    with open_published(project.db_path) as con, interruptible(con, project.timeout, "the tests"):
        progress(f"running {len(tests)} data tests against {project.db_path.name}")
        raise_if(run_tests(con, tests))
    return len(tests)
