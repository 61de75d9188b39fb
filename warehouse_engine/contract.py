"""The seed contract: seeds/schema.sql, run in a private DuckDB and read back from its catalog."""

from __future__ import annotations

import dataclasses
import graphlib
import re
from dataclasses import dataclass, field
from typing import Optional

import duckdb
from sqlglot import exp

from .cache import Cache, hash_text
from .errors import Problem, WarehouseError, duckdb_position, first_line, position_of, raise_if
from .ordering import topological_order
from .project import Project
from .sqltext import parse_statements, statement_spans, statement_starts

SEED_TABLE = re.compile(r"raw_[a-z0-9_]+")


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    not_null: bool
    comment: Optional[str]


@dataclass
class SeedContract:
    """What one seed must look like, as DuckDB understood seeds/schema.sql."""

    table: str  # raw_events
    columns: list[Column]
    comment: Optional[str]
    ddl: str  # DuckDB's normalised CREATE TABLE: part of the seed's fingerprint
    keys: list[list[str]] = field(default_factory=list)  # PRIMARY KEY and UNIQUE column lists
    checks: list[tuple[str, list[str]]] = field(default_factory=list)  # (expression, columns)
    references: list[tuple[list[str], str, list[str]]] = field(default_factory=list)  # (cols, table, cols)

    @property
    def seed(self) -> str:
        return self.table.removeprefix("raw_")

    @property
    def csv_name(self) -> str:
        return f"{self.seed}.csv"

    @property
    def parents(self) -> list[str]:
        return sorted({table for _, table, _ in self.references if table != self.table})

    def column_number(self, name: str) -> int:
        return [c.name for c in self.columns].index(name) + 1


def read_contract(project: Project) -> dict[str, SeedContract]:
    """The seed contracts in load order (a seed after the seeds it references), cached by content."""
    schema_path = project.seeds_dir / "schema.sql"
    if not schema_path.exists():
        if not project.seeds_dir.exists() or not any(project.seeds_dir.glob("*.csv")):
            return {}
        raise WarehouseError(Problem(project.rel(schema_path), None, None, "missing: declare one CREATE TABLE raw_<seed> per seed here"))
    text = schema_path.read_text(encoding="utf-8")
    cache = Cache(project, "contract")
    key = hash_text(text)
    saved = cache.get(key)
    if not isinstance(saved, list):
        saved = [dataclasses.asdict(c) for c in contract_from_duckdb(text, project.rel(schema_path)).values()]
        cache.data = {key: saved}
        cache.changed = True
        cache.save()
    contracts = [SeedContract(**{**c, "columns": [Column(**col) for col in c["columns"]]}) for c in saved]
    return {c.table: c for c in contracts}


def declarations_only(text: str, where: str) -> None:
    """The contract declares tables and comments, nothing else: no file access, no other objects."""
    problems = []
    for statement, (line, column) in zip(parse_statements(text, where), statement_starts(text)):
        is_table = isinstance(statement, exp.Create) and statement.args.get("kind") == "TABLE" and not statement.expression
        if not (is_table or isinstance(statement, exp.Comment)):
            what = first_line(statement.sql(dialect="duckdb"))
            problems.append(Problem(where, line, column, "the contract holds only CREATE TABLE raw_<seed> (…) and COMMENT ON statements", what[:60]))
    raise_if(problems)


def contract_from_duckdb(text: str, where: str) -> dict[str, SeedContract]:
    """Run seeds/schema.sql in an empty in-memory DuckDB that cannot touch files, and read every rule
    back from its catalog."""
    declarations_only(text, where)
    con = duckdb.connect(config={"enable_external_access": False, "lock_configuration": True})
    try:
        for start, end in statement_spans(text):
            try:
                con.execute(text[start:end])
            except duckdb.Error as error:
                line, column = position_of(text, start)
                inner_line, inner_column = duckdb_position(error, text[start:end])
                if inner_line is not None:  # DuckDB located it inside the statement
                    line, column = line + inner_line - 1, inner_column if inner_line > 1 else column + inner_column - 1
                raise WarehouseError(Problem(where, line, column, f"DuckDB cannot run the contract: {first_line(error)}")) from None
        contracts = read_catalog(con, where)
    finally:
        con.close()
    try:
        order = topological_order({t: c.parents for t, c in contracts.items()})
    except graphlib.CycleError as error:
        raise WarehouseError(Problem(where, None, None, "seeds reference each other in a cycle: " + " → ".join(error.args[1]))) from None
    return {table: contracts[table] for table in order}


def read_catalog(con: duckdb.DuckDBPyConnection, where: str) -> dict[str, SeedContract]:
    contracts: dict[str, SeedContract] = {}
    for table, comment, ddl in con.execute(
        "SELECT table_name, comment, sql FROM duckdb_tables() WHERE database_name = current_database() ORDER BY table_name"
    ).fetchall():
        if not SEED_TABLE.fullmatch(table):
            raise WarehouseError(Problem(where, None, None, f"table {table} must be named raw_<seed> (a-z, 0-9 and _), after seeds/<seed>.csv", table))
        columns = [
            Column(name, dtype, not nullable, col_comment)
            for name, dtype, nullable, col_comment in con.execute(
                "SELECT column_name, data_type, is_nullable, comment FROM duckdb_columns() WHERE table_name = ? ORDER BY column_index",
                [table],
            ).fetchall()
        ]
        contracts[table] = SeedContract(table, columns, comment, ddl)
    for table, kind, expression, columns, ref_table, ref_columns in con.execute(
        "SELECT table_name, constraint_type, expression, constraint_column_names, referenced_table, "
        "referenced_column_names FROM duckdb_constraints() ORDER BY table_name, constraint_index"
    ).fetchall():
        contract = contracts[table]
        if kind in ("PRIMARY KEY", "UNIQUE"):
            contract.keys.append(list(columns))
        elif kind == "CHECK":
            contract.checks.append((expression, list(dict.fromkeys(columns))))  # a column may appear twice
        elif kind == "FOREIGN KEY":
            contract.references.append((list(columns), ref_table, list(ref_columns)))
    return contracts
