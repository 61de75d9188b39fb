"""Seeds: each CSV read by DuckDB with the declared types, then every rule of the contract checked."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import duckdb

from .contract import SeedContract
from .errors import Problem, Progress, first_line, quiet
from .project import Project
from .quoting import sql_name, sql_string

MAX_PROBLEMS_PER_CHECK = 20  # offending rows listed per rule
# Up to this many rows are checked against a parent by first finding the parent rows they point at (the
# day's new lines: 0.002 s instead of 0.07 s per reference to 2M claims); for more, the plain anti-join is quicker.
FEW_ROWS = 10_000
MAX_PROBLEMS_PER_FILE = 50  # problems listed per seed file; the rest are counted
REJECTS_KEPT = 100  # rows DuckDB's reader keeps per file when it refuses them


REJECT_MESSAGES = {
    "CAST": "not a valid {type}",
    "MISSING COLUMNS": "row has fewer values than the header's {count} columns",
    "TOO MANY COLUMNS": "row has more values than the header's {count} columns",
    "UNQUOTED VALUE": 'unterminated or misplaced quote: close the quoted value with " and double any " inside it',
    "INVALID ENCODING": "bytes that are not UTF-8: save the file as UTF-8",
    "LINE SIZE OVER MAXIMUM": "line is too long (an unterminated quote?)",
}


def check_header(path: Path, where: str, contract: SeedContract) -> list[Problem]:
    """The file exists, is not empty, and its header names the contract's columns in order."""
    expected = [c.name for c in contract.columns]
    if not path.exists():
        return [Problem(where, None, None, f"missing seed file: create it with the header {','.join(expected)}")]
    if not path.is_file():
        return [Problem(where, None, None, "not a regular file (a folder, FIFO or device): a seed is a CSV file")]
    try:
        first_line = read_first_line(path)
    except OSError as error:
        return [Problem(where, None, None, f"cannot read the file: {error.strerror}")]
    if not first_line.strip():
        return [Problem(where, 1, 1, f"file is empty: the first line must be the header {','.join(expected)}")]
    try:
        text = first_line.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return [
            Problem(
                where,
                1,
                error.start + 1,
                "bytes that are not UTF-8: save the file as UTF-8",
                repr(first_line[error.start : error.start + 4]),
            )
        ]
    header = next(csv.reader([text.rstrip("\r\n")]), [])
    if header == expected:
        return []
    problems = []
    for number, (got, want) in enumerate(zip(header, expected), start=1):
        if got != want:
            hint = "missing or misplaced" if got in expected else "renamed or misspelt"
            problems.append(Problem(where, 1, number, f"header column {number} should be '{want}' ({hint})", got))
    for number, got in enumerate(header[len(expected) :], start=len(expected) + 1):
        problems.append(Problem(where, 1, number, "extra column not declared in seeds/schema.sql", got))
    for number, want in enumerate(expected[len(header) :], start=len(header) + 1):
        problems.append(Problem(where, 1, number, f"missing column '{want}'", ",".join(header)))
    return problems


def read_first_line(path: Path, limit: int = 1 << 20) -> bytes:
    """The header line, ended by LF, CR LF or a lone CR, read in at most `limit` bytes."""
    with open(path, "rb") as handle:
        start = handle.read(limit)
    for end in (b"\n", b"\r"):
        start = start.split(end, 1)[0]
    return start


def read_csv_sql(path: Path, contract: SeedContract, rejects: str) -> str:
    """DuckDB's CSV reader with the declared types: DuckDB never guesses a seed's columns. Rejected
    rows are collected (at most REJECTS_KEPT per file) instead of stopping at the first."""
    columns = ", ".join(f"{sql_string(c.name)}: {sql_string(c.type)}" for c in contract.columns)
    return (
        f"read_csv({sql_string(str(path))}, columns = {{{columns}}}, header = true, auto_detect = false, "
        f"delim = ',', quote = '\"', escape = '\"', store_rejects = true, rejects_limit = {REJECTS_KEPT}, "
        f"rejects_table = {sql_string(rejects)}, rejects_scan = {sql_string(rejects + '_scan')})"
    )


def load_seed(
    con: duckdb.DuckDBPyConnection,
    project: Project,
    contract: SeedContract,
    target: str,
    parent_tables: dict[str, str],
    source: Path | None = None,
) -> tuple[list[Problem], bool]:
    """Load seeds/<seed>.csv (or `source`, a copy of its bytes) into the table `target` and return
    every way it breaks the contract, at most MAX_PROBLEMS_PER_FILE of them.

    `parent_tables` maps each referenced raw_ table to the physical table that holds its rows; a
    parent missing from it failed to load, and references to it are not checked (no cascades).
    Also returns whether every row was read, so that children may check their references against it.
    """
    where = project.rel(project.seeds_dir / contract.csv_name)
    path = source or project.seeds_dir / contract.csv_name
    problems, complete = file_problems(con, path, where, contract, target, parent_tables)
    if len(problems) > MAX_PROBLEMS_PER_FILE:
        more = len(problems) - MAX_PROBLEMS_PER_FILE
        problems = problems[:MAX_PROBLEMS_PER_FILE] + [Problem(where, None, None, f"… and {more} more problems in this file (or more: fix these first)")]
    return problems, complete


