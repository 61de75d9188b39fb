"""Ad hoc SQL on the published file: read-only, sandboxed, streamed."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Optional, TextIO

import duckdb

from .database import open_published
from .errors import Problem, WarehouseError, duckdb_position, first_line, shorten
from .interrupts import interruptible
from .project import Project

QUERY_FORMATS = ("table", "csv", "json", "markdown")
QUERY_TIMEOUT = 300.0  # seconds an ad hoc query may run by default
QUERY_MEMORY_LIMIT = "2GB"  # and the memory it may use: it cannot spill to disk
QUERY_MAX_CHARACTERS = 1_000_000  # longer SQL is refused before it is parsed


@dataclass
class QueryResult:
    sql: str  # what ran, after transpiling
    columns: list[str]
    batches: Iterator[list[tuple]]  # rows, streamed in batches


def transpile_query(sql: str, dialect: Optional[str]) -> str:
    """The query in DuckDB's dialect; errors carry line and column of the query text."""
    if not dialect or dialect == "duckdb":
        return sql
    import sqlglot  # only here: importing it costs more than a whole plain query

    try:
        statements = sqlglot.transpile(sql, read=dialect, write="duckdb")
    except sqlglot.errors.ParseError as error:
        first = error.errors[0]
        raise WarehouseError(
            Problem("query", first["line"], first["col"], f"cannot read this as {dialect} SQL: {first['description'].split('. Line')[0]}")
        ) from None
    except sqlglot.errors.TokenError as error:
        raise WarehouseError(Problem("query", None, None, f"cannot read this as {dialect} SQL: {error}")) from None
    except ValueError as error:  # unknown dialect
        raise WarehouseError(Problem("--dialect", None, None, str(error), dialect)) from None
    return ";\n".join(statements)


def read_query_text(sql: Optional[str], file: Optional[Path], stdin: TextIO) -> str:
    """The SQL of `warehouse query`: the argument, a file, or standard input (`-`), at most QUERY_MAX_CHARACTERS."""
    if file is not None:
        try:
            with open(file, encoding="utf-8") as handle:
                sql = handle.read(QUERY_MAX_CHARACTERS + 1)
        except (OSError, UnicodeDecodeError) as error:
            raise WarehouseError(Problem(str(file), None, None, f"cannot read the query: {getattr(error, 'strerror', None) or error}")) from None
    elif sql in (None, "-"):
        sql = stdin.read(QUERY_MAX_CHARACTERS + 1)
    if not sql or not sql.strip():
        raise WarehouseError(Problem("query", None, None, "no SQL given: pass it as an argument, with --file, or on stdin with -"))
    if len(sql) > QUERY_MAX_CHARACTERS:
        raise WarehouseError(Problem("query", None, None, f"the SQL is longer than {QUERY_MAX_CHARACTERS:,} characters"))
    return sql


@contextlib.contextmanager
def run_query(
    project: Project,
    sql: str,
    dialect: Optional[str] = None,
    batch_size: int = 2048,
    timeout: float = QUERY_TIMEOUT,
    memory_limit: str = QUERY_MEMORY_LIMIT,
) -> Iterator[QueryResult]:
    """Run one query against the published file with no writes, no file access, a time limit and a
    memory limit. Ctrl-C stops it.

    Yields the result while the connection is open, so that rows stream instead of piling up in memory.
    """
    executed = transpile_query(sql, dialect)
    with open_published(project.db_path, sandboxed=True, memory_limit=memory_limit) as con, interruptible(con, timeout, "the query"):
        try:
            cursor = con.execute(executed)
        except duckdb.InterruptException:
            raise  # Ctrl-C or the time limit
        except duckdb.Error as error:
            line, column = duckdb_position(error, executed)
            raise WarehouseError(Problem("query", line, column, first_line(error))) from None
        columns = [d[0] for d in cursor.description] if cursor.description else []

        def batches() -> Iterator[list[tuple]]:
            try:
                while rows := cursor.fetchmany(batch_size):
                    yield rows
            except duckdb.InterruptException:
                raise
            except duckdb.Error as error:  # an error found while the rows stream (a failed cast, memory)
                raise WarehouseError(Problem("query", None, None, first_line(error))) from None

        yield QueryResult(executed, columns, batches())


def json_value(value):
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return None  # JSON has no NaN or Infinity
    if isinstance(value, (int, float, str, bool)) or value is None:
        return value
    if isinstance(value, (list, tuple)):
        return [json_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): json_value(v) for k, v in value.items()}
    return str(value)


def write_rows(result: QueryResult, fmt: str, out, limit: int) -> tuple[int, bool]:
    """Write rows as csv or json (all rows, streamed) or table or markdown (up to `limit`).

    Returns (rows written, whether rows were cut).
    """
    if fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(result.columns)
        count = 0
        for batch in result.batches:
            writer.writerows(batch)
            count += len(batch)
        return count, False
    if fmt == "json":
        count = 0
        out.write("[")
        for batch in result.batches:
            for row in batch:
                out.write(("," if count else "") + "\n  " + json.dumps(dict(zip(result.columns, map(json_value, row))), ensure_ascii=False))
                count += 1
        out.write("\n]\n" if count else "]\n")
        return count, False
    rows: list[tuple] = []
    cut = False
    for batch in result.batches:
        rows.extend(batch)
        if len(rows) > limit:
            rows, cut = rows[:limit], True
            break
    cells = [["NULL" if v is None else str(v) for v in row] for row in rows]
    out.write(markdown_table(result.columns, cells) if fmt == "markdown" else text_table(result.columns, cells, widest=60))
    return len(rows), cut


def markdown_table(headers: list[str], cells: list[list[str]]) -> str:
    def escape(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(map(escape, headers)) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    return "".join(line + "\n" for line in lines + ["| " + " | ".join(map(escape, row)) + " |" for row in cells])


def text_table(headers: list[str], cells: list[list[str]], widest: int | None = None) -> str:
    """Columns padded to their widest value (cut at `widest` characters), a rule under the header."""
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)]
    widths = [min(w, widest) if widest else w for w in widths]

    def line(values: list[str]) -> str:
        return "  ".join(shorten(v, w).ljust(w) for v, w in zip(values, widths)).rstrip() + "\n"

    return "".join(line(values) for values in [headers, ["-" * w for w in widths], *cells])
