"""Data tests: header tests and custom checks, each a query for offending rows."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Iterable, Optional

import duckdb

from .database import open_published
from .errors import Problem, Progress, first_line, quiet, raise_if
from .graph import Graph, load_graph
from .interrupts import interruptible
from .models import Model
from .project import Project
from .quoting import sql_name, sql_string

TOUCHED = "__touched_rows__"  # in a scoped test: a subquery of the model's rows to test


@dataclass(frozen=True)
class DataTest:
    __test__ = False  # not a pytest test class

    model: str
    name: str
    where: str  # file the test is declared in
    line: int
    sql: str  # selects the offending rows
    reads: frozenset  # public names the query reads
    # The same test when only some rows changed and the others passed it before (TOUCHED stands for the
    # changed ones); None when a change elsewhere can make it fail (custom checks).
    scoped: Optional[str] = None
    # (table, column) whose every value must still be there for `scoped` to hold: what a reference points to.
    kept: Optional[tuple[str, str]] = None

    def on_rows(self, rows: str) -> DataTest:
        """This test of only `rows` (a subquery of the model's changed rows), when it is scoped."""
        return replace(self, sql=self.scoped.replace(TOUCHED, rows)) if self.scoped else self


def tests_of(graph: Graph, model: Model) -> list[DataTest]:
    """The SQL of each test declared in a model's header (grain expands to unique + not_null).

    Every test was validated when the graph was loaded, so this only writes SQL.
    """
    table = sql_name(model.name)
    tests: list[DataTest] = []

    def add(name: str, line: int, sql: str, reads: Iterable[str] = (), scoped: Optional[str] = None, kept: Optional[tuple[str, str]] = None) -> None:
        tests.append(DataTest(model.name, name, model.where, line, sql, frozenset({model.name, *reads}), scoped, kept))

    def per_row(name: str, line: int, sql: str) -> None:  # `sql` reads TOUCHED; each row passes or fails alone
        add(name, line, sql.replace(TOUCHED, table), scoped=sql.replace(TOUCHED, f"{TOUCHED} AS touched"))

    if model.grain:
        whole, scoped = unique_sql(table, model.grain)
        add(f"grain({', '.join(model.grain)}) is unique", model.grain_line, whole, scoped=scoped)
        for column in model.grain:
            per_row(f"grain column {column} is not null", model.grain_line, f"SELECT * FROM {TOUCHED} WHERE {sql_name(column)} IS NULL")
    for spec in model.tests:
        column = sql_name(spec.args[0])
        if spec.kind == "not_null":
            per_row(spec.text, spec.line, f"SELECT * FROM {TOUCHED} WHERE {column} IS NULL")
        elif spec.kind == "unique":
            whole, scoped = unique_sql(table, [spec.args[0]])
            add(spec.text, spec.line, whole, scoped=scoped)
        elif spec.kind == "accepted_values":
            allowed = ", ".join(sql_string(v) for v in spec.args[1:])
            per_row(spec.text, spec.line, f"SELECT {column}, count(*) AS rows FROM {TOUCHED} WHERE {column}::VARCHAR NOT IN ({allowed}) GROUP BY ALL")
        elif spec.kind == "relationships":
            other, other_column = spec.args[1].split(".")
            orphans = orphans_sql(spec.args[0], other, other_column)
            add(spec.text, spec.line, orphans.replace(TOUCHED, table), [other], orphans, (other, other_column))
        else:
            check = graph.checks[spec.args[0]]
            add(spec.text, spec.line, check.normalized_sql, check.references)
    return tests


def orphans_sql(column: str, other: str, other_column: str) -> str:
    """The rows of TOUCHED whose `column` holds a value no row of `other` has in `other_column`."""
    value = f"child.{sql_name(column)}"
    pointed_to = f"SELECT 1 FROM {sql_name(other)} AS parent WHERE parent.{sql_name(other_column)} = {value}"
    return f"SELECT * FROM {TOUCHED} AS child WHERE {value} IS NOT NULL AND NOT EXISTS ({pointed_to})"


def unique_sql(table: str, columns: list[str]) -> tuple[str, str]:
    """The uniqueness test of `columns`, and its scoped form: only the values the changed rows hold can
    have gained a copy, among all the rows."""
    names = ", ".join(f"all_rows.{sql_name(c)}" for c in columns)
    same = " AND ".join(f"all_rows.{sql_name(c)} IS NOT DISTINCT FROM touched.{sql_name(c)}" for c in columns)
    whole = f"SELECT {names}, count(*) AS copies FROM {table} AS all_rows GROUP BY ALL HAVING count(*) > 1"
    scoped = f"SELECT {names}, count(*) AS copies FROM {table} AS all_rows SEMI JOIN {TOUCHED} AS touched ON {same} GROUP BY ALL HAVING count(*) > 1"
    return whole, scoped


def all_tests(graph: Graph) -> list[DataTest]:
    return [t for m in graph.models for t in tests_of(graph, m)]


def run_tests(con: duckdb.DuckDBPyConnection, tests: Iterable[DataTest]) -> list[Problem]:
    """Run each test; a failure names the model, the test and up to five offending rows. A query
    several models declare (a custom check) runs once."""
    problems = []
    outcomes: dict[str, Offending] = {}
    for test in tests:
        if test.sql not in outcomes:
            outcomes[test.sql] = offending(con, test.sql)
        found = outcomes[test.sql]
        if found.error is not None:  # a test DuckDB cannot run is a failing test, located at its header line
            problems.append(Problem(test.where, test.line, 1, f"test {test.name} on {test.model} could not run: {found.error}"))
        elif found.total:
            shown = "; ".join(", ".join(f"{n}={v}" for n, v in zip(found.names, row)) for row in found.first)
            problems.append(
                Problem(
                    test.where,
                    test.line,
                    1,
                    f"test {test.name} failed on {test.model}: {found.total} offending row(s), first {len(found.first)}: {shown}",
                )
            )
    return problems


@dataclass(frozen=True)
class Offending:
    """What a test query found: how many offending rows, the first five and their column names, or
    the error that kept DuckDB from running it."""

    total: int = 0
    first: tuple = ()
    names: tuple = ()
    error: Optional[str] = None


def offending(con: duckdb.DuckDBPyConnection, sql: str) -> Offending:
    try:
        cursor = con.execute(f"SELECT * FROM ({sql}) LIMIT 6")
        rows = cursor.fetchall()
        names = tuple(d[0] for d in cursor.description)
    except duckdb.InterruptException:
        raise  # Ctrl-C or the time limit: stop, do not report it as a broken model
    except duckdb.Error as error:
        return Offending(error=first_line(error))
    if not rows:
        return Offending()
    total = con.execute(f"SELECT count(*) FROM ({sql})").fetchone()[0]
    return Offending(total, tuple(rows[:5]), names)


def run_published_tests(project: Project, progress: Progress = quiet) -> int:
    """Re-run every data test of the project against the published file; returns the number run."""
    tests = all_tests(load_graph(project))
    with open_published(project.db_path) as con, interruptible(con, project.timeout, "the tests"):
        progress(f"running {len(tests)} data tests against {project.db_path.name}")
        raise_if(run_tests(con, tests))
    return len(tests)