def file_problems(
    con: duckdb.DuckDBPyConnection, path: Path, where: str, contract: SeedContract, target: str, parent_tables: dict[str, str]
) -> tuple[list[Problem], bool]:
    problems = check_header(path, where, contract)
    if problems:
        return problems, False
    rejects = f"rejects_{contract.seed}"
    try:
        con.execute(f"{create_table(target)} AS SELECT * FROM {read_csv_sql(path, contract, rejects)}")
    except duckdb.InterruptException:
        raise
    except duckdb.Error as error:
        return [Problem(where, None, None, f"DuckDB cannot read the file: {first_line(error)}")], False
    rejected = read_rejects(con, where, contract, rejects)
    problems = list(rejected)
    itself = {} if rejected else {contract.table: target}  # a self-reference may point at a rejected row
    row_problems = check_rows(con, contract, target, {**parent_tables, **itself})
    if row_problems:
        lines = record_lines(path, {p.line for p in rejected})
        loaded = con.execute(f"SELECT count(*) FROM {target}").fetchone()[0]

        def line_of(rowid: int) -> int | None:
            if len(lines) != loaded:
                return None
            # rowids follow insertion order but need not start at 0 (uncommitted rows): count to get the ordinal
            return lines[con.execute(f"SELECT count(*) FROM {target} WHERE rowid < ?", [rowid]).fetchone()[0]]

        problems += [Problem(where, line_of(rowid), col, message, value) for rowid, col, message, value in row_problems]
    return sorted(problems, key=lambda p: (p.line or 0, p.column or 0)), not rejected


def create_table(target: str) -> str:
    """CREATE TABLE of `target`; one in temp.main. is a temp table, which DuckDB names bare."""
    return f"CREATE TEMP TABLE {target.removeprefix('temp.main.')}" if target.startswith("temp.main.") else f"CREATE TABLE {target}"


def read_rejects(con: duckdb.DuckDBPyConnection, where: str, contract: SeedContract, rejects: str) -> list[Problem]:
    """Rows DuckDB's reader refused (bad types, quotes, encoding, column counts), with line and column."""
    problems = []
    types = {c.name: c.type for c in contract.columns}
    rows = con.execute(f"SELECT line, column_idx, column_name, error_type, csv_line FROM {rejects} ORDER BY line, column_idx").fetchall()
    seen: set[tuple] = set()
    for line, column_idx, column_name, error_type, csv_line in rows:
        key = (line, error_type) if error_type in ("TOO MANY COLUMNS", "MISSING COLUMNS") else (line, column_idx, error_type)
        if key in seen:  # DuckDB reports a row with 1,000 extra values 1,000 times
            continue
        seen.add(key)
        template = REJECT_MESSAGES.get(error_type, error_type.lower())
        message = template.format(type=types.get(column_name, "value"), count=len(contract.columns))
        if error_type == "CAST":
            message = f"{column_name}: {message}"
        value = field_of(csv_line, column_idx) if error_type == "CAST" else csv_line
        problems.append(Problem(where, line, column_idx, message, value))
    con.execute(f"DROP TABLE {rejects}; DROP TABLE {rejects}_scan")
    return problems


def field_of(csv_line: str, column_number: int) -> str:
    try:
        return next(csv.reader([csv_line]))[column_number - 1]
    except (StopIteration, IndexError, csv.Error):
        return csv_line


def record_lines(path: Path, skip: set) -> list[int]:
    """The line each data record starts on, leaving out records DuckDB rejected.

    Only called when a rule is broken, so large clean seeds never pay for it.
    """
    lines = []
    with open(path, encoding="utf-8-sig", errors="replace", newline="") as handle:
        reader = csv.reader(handle)
        next(reader, None)
        previous = reader.line_num
        for row in reader:
            start, previous = previous + 1, reader.line_num
            if row and start not in skip:
                lines.append(start)
    return lines


def check_rows(con: duckdb.DuckDBPyConnection, contract: SeedContract, target: str, parent_tables: dict[str, str]) -> list[tuple]:
    """Every NOT NULL, key, CHECK and REFERENCES rule, evaluated by DuckDB on the loaded rows.

    Returns (rowid, column number, message, value) for each offending row.
    """
    found: list[tuple] = []

    def offending(sql: str) -> list[tuple]:
        return con.execute(sql + f" ORDER BY 1 LIMIT {MAX_PROBLEMS_PER_CHECK}").fetchall()

    for column in contract.columns:
        if column.not_null:
            for (rowid,) in offending(f"SELECT rowid FROM {target} WHERE {sql_name(column.name)} IS NULL"):
                found.append((rowid, contract.column_number(column.name), f"{column.name}: a value is required", ""))
    for key in contract.keys:
        cols = ", ".join(sql_name(c) for c in key)
        if not con.execute(f"SELECT 1 FROM {target} GROUP BY {cols} HAVING count(*) > 1 LIMIT 1").fetchall():
            continue  # the common case: one cheap aggregate, no window over every row
        sql = (
            f"SELECT rowid, concat_ws(', ', {cols}), first FROM (SELECT rowid, {cols}, "
            f"row_number() OVER (PARTITION BY {cols} ORDER BY rowid) AS n, "
            f"min(rowid) OVER (PARTITION BY {cols}) AS first FROM {target}) WHERE n > 1"
        )
        for rowid, value, _first in offending(sql):
            found.append((rowid, contract.column_number(key[0]), f"duplicate key ({', '.join(key)}): already used by an earlier row", value))
    for expression, columns in contract.checks:
        shown = ", ".join(f"{sql_string(c + '=')} || coalesce({sql_name(c)}::VARCHAR, 'NULL')" for c in columns)
        sql = f"SELECT rowid, concat_ws(', ', {shown}) FROM {target} WHERE ({expression}) IS FALSE"
        message = describe_check(expression)
        for rowid, value in offending(sql):
            found.append((rowid, contract.column_number(columns[0]), message, value))
    few = bool(contract.references) and con.execute(f"SELECT count(*) FROM {target}").fetchone()[0] <= FEW_ROWS
    for columns, parent, parent_columns in contract.references:
        parent_table = parent_tables.get(parent)
        if parent_table is None:  # the parent seed failed to load; its own problems are reported
            continue
        join = " AND ".join(f"p.{sql_name(pc)} = c.{sql_name(cc)}" for cc, pc in zip(columns, parent_columns))
        present = " AND ".join(f"c.{sql_name(cc)} IS NOT NULL" for cc in columns)
        shown = ", ".join(f"c.{sql_name(cc)}" for cc in columns)
        searched = parent_table  # DuckDB hashes its rows for NOT EXISTS: for few rows, first keep those they point at
        if few:
            searched = f"(SELECT p.* FROM {parent_table} AS p SEMI JOIN {target} AS c ON {join})"
        sql = f"SELECT c.rowid, concat_ws(', ', {shown}) FROM {target} AS c WHERE {present} AND NOT EXISTS (SELECT 1 FROM {searched} AS p WHERE {join})"
        parent_seed = parent.removeprefix("raw_")
        rows = offending(sql)
        allowed = allowed_values(con, parent_table, parent_columns) if rows else ""
        for rowid, value in rows:
            message = f"{', '.join(columns)}: no row in {parent_seed}.csv has {', '.join(parent_columns)} equal to this value{allowed}"
            found.append((rowid, contract.column_number(columns[0]), message, value))
    return found


def allowed_values(con: duckdb.DuckDBPyConnection, table: str, columns: list[str], most: int = 30) -> str:
    """'; use one of a, b, c' when the parent is a vocabulary (a described list of at most `most`
    values); nothing for other seeds."""
    described = con.execute(f"SELECT * FROM {table} LIMIT 0").description
    if len(columns) != 1 or "description" not in [d[0] for d in described]:
        return ""
    values = con.execute(f"SELECT DISTINCT {sql_name(columns[0])} FROM {table} ORDER BY 1 LIMIT {most + 1}").fetchall()
    return "" if len(values) > most else "; use one of " + ", ".join(str(v) for (v,) in values)


def describe_check(expression: str) -> str:
    """A CHECK rule in words: allowed values are listed, anything else is quoted as written."""
    match = re.fullmatch(r"(\()?\"?(\w+)\"? IN \((.*)\)(?(1)\))", expression)
    if match:
        return f"{match.group(2)}: not an allowed value; use one of {match.group(3)}"
    return f"breaks the rule CHECK {expression}"


def check_seed_files(project: Project, contracts: dict[str, SeedContract]) -> list[Problem]:
    """Every CSV in seeds/ has a contract."""
    declared = {c.csv_name for c in contracts.values()}
    return [
        Problem(project.rel(path), None, None, f"no CREATE TABLE raw_{path.stem} in seeds/schema.sql: declare its columns there")
        for path in sorted(project.seeds_dir.glob("*.csv"))
        if path.name not in declared
    ]


def validate_seeds(project: Project, contracts: dict[str, SeedContract], con: duckdb.DuckDBPyConnection, progress: Progress = quiet) -> list[Problem]:
    """Load every seed into `con` (an in-memory DuckDB) and return all problems."""
    problems = check_seed_files(project, contracts)
    loaded: dict[str, str] = {}
    for number, (table, contract) in enumerate(contracts.items(), start=1):
        progress(f"[{number}/{len(contracts)}] checking seeds/{contract.csv_name}")
        found, complete = load_seed(con, project, contract, sql_name(table), loaded)
        problems += found
        if complete:
            loaded[table] = sql_name(table)
    return problems
