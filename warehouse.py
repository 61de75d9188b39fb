"""The Japan–EU security cooperation warehouse.

seeds/*.csv ──load──▶ raw_* ──sql/*.sql──▶ stg_ → int_ → dim_/fct_ → rpt_ ──publish──▶ warehouse.duckdb
                                                                      └──▶ reports (HTML), ad hoc SQL, BI tools

One module: the engine first, in dependency order, and the typer CLI last. Engine functions take
paths and connections and return values or raise WarehouseError; only the CLI prints or exits.
duckdb, sqlglot and jinja2 are imported inside the functions that use them, so `--help` stays fast.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import hashlib
import html
import io
import json
import os
import re
import shutil
import sys
import time
import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional

import typer

# ═══════════════════════════════════════════════════════════════════════════════════════════════
# Settings
# ═══════════════════════════════════════════════════════════════════════════════════════════════

__version__ = "0.1.0"
ENGINE_VERSION = "1"  # part of every fingerprint: bump it when the engine builds tables differently
INTERNAL_SCHEMA = "_warehouse"
DEFAULT_DB_NAME = "warehouse.duckdb"
DEFAULT_KEEP = 3  # versions kept per model or seed
STORAGE_COMPATIBILITY = "v1.5.0"  # so DuckDB 1.5-based CLIs and BI drivers can open the file
DEFAULT_MEMORY_LIMIT = "3GB"  # per build; DuckDB spills to disk beyond it (10M events build in under 4 GB)
LAYERS = ("stg", "int", "dim", "fct", "rpt")  # a model may read its own layer or earlier ones
HEADER_KEYS = ("description", "grain", "test", "column")
MAX_PROBLEMS_PER_CHECK = 20
IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")

Progress = Callable[[str], None]


def quiet(_message: str) -> None:
    """The default progress callback: say nothing."""


# ═══════════════════════════════════════════════════════════════════════════════════════════════
# Errors
# ═══════════════════════════════════════════════════════════════════════════════════════════════


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one input, located as precisely as we can."""

    path: str
    line: Optional[int]
    column: Optional[int]
    message: str
    value: Optional[str] = None

    def __str__(self) -> str:
        where = ":".join(str(part) for part in (self.path, self.line, self.column) if part is not None)
        value = "" if self.value is None else f" ({shorten(self.value)})"
        return f"{where}: {self.message}{value}"


class WarehouseError(Exception):
    """Every failure the user can fix. Carries all problems found, each with file, line and column."""

    def __init__(self, problems: Iterable[Problem] | Problem | str):
        if isinstance(problems, (Problem, str)):
            problems = [problems]
        self.problems = [p if isinstance(p, Problem) else Problem("warehouse", None, None, p) for p in problems]
        super().__init__("\n".join(str(p) for p in self.problems))


def shorten(text: str, limit: int = 80) -> str:
    text = str(text).replace("\n", "\\n").replace("\r", "\\r")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def raise_if(problems: list[Problem]) -> None:
    if problems:
        raise WarehouseError(problems)


def position_of(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


# ═══════════════════════════════════════════════════════════════════════════════════════════════
# Project discovery
# ═══════════════════════════════════════════════════════════════════════════════════════════════


@dataclass(frozen=True)
class Project:
    """Where the inputs are (seeds/, sql/, reports/) and where the published file goes."""

    root: Path
    db_path: Path
    keep: int = DEFAULT_KEEP
    memory_limit: str = DEFAULT_MEMORY_LIMIT

    @classmethod
    def at(cls, root: Path | str = ".", db: Path | str | None = None, keep: int | None = None) -> "Project":
        root = Path(root).resolve()
        if not (root / "seeds").is_dir() and not (root / "sql").is_dir():
            raise WarehouseError(Problem(str(root), None, None, "no seeds/ or sql/ folder here; pass --project DIR"))
        db = db or os.environ.get("WAREHOUSE_DB") or root / DEFAULT_DB_NAME
        keep = keep if keep is not None else int(os.environ.get("WAREHOUSE_KEEP", DEFAULT_KEEP))
        if keep < 1:
            raise WarehouseError("--keep must be at least 1")
        memory_limit = os.environ.get("WAREHOUSE_MEMORY_LIMIT", DEFAULT_MEMORY_LIMIT)
        return cls(root=root, db_path=Path(db).resolve(), keep=keep, memory_limit=memory_limit)

    @property
    def seeds_dir(self) -> Path:
        return self.root / "seeds"

    @property
    def sql_dir(self) -> Path:
        return self.root / "sql"

    @property
    def checks_dir(self) -> Path:
        return self.root / "sql" / "checks"

    @property
    def reports_dir(self) -> Path:
        return self.root / "reports"

    def rel(self, path: Path) -> str:
        """A path as the user should see it in messages: relative to the project when inside it."""
        try:
            return str(Path(path).resolve().relative_to(self.root))
        except ValueError:
            return str(path)


def hash_text(*parts: str | bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part if isinstance(part, bytes) else part.encode())
        digest.update(b"\x00")
    return digest.hexdigest()


def hash_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


class Cache:
    """A JSON file under .cache/ in the project that saves repeated work between runs.

    Only ever a shortcut: entries are keyed by content, and losing the folder costs time, not results.
    """

    def __init__(self, project: Project, name: str):
        self.path = project.root / ".cache" / f"{name}.json"
        try:
            self.data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.data = {}
        self.changed = False

    def get(self, key: str):
        return self.data.get(key)

    def put(self, key: str, value) -> None:
        self.data[key] = value
        self.changed = True

    def save(self) -> None:
        if not self.changed:
            return
        with contextlib.suppress(OSError):  # a read-only project still works, only slower
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
            temporary.write_text(json.dumps(self.data), encoding="utf-8")
            os.replace(temporary, self.path)


def content_hash(path: Path, cache: Cache) -> str:
    """sha256 of a file's bytes. The hash of a file whose size, mtime, ctime and inode are all as when
    it was last hashed is reused (as git's index does); files changed in the last two seconds are
    always hashed again, since a second write within one timestamp tick would look unchanged."""
    stat = path.stat()
    key = [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino]
    entry = cache.get(str(path))
    if entry and entry[:4] == key:
        return entry[4]
    digest = hash_file(path)
    if time.time_ns() - max(stat.st_mtime_ns, stat.st_ctime_ns) > 2_000_000_000:
        cache.put(str(path), key + [digest])
    return digest


def sql_string(text: str) -> str:
    """A SQL string literal."""
    return "'" + str(text).replace("'", "''") + "'"


def sql_name(name: str) -> str:
    """A quoted SQL identifier, optionally schema-qualified as 'schema.name'."""
    return ".".join('"' + part.replace('"', '""') + '"' for part in name.split("."))


# ═══════════════════════════════════════════════════════════════════════════════════════════════
# Seed contract: seeds/schema.sql, read back from DuckDB's own catalog
# ═══════════════════════════════════════════════════════════════════════════════════════════════


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
    from importlib.metadata import version

    schema_path = project.seeds_dir / "schema.sql"
    if not schema_path.exists():
        if not project.seeds_dir.exists() or not any(project.seeds_dir.glob("*.csv")):
            return {}
        raise WarehouseError(Problem(project.rel(schema_path), None, None, "missing: declare one CREATE TABLE raw_<seed> per seed here"))
    text = schema_path.read_text(encoding="utf-8")
    cache = Cache(project, "contract")
    key = hash_text(ENGINE_VERSION, version("duckdb"), text)
    if cache.get("key") != key:
        contracts = contract_from_duckdb(text, project.rel(schema_path))
        cache.data = {"key": key, "contracts": [dataclasses.asdict(c) for c in contracts.values()]}
        cache.changed = True
        cache.save()
    contracts = [SeedContract(**{**c, "columns": [Column(**col) for col in c["columns"]]}) for c in cache.get("contracts")]
    return {c.table: c for c in contracts}


def contract_from_duckdb(text: str, where: str) -> dict[str, SeedContract]:
    """Run seeds/schema.sql in an empty in-memory DuckDB and read every rule back from its catalog."""
    import duckdb

    con = duckdb.connect()
    try:
        con.execute(text)
    except duckdb.Error as error:
        raise WarehouseError(Problem(where, None, None, f"DuckDB cannot run the contract: {error}")) from None
    contracts: dict[str, SeedContract] = {}
    for table, comment, ddl in con.execute(
        "SELECT table_name, comment, sql FROM duckdb_tables() WHERE database_name = current_database() ORDER BY table_name"
    ).fetchall():
        if not table.startswith("raw_"):
            raise WarehouseError(Problem(where, None, None, f"table {table} must be named raw_<seed>, after seeds/<seed>.csv"))
        columns = [
            Column(name, dtype, not nullable, col_comment)
            for name, dtype, nullable, col_comment in con.execute(
                "SELECT column_name, data_type, is_nullable, comment FROM duckdb_columns() "
                "WHERE table_name = ? ORDER BY column_index",
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
    con.close()
    return {table: contracts[table] for table in topological_order({t: c.parents for t, c in contracts.items()})}


def topological_order(parents: dict[str, list[str]]) -> list[str]:
    """Names ordered so that each comes after its parents; ties broken by name. Assumes no cycles."""
    order: list[str] = []
    placed: set[str] = set()
    remaining = sorted(parents)
    while remaining:
        ready = [n for n in remaining if all(p in placed or p not in parents for p in parents[n])]
        if not ready:  # a cycle: the caller reports it; keep going so we always return
            ready = remaining[:1]
        order.extend(ready)
        placed.update(ready)
        remaining = [n for n in remaining if n not in placed]
    return order


# ═══════════════════════════════════════════════════════════════════════════════════════════════
# Seeds: read each CSV with DuckDB and the declared types, then check every rule of the contract
# ═══════════════════════════════════════════════════════════════════════════════════════════════

REJECT_MESSAGES = {
    "CAST": "not a valid {type}",
    "MISSING COLUMNS": "row has fewer values than the header's {count} columns",
    "TOO MANY COLUMNS": "row has more values than the header's {count} columns",
    "UNQUOTED VALUE": "unterminated or misplaced quote: close the quoted value with \" and double any \" inside it",
    "INVALID ENCODING": "bytes that are not UTF-8: save the file as UTF-8",
    "LINE SIZE OVER MAXIMUM": "line is too long (an unterminated quote?)",
}


def check_header(path: Path, where: str, contract: SeedContract) -> list[Problem]:
    """The file exists, is not empty, and its header names the contract's columns in order."""
    expected = [c.name for c in contract.columns]
    if not path.exists():
        return [Problem(where, None, None, f"missing seed file: create it with the header {','.join(expected)}")]
    with open(path, "rb") as handle:
        first_line = handle.readline()
    if not first_line.strip():
        return [Problem(where, 1, 1, f"file is empty: the first line must be the header {','.join(expected)}")]
    try:
        text = first_line.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return [Problem(where, 1, error.start + 1, "bytes that are not UTF-8: save the file as UTF-8", repr(first_line[error.start : error.start + 4]))]
    header = next(csv.reader([text.rstrip("\r\n")]))
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


def read_csv_sql(path: Path, contract: SeedContract, rejects: str) -> str:
    """DuckDB's CSV reader with the declared types: DuckDB never guesses a seed's columns."""
    columns = ", ".join(f"{sql_string(c.name)}: {sql_string(c.type)}" for c in contract.columns)
    return (
        f"read_csv({sql_string(str(path))}, columns = {{{columns}}}, header = true, auto_detect = false, "
        f"delim = ',', quote = '\"', escape = '\"', store_rejects = true, "
        f"rejects_table = {sql_string(rejects)}, rejects_scan = {sql_string(rejects + '_scan')})"
    )


def load_seed(con, project: Project, contract: SeedContract, target: str, parent_tables: dict[str, str]) -> tuple[list[Problem], bool]:
    """Load seeds/<seed>.csv into the table `target` and return every way it breaks the contract.

    `parent_tables` maps each referenced raw_ table to the physical table that holds its rows; a
    parent missing from it failed to load, and references to it are not checked (no cascades).
    Also returns whether every row was read, so that children may check their references against it.
    """
    path = project.seeds_dir / contract.csv_name
    where = project.rel(path)
    problems = check_header(path, where, contract)
    if problems:
        return problems, False
    rejects = f"rejects_{contract.seed}"
    con.execute(f"CREATE TABLE {target} AS SELECT * FROM {read_csv_sql(path, contract, rejects)}")
    rejected = read_rejects(con, where, contract, rejects)
    problems = list(rejected)
    itself = {} if rejected else {contract.table: target}  # a self-reference may point at a rejected row
    row_problems = check_rows(con, contract, target, {**parent_tables, **itself})
    if row_problems:
        lines = record_lines(path, {p.line for p in rejected})
        loaded = con.execute(f"SELECT count(*) FROM {target}").fetchone()[0]
        # rowids follow insertion order but need not start at 0 (uncommitted rows): count to get the ordinal
        ordinal = lambda rowid: con.execute(f"SELECT count(*) FROM {target} WHERE rowid < ?", [rowid]).fetchone()[0]
        line_of = (lambda rowid: lines[ordinal(rowid)]) if len(lines) == loaded else (lambda rowid: None)
        problems += [Problem(where, line_of(rowid), col, message, value) for rowid, col, message, value in row_problems]
    return sorted(problems, key=lambda p: (p.line or 0, p.column or 0)), not rejected


def read_rejects(con, where: str, contract: SeedContract, rejects: str) -> list[Problem]:
    """Rows DuckDB's reader refused (bad types, quotes, encoding, column counts), with line and column."""
    problems = []
    types = {c.name: c.type for c in contract.columns}
    rows = con.execute(
        f"SELECT line, column_idx, column_name, error_type, csv_line FROM {rejects} ORDER BY line, column_idx"
    ).fetchall()
    for line, column_idx, column_name, error_type, csv_line in rows:
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


def check_rows(con, contract: SeedContract, target: str, parent_tables: dict[str, str]) -> list[tuple]:
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
    for columns, parent, parent_columns in contract.references:
        parent_table = parent_tables.get(parent)
        if parent_table is None:  # the parent seed failed to load; its own problems are reported
            continue
        join = " AND ".join(f"p.{sql_name(pc)} = c.{sql_name(cc)}" for cc, pc in zip(columns, parent_columns))
        present = " AND ".join(f"c.{sql_name(cc)} IS NOT NULL" for cc in columns)
        shown = ", ".join(f"c.{sql_name(cc)}" for cc in columns)
        sql = f"SELECT c.rowid, concat_ws(', ', {shown}) FROM {target} AS c WHERE {present} AND NOT EXISTS (SELECT 1 FROM {parent_table} AS p WHERE {join})"
        parent_seed = parent.removeprefix("raw_")
        for rowid, value in offending(sql):
            message = f"{', '.join(columns)}: no row in {parent_seed}.csv has {', '.join(parent_columns)} equal to this value"
            found.append((rowid, contract.column_number(columns[0]), message, value))
    return found


def describe_check(expression: str) -> str:
    """A CHECK rule in words: allowed values are listed, anything else is quoted as written."""
    match = re.fullmatch(r"\(?\"?(\w+)\"? IN \((.*)\)\)?", expression)
    if match:
        return f"{match.group(1)}: not an allowed value; use one of {match.group(2)}"
    return f"breaks the rule CHECK {expression}"


def check_seed_files(project: Project, contracts: dict[str, SeedContract]) -> list[Problem]:
    """Every CSV in seeds/ has a contract."""
    declared = {c.csv_name for c in contracts.values()}
    return [
        Problem(project.rel(path), None, None, f"no CREATE TABLE raw_{path.stem} in seeds/schema.sql: declare its columns there")
        for path in sorted(project.seeds_dir.glob("*.csv"))
        if path.name not in declared
    ]


def validate_seeds(project: Project, contracts: dict[str, SeedContract], con=None) -> list[Problem]:
    """Load every seed into an in-memory DuckDB (`con`, or a throwaway one) and return all problems."""
    import duckdb

    con = con or duckdb.connect()
    problems = check_seed_files(project, contracts)
    loaded: dict[str, str] = {}
    for table, contract in contracts.items():
        found, complete = load_seed(con, project, contract, sql_name(table), loaded)
        problems += found
        if complete:
            loaded[table] = sql_name(table)
    return problems


# ═══════════════════════════════════════════════════════════════════════════════════════════════
# SQL models: one SELECT per file under sql/, a `-- key: value` header, dependencies found by sqlglot
# ═══════════════════════════════════════════════════════════════════════════════════════════════

HEADER_LINE = re.compile(r"--\s*(?P<key>[A-Za-z_]+)(?:\s+(?P<name>[A-Za-z_][A-Za-z0-9_]*))?\s*:\s*(?P<value>.*?)\s*$")
TEST_CALL = re.compile(r"(?P<kind>[a-z_]+)\s*\((?P<args>.*)\)\s*$")
TEST_ARITY = {"not_null": 1, "unique": 1, "accepted_values": None, "relationships": 2}


@dataclass(frozen=True)
class TestSpec:
    """One data test from a model header: not_null, unique, accepted_values, relationships or custom."""

    kind: str
    args: tuple[str, ...]
    line: int
    text: str


@dataclass
class Model:
    name: str
    path: Path
    text: str
    description: str
    grain: list[str]
    tests: list[TestSpec]
    column_docs: dict[str, str]
    references: dict[str, tuple[int, int]]  # table name → (line, column) of its first use
    normalized_sql: str  # comments and formatting removed: what the version is a hash of

    @property
    def layer(self) -> str:
        return self.name.split("_", 1)[0]


def parse_header(text: str, where: str) -> tuple[dict, list[Problem]]:
    """The leading block of `-- key: value` lines; everything after the first other line is the query."""
    header: dict = {"description": None, "grain": [], "tests": [], "columns": {}}
    problems: list[Problem] = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped.startswith("--"):
            break
        if stripped.strip("- ") == "":
            continue
        match = HEADER_LINE.fullmatch(stripped)
        key = match and match.group("key")
        if not match or key not in HEADER_KEYS or (key == "column") != bool(match.group("name")):
            problems.append(Problem(where, number, 1, "unknown header line; use -- description: …, -- grain: …, -- test: …, or -- column <name>: …", stripped))
            continue
        value = match.group("value")
        if key == "description":
            header["description"] = value
        elif key == "grain":
            header["grain"] = [c.strip() for c in value.split(",") if c.strip()]
            problems += [Problem(where, number, 1, "grain lists column names", c) for c in header["grain"] if not IDENTIFIER.fullmatch(c)]
        elif key == "column":
            header["columns"][match.group("name")] = value
        else:
            spec = parse_test(value, number)
            if spec is None:
                problems.append(Problem(where, number, 1, "test is not_null(col), unique(col), accepted_values(col, 'a', …), relationships(col, model.col) or a custom check name", value))
            else:
                header["tests"].append(spec)
    if not header["description"]:
        problems.append(Problem(where, 1, 1, "every model needs a '-- description: …' header line"))
    return header, problems


def parse_test(text: str, line: int) -> Optional[TestSpec]:
    if IDENTIFIER.fullmatch(text):
        return TestSpec("custom", (text,), line, text)
    match = TEST_CALL.fullmatch(text)
    if not match or match.group("kind") not in TEST_ARITY:
        return None
    args = tuple(a.strip() for a in next(csv.reader([match.group("args")], quotechar="'", skipinitialspace=True)))
    kind, arity = match.group("kind"), TEST_ARITY[match.group("kind")]
    if not args or not IDENTIFIER.fullmatch(args[0]) or (arity and len(args) != arity) or len(args) < 2 and arity is None:
        return None
    if kind == "relationships" and not re.fullmatch(r"\w+\.\w+", args[1]):
        return None
    return TestSpec(kind, args, line, text)


def parse_model(path: Path, where: str) -> Model:
    """Read one model file; raise with every problem found, each with line and column."""
    import sqlglot
    from sqlglot import exp

    text = path.read_text(encoding="utf-8")
    header, problems = parse_header(text, where)
    try:
        statements = [s for s in sqlglot.parse(text, dialect="duckdb") if s is not None]
    except sqlglot.errors.ParseError as error:
        first = error.errors[0]
        description = first["description"].split(". Line")[0]
        raise WarehouseError(problems + [Problem(where, first["line"], first["col"], f"syntax error: {description}", first.get("highlight"))]) from None
    if not statements:
        raise WarehouseError(problems + [Problem(where, 1, 1, "no query: a model is one SELECT statement")])
    if len(statements) > 1:
        line, column = second_statement_position(text)
        problems.append(Problem(where, line, column, "a model is exactly one SELECT; remove the second statement"))
    query = statements[0]
    if not isinstance(query, exp.Query):
        line, column = first_token_position(text)
        problems.append(Problem(where, line, column, f"a model is a SELECT, not {query.key.upper()} (no DDL or DML in models)"))
        raise WarehouseError(problems)
    references, reference_problems = find_references(query, text, where)
    raise_if(problems + reference_problems)
    return Model(
        name=path.stem.lower(),
        path=path,
        text=text,
        description=header["description"],
        grain=header["grain"],
        tests=header["tests"],
        column_docs=header["columns"],
        references=references,
        normalized_sql=query.sql(dialect="duckdb", comments=False),
    )


def tokens_of(text: str):
    from sqlglot.dialects.dialect import Dialect

    return Dialect.get_or_raise("duckdb").tokenize(text)


def first_token_position(text: str) -> tuple[int, int]:
    tokens = tokens_of(text)
    return position_of(text, tokens[0].start) if tokens else (1, 1)


def second_statement_position(text: str) -> tuple[int, int]:
    from sqlglot.tokens import TokenType

    tokens = tokens_of(text)
    for before, after in zip(tokens, tokens[1:]):
        if before.token_type == TokenType.SEMICOLON and after.token_type != TokenType.SEMICOLON:
            return position_of(text, after.start)
    return 1, 1


def find_references(query, text: str, where: str) -> tuple[dict[str, tuple[int, int]], list[Problem]]:
    """Tables the query reads (CTE names excluded), through subqueries, unions and joins."""
    from sqlglot import exp
    from sqlglot.optimizer.scope import traverse_scope

    references: dict[str, tuple[int, int]] = {}
    problems: list[Problem] = []
    for scope in traverse_scope(query):
        for source in scope.sources.values():
            if not isinstance(source, exp.Table):
                continue
            start = source.this.meta.get("start", 0) if isinstance(source.this, exp.Identifier) else 0
            position = position_of(text, start)
            if not isinstance(source.this, exp.Identifier):
                problems.append(Problem(where, *position, "models read tables and other models, not files or table functions", source.sql("duckdb")))
            elif source.args.get("db") is not None or source.args.get("catalog") is not None:
                problems.append(Problem(where, *position, "refer to other models and seeds by bare name", source.sql("duckdb")))
            else:
                references.setdefault(source.name.lower(), position)
    return references, problems


def load_models(project: Project) -> dict[str, Model]:
    """Every sql/**/*.sql except sql/checks/, each parsed; all problems of all files raised together."""
    models: dict[str, Model] = {}
    problems: list[Problem] = []
    cache = Cache(project, "models")
    paths = sorted(p for p in project.sql_dir.rglob("*.sql") if project.checks_dir not in p.parents)
    for path in paths:
        where = project.rel(path)
        name = path.stem.lower()
        if name in models:
            problems.append(Problem(where, 1, 1, f"duplicate model name {name}: also defined in {project.rel(models[name].path)}"))
            continue
        if not re.fullmatch(rf"({'|'.join(LAYERS)})_[a-z0-9_]+", name):
            problems.append(Problem(where, 1, 1, f"a model's file name starts with a layer prefix ({', '.join(l + '_' for l in LAYERS)}) and uses a-z, 0-9 and _", path.stem))
            continue
        try:
            models[name] = cached_model(path, where, cache)
        except WarehouseError as error:
            problems += error.problems
    cache.save()
    raise_if(problems)
    return models


def cached_model(path: Path, where: str, cache: Cache) -> Model:
    """parse_model, or its saved result for the same file content (sqlglot is the slow part of a no-op)."""
    text = path.read_text(encoding="utf-8")
    key = hash_text(ENGINE_VERSION, where, text)
    saved = cache.get(key)
    if saved is None:
        model = parse_model(path, where)
        saved = {k: v for k, v in dataclasses.asdict(model).items() if k not in ("path", "text", "tests")}
        saved["tests"] = [dataclasses.astuple(t) for t in model.tests]
        cache.put(key, saved)
    return Model(**{**saved, "path": path, "text": text, "tests": [TestSpec(*t) for t in saved["tests"]],
                    "references": {k: tuple(v) for k, v in saved["references"].items()}})


# ═══════════════════════════════════════════════════════════════════════════════════════════════
# Graph: seeds and models as one DAG, checked before anything runs
# ═══════════════════════════════════════════════════════════════════════════════════════════════


@dataclass
class Node:
    """A seed or a model: something that becomes a versioned table and a public view."""

    name: str
    kind: str  # "seed" or "model"
    parents: list[str]
    own_hash: str  # the node's own content (SQL or CSV bytes + contract)
    fingerprint: str = ""  # own content + parents' fingerprints + engine version
    seed: Optional[SeedContract] = None
    model: Optional[Model] = None

    def metadata(self) -> dict:
        """Descriptions that become COMMENT ON in the published file."""
        if self.seed:
            return {"description": self.seed.comment or "", "columns": {c.name: c.comment or "" for c in self.seed.columns}}
        return {"description": self.model.description, "columns": dict(self.model.column_docs)}


@dataclass
class Graph:
    project: Project
    nodes: dict[str, Node]  # in build order

    def downstream(self, name: str) -> set[str]:
        found: set[str] = set()
        for other in self.nodes.values():
            if name in other.parents:
                found |= {other.name} | self.downstream(other.name)
        return found

    @property
    def models(self) -> list[Model]:
        return [n.model for n in self.nodes.values() if n.model]


def load_graph(project: Project) -> Graph:
    """Contract, seeds and models read and checked: unknown tables, layer rules and cycles.

    Raises with every problem before anything is built; hashing seeds is the only file-size work.
    """
    contracts = read_contract(project)
    models = load_models(project) if project.sql_dir.exists() else {}
    problems = check_seed_files(project, contracts)
    nodes: dict[str, Node] = {}
    hashes = Cache(project, "hashes")
    for table, contract in contracts.items():
        path = project.seeds_dir / contract.csv_name
        content = content_hash(path, hashes) if path.exists() else "missing"
        nodes[table] = Node(table, "seed", contract.parents, hash_text("seed", contract.ddl, content), seed=contract)
    for name, model in models.items():
        problems += check_references(project, model, models, contracts)
        nodes[name] = Node(name, "model", sorted(r for r in model.references if r in models or r in contracts), hash_text("model", model.normalized_sql), model=model)
    hashes.save()
    problems += find_cycles(project, models)
    raise_if(problems)
    # seeds first (in reference order), then models: a failing seed stops the build before any model runs
    model_order = topological_order({name: [p for p in nodes[name].parents if p in models] for name in models})
    ordered = {name: nodes[name] for name in [*contracts, *model_order]}
    for node in ordered.values():
        parent_prints = [f"{p}={ordered[p].fingerprint}" for p in node.parents]
        node.fingerprint = hash_text(ENGINE_VERSION, node.own_hash, *parent_prints)
    return Graph(project, ordered)


def check_references(project: Project, model: Model, models: dict[str, Model], contracts: dict) -> list[Problem]:
    import difflib

    problems = []
    where = project.rel(model.path)
    known = sorted(set(models) | set(contracts))
    for name, (line, column) in model.references.items():
        if name == model.name:
            problems.append(Problem(where, line, column, "a model cannot read itself", name))
        elif name in contracts:
            if model.layer != "stg":
                problems.append(Problem(where, line, column, f"only stg_ models read seeds; read the stg_ model of {name} instead", name))
        elif name in models:
            if LAYERS.index(models[name].layer) > LAYERS.index(model.layer):
                problems.append(Problem(where, line, column, f"a {model.layer}_ model cannot read the later layer {models[name].layer}_", name))
        else:
            close = difflib.get_close_matches(name, known, n=1)
            hint = f"; did you mean {close[0]}?" if close else "; it is neither a model in sql/ nor a seed in seeds/schema.sql"
            problems.append(Problem(where, line, column, f"unknown table {name}{hint}", name))
    return problems


def find_cycles(project: Project, models: dict[str, Model]) -> list[Problem]:
    """Each cycle among models, reported at the reference that closes it."""
    problems: list[Problem] = []
    state: dict[str, str] = {}  # "active" while on the DFS stack, "done" after

    def visit(name: str, path: list[str]) -> None:
        state[name] = "active"
        for child in sorted(r for r in models[name].references if r in models and r != name):
            if state.get(child) == "active":
                cycle = path[path.index(child) :] + [name, child] if child in path else [name, child]
                line, column = models[name].references[child]
                problems.append(Problem(project.rel(models[name].path), line, column, "cycle: " + " → ".join(cycle), child))
            elif child not in state:
                visit(child, path + [name])
        state[name] = "done"

    for name in sorted(models):
        if name not in state:
            visit(name, [])
    return problems


# ═══════════════════════════════════════════════════════════════════════════════════════════════
# Versions: what the published file holds, and what a build would change
# ═══════════════════════════════════════════════════════════════════════════════════════════════

INTERNAL_TABLES = f"""
CREATE SCHEMA IF NOT EXISTS {INTERNAL_SCHEMA};
CREATE TABLE IF NOT EXISTS {INTERNAL_SCHEMA}.builds (
    build_id INTEGER PRIMARY KEY, kind VARCHAR, note VARCHAR, started_at TIMESTAMP, finished_at TIMESTAMP,
    engine_version VARCHAR, metadata_hash VARCHAR);
CREATE TABLE IF NOT EXISTS {INTERNAL_SCHEMA}.versions (
    node VARCHAR, kind VARCHAR, version INTEGER, fingerprint VARCHAR, own_hash VARCHAR, physical_table VARCHAR,
    build_id INTEGER, built_at TIMESTAMP, row_count BIGINT, seconds DOUBLE, sql_text VARCHAR, metadata VARCHAR,
    dropped_at TIMESTAMP, PRIMARY KEY (node, version));
CREATE TABLE IF NOT EXISTS {INTERNAL_SCHEMA}.build_nodes (
    build_id INTEGER, node VARCHAR, version INTEGER, action VARCHAR, seconds DOUBLE, PRIMARY KEY (build_id, node));
"""
COMMENTS_ON_INTERNAL = {
    "builds": "Run log: one row per published build or rollback.",
    "versions": "Every version of every seed and model: fingerprint, row count, SQL; dropped_at once pruned.",
    "build_nodes": "Which version of each seed and model each build published, and what the build did to it.",
}


@dataclass(frozen=True)
class Version:
    node: str
    kind: str
    version: int
    fingerprint: str
    own_hash: str
    physical_table: str
    built_at: dt.datetime
    row_count: int
    metadata: str
    dropped: bool


@dataclass
class PublishedState:
    """What the published file says: its current build and the versions it keeps."""

    build_id: Optional[int] = None
    metadata_hash: Optional[str] = None
    current: dict[str, Version] = field(default_factory=dict)
    versions: dict[str, list[Version]] = field(default_factory=dict)  # every version, oldest first

    def kept_with(self, node: str, fingerprint: str) -> Optional[Version]:
        return next((v for v in reversed(self.versions.get(node, [])) if v.fingerprint == fingerprint and not v.dropped), None)

    def next_version(self, node: str) -> int:
        return max((v.version for v in self.versions.get(node, [])), default=0) + 1


def read_state(con) -> PublishedState:
    """The published state from an open connection (empty for a new file)."""
    has_internal = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE schema_name = ? AND table_name = 'build_nodes'", [INTERNAL_SCHEMA]
    ).fetchone()[0]
    if not has_internal:
        return PublishedState()
    state = PublishedState()
    row = con.execute(f"SELECT build_id, metadata_hash FROM {INTERNAL_SCHEMA}.builds ORDER BY build_id DESC LIMIT 1").fetchone()
    if row is None:
        return state
    state.build_id, state.metadata_hash = row
    rows = con.execute(
        f"SELECT node, kind, version, fingerprint, own_hash, physical_table, built_at, row_count, metadata, "
        f"dropped_at IS NOT NULL FROM {INTERNAL_SCHEMA}.versions ORDER BY node, version"
    ).fetchall()
    for row in rows:
        state.versions.setdefault(row[0], []).append(Version(*row))
    for node, version in con.execute(f"SELECT node, version FROM {INTERNAL_SCHEMA}.build_nodes WHERE build_id = ?", [state.build_id]).fetchall():
        state.current[node] = next(v for v in state.versions[node] if v.version == version)
    return state


def read_published_state(db_path: Path) -> PublishedState:
    if not db_path.exists():
        return PublishedState()
    with open_published(db_path) as con:
        return read_state(con)


@contextlib.contextmanager
def open_published(db_path: Path, sandboxed: bool = False):
    """A read-only connection to the published file; it never blocks builds (they publish by rename).

    sandboxed: also no file access and a locked configuration, for ad hoc SQL.
    """
    import duckdb

    if not db_path.exists():
        raise WarehouseError(Problem(str(db_path), None, None, "no published warehouse here yet: run `warehouse build` first"))
    check_no_stale_wal(db_path)
    config = {"enable_external_access": False, "lock_configuration": True} if sandboxed else {}
    try:
        con = duckdb.connect(str(db_path), read_only=True, config=config)
    except duckdb.Error as error:
        raise WarehouseError(Problem(str(db_path), None, None, explain_open_error(error))) from None
    try:
        yield con
    finally:
        con.close()


def explain_open_error(error: Exception) -> str:
    message = str(error)
    holder = re.search(r"\(PID (\d+)\)", message)
    if "Conflicting lock" in message:
        who = f"process {holder.group(1)}" if holder else "another process"
        return (f"{who} has the file open read-write, so nobody can read it now; builds never do this, so close "
                f"that program (or its connection) and try again. DuckDB said: {message.splitlines()[0]}")
    return f"cannot open the warehouse: {message.splitlines()[0]}"


def check_no_stale_wal(db_path: Path) -> None:
    wal = db_path.with_name(db_path.name + ".wal")
    if wal.exists():
        raise WarehouseError(Problem(str(wal), None, None,
            "a write-ahead log is left beside the published file: some process wrote to the file directly and did not "
            "close it cleanly, and DuckDB will not open the file until this is settled. Builds never write there. If those "
            "writes matter, open the file once read-write with duckdb to replay them; otherwise move the .wal aside. "
            "Then run the command again."))


@dataclass(frozen=True)
class Step:
    node: str
    kind: str
    action: str  # new, changed, reuse, unchanged, removed
    reason: str = ""
    old_version: Optional[int] = None
    new_version: Optional[int] = None


@dataclass
class Plan:
    steps: list[Step]
    metadata_changed: bool

    @property
    def nothing_to_do(self) -> bool:
        return not self.metadata_changed and all(s.action == "unchanged" for s in self.steps)

    def count(self, action: str) -> int:
        return sum(s.action == action for s in self.steps)

    def summary(self) -> str:
        parts = [f"{self.count(a)} {a}" for a in ("new", "changed", "reuse", "removed", "unchanged") if self.count(a)]
        rebuilt = any(s.action != "unchanged" for s in self.steps)
        return ", ".join(parts) + ("" if rebuilt or not self.metadata_changed else "; only descriptions or tests changed")


def metadata_hash(graph: Graph) -> str:
    """Descriptions and tests: changing them republishes comments and reruns tests, but rebuilds nothing."""
    parts = [json.dumps([n.name, n.metadata(), [t.text for t in (n.model.tests if n.model else [])], n.model.grain if n.model else []], sort_keys=True) for n in graph.nodes.values()]
    checks = sorted(graph.project.checks_dir.glob("*.sql")) if graph.project.checks_dir.exists() else []
    return hash_text(*parts, *(p.read_text(encoding="utf-8") for p in checks))


def make_plan(graph: Graph, state: PublishedState) -> Plan:
    steps = []
    changed: set[str] = set()
    for node in graph.nodes.values():
        current = state.current.get(node.name)
        if current and current.fingerprint == node.fingerprint:
            steps.append(Step(node.name, node.kind, "unchanged", old_version=current.version, new_version=current.version))
            continue
        changed.add(node.name)
        upstream = sorted(p for p in node.parents if p in changed)
        if current is None:
            reason = "not built yet" if node.name not in state.versions else "back after removal"
        elif current.own_hash == node.own_hash:
            reason = "upstream changed: " + ", ".join(upstream) if upstream else "engine changed"
        else:
            reason = "its SQL changed" if node.kind == "model" else "its CSV or contract changed"
        kept = state.kept_with(node.name, node.fingerprint)
        if kept:
            steps.append(Step(node.name, node.kind, "reuse", f"{reason}; same as kept version {kept.version}", current and current.version, kept.version))
        else:
            action = "new" if current is None else "changed"
            steps.append(Step(node.name, node.kind, action, reason, current and current.version, state.next_version(node.name)))
    for name, version in state.current.items():
        if name not in graph.nodes:
            steps.append(Step(name, version.kind, "removed", "no longer in the project", version.version, None))
    return Plan(steps, metadata_changed=state.metadata_hash != metadata_hash(graph))


def plan_build(project: Project) -> tuple[Graph, PublishedState, Plan]:
    graph = load_graph(project)
    state = read_published_state(project.db_path)
    return graph, state, make_plan(graph, state)


# ═══════════════════════════════════════════════════════════════════════════════════════════════
# Data tests: header tests and custom checks, each a query for offending rows
# ═══════════════════════════════════════════════════════════════════════════════════════════════


@dataclass(frozen=True)
class DataTest:
    model: str
    name: str
    where: str  # file the test is declared in
    line: int
    sql: str  # selects the offending rows
    reads: frozenset  # public names the query reads


def tests_of(graph: Graph, model: Model) -> list[DataTest]:
    """The SQL of each test declared in a model's header (grain expands to unique + not_null)."""
    where = graph.project.rel(model.path)
    table = sql_name(model.name)
    tests: list[DataTest] = []

    def add(name: str, line: int, sql: str, reads: Iterable[str] = ()) -> None:
        tests.append(DataTest(model.name, name, where, line, sql, frozenset({model.name, *reads})))

    grain_line = next((n for n, l in enumerate(model.text.splitlines(), 1) if re.match(r"--\s*grain\s*:", l.strip())), 1)
    if model.grain:
        cols = ", ".join(sql_name(c) for c in model.grain)
        add(f"grain({', '.join(model.grain)}) is unique", grain_line, f"SELECT {cols}, count(*) AS copies FROM {table} GROUP BY ALL HAVING count(*) > 1")
        for column in model.grain:
            add(f"grain column {column} is not null", grain_line, f"SELECT * FROM {table} WHERE {sql_name(column)} IS NULL")
    for spec in model.tests:
        column = sql_name(spec.args[0])
        if spec.kind == "not_null":
            add(spec.text, spec.line, f"SELECT * FROM {table} WHERE {column} IS NULL")
        elif spec.kind == "unique":
            add(spec.text, spec.line, f"SELECT {column}, count(*) AS copies FROM {table} GROUP BY ALL HAVING count(*) > 1")
        elif spec.kind == "accepted_values":
            allowed = ", ".join(sql_string(v) for v in spec.args[1:])
            add(spec.text, spec.line, f"SELECT {column}, count(*) AS rows FROM {table} WHERE {column}::VARCHAR NOT IN ({allowed}) GROUP BY ALL")
        elif spec.kind == "relationships":
            other, other_column = spec.args[1].split(".")
            if other not in graph.nodes:
                raise WarehouseError(Problem(where, spec.line, 1, f"relationships test names unknown model {other}", spec.text))
            add(spec.text, spec.line,
                f"SELECT * FROM {table} AS child WHERE child.{column} IS NOT NULL AND NOT EXISTS "
                f"(SELECT 1 FROM {sql_name(other)} AS parent WHERE parent.{sql_name(other_column)} = child.{column})", [other])
        else:
            tests.append(custom_check(graph, model, spec, where))
    return tests


def custom_check(graph: Graph, model: Model, spec: TestSpec, where: str) -> DataTest:
    """A custom check is sql/checks/<name>.sql: a SELECT that returns the offending rows."""
    path = graph.project.checks_dir / f"{spec.args[0]}.sql"
    if not path.exists():
        raise WarehouseError(Problem(where, spec.line, 1, f"no custom check {graph.project.rel(path)}: write a SELECT there that returns offending rows", spec.text))
    check = parse_model(path, graph.project.rel(path))
    unknown = sorted(set(check.references) - set(graph.nodes))
    if unknown:
        raise WarehouseError(Problem(graph.project.rel(path), *check.references[unknown[0]], f"unknown table {unknown[0]}", unknown[0]))
    return DataTest(model.name, spec.text, where, spec.line, check.normalized_sql, frozenset({model.name, *check.references}))


def run_tests(con, tests: Iterable[DataTest]) -> list[Problem]:
    """Run each test; a failure names the model, the test and up to five offending rows."""
    problems = []
    for test in tests:
        try:
            cursor = con.execute(f"SELECT * FROM ({test.sql}) LIMIT 6")
            rows = cursor.fetchall()
            names = [d[0] for d in cursor.description]
        except Exception as error:  # a broken test is a failing test, located at its header line
            problems.append(Problem(test.where, test.line, 1, f"test {test.name} on {test.model} could not run: {first_line(error)}"))
            continue
        if rows:
            total = con.execute(f"SELECT count(*) FROM ({test.sql})").fetchone()[0]
            shown = "; ".join(", ".join(f"{n}={v}" for n, v in zip(names, row)) for row in rows[:5])
            problems.append(Problem(test.where, test.line, 1, f"test {test.name} failed on {test.model}: {total} offending row(s), first {min(5, total)}: {shown}"))
    return problems


def first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


def duckdb_position(error: Exception, text: str) -> tuple[Optional[int], Optional[int]]:
    """Line and column from a DuckDB error's 'LINE n:' excerpt and caret, when it has one."""
    message = str(error)
    match = re.search(r"LINE (\d+): (.*)\n(\s*)\^", message)
    if not match:
        return None, None
    return int(match.group(1)), len(match.group(3)) - len(f"LINE {match.group(1)}: ") + 1


# ═══════════════════════════════════════════════════════════════════════════════════════════════
# Build and publish: work in a copy, one transaction, then an atomic rename over the published file
# ═══════════════════════════════════════════════════════════════════════════════════════════════


@dataclass
class BuildResult:
    plan: Plan
    build_id: Optional[int]
    published: bool
    seconds: float


def fault_point(name: str) -> None:
    """Lets the fault suite kill a build at a named point (WAREHOUSE_FAULT=name); a no-op otherwise."""
    if os.environ.get("WAREHOUSE_FAULT") == name:
        import signal

        os.kill(os.getpid(), signal.SIGKILL)


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextlib.contextmanager
def build_lock(db_path: Path) -> Iterator[None]:
    """One build at a time per published file; a lock left by a killed build is taken over."""
    lock = db_path.with_name(db_path.name + ".lock")
    db_path.parent.mkdir(parents=True, exist_ok=True)
    for attempt in range(2):
        try:
            descriptor = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
            break
        except FileExistsError:
            holder = lock.read_text().strip() if lock.exists() else ""
            if attempt == 0 and holder.isdigit() and not process_alive(int(holder)):
                lock.unlink(missing_ok=True)  # stale: its build was killed
                continue
            raise WarehouseError(Problem(str(lock), None, None,
                f"another build (PID {holder or '?'}) is publishing {db_path.name}; wait for it to finish and run again "
                f"(if no such process exists, delete this lock file)")) from None
    os.write(descriptor, str(os.getpid()).encode())
    os.close(descriptor)
    try:
        for leftover in db_path.parent.glob(f".{db_path.name}.build-*"):
            leftover.unlink(missing_ok=True)  # we hold the lock, so these are from killed builds
        yield
    finally:
        lock.unlink(missing_ok=True)


def publish(project: Project, work: Callable, kind: str, note: str, metadata: str, progress: Progress) -> int:
    """Copy the published file, run `work(con, build_id)` in one transaction there, and rename it over.

    Any failure before the rename deletes the copy: the published file is never touched.
    """
    import duckdb

    db_path = project.db_path
    check_no_stale_wal(db_path)
    staging = db_path.with_name(f".{db_path.name}.build-{os.getpid()}.tmp")
    try:
        if db_path.exists():
            progress(f"copying {db_path.name} to work on")
            shutil.copyfile(db_path, staging)
        config = {"storage_compatibility_version": STORAGE_COMPATIBILITY, "memory_limit": project.memory_limit}
        con = duckdb.connect(str(staging), config=config)
        try:
            con.execute("BEGIN TRANSACTION")
            con.execute(INTERNAL_TABLES)
            build_id = con.execute(f"SELECT coalesce(max(build_id), 0) + 1 FROM {INTERNAL_SCHEMA}.builds").fetchone()[0]
            con.execute(f"INSERT INTO {INTERNAL_SCHEMA}.builds VALUES (?, ?, ?, now(), NULL, ?, ?)", [build_id, kind, note, ENGINE_VERSION, metadata])
            work(con, build_id)
            con.execute(f"UPDATE {INTERNAL_SCHEMA}.builds SET finished_at = now() WHERE build_id = ?", [build_id])
            con.execute("COMMIT")
            con.execute("CHECKPOINT")
        finally:
            con.close()
        fault_point("before-rename")
        replace_published(staging, db_path)
        return build_id
    except BaseException:
        for path in (staging, staging.with_name(staging.name + ".wal")):
            path.unlink(missing_ok=True)
        raise


def replace_published(staging: Path, db_path: Path) -> None:
    if staging.with_name(staging.name + ".wal").exists():
        raise WarehouseError(Problem(str(staging), None, None, "the new build left a write-ahead log after CHECKPOINT; not publishing it"))
    with open(staging, "rb+") as handle:
        os.fsync(handle.fileno())
    os.replace(staging, db_path)
    directory = os.open(db_path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def build(project: Project, progress: Progress = quiet) -> BuildResult:
    """Rebuild exactly the seeds and models whose version changed, test, and publish atomically."""
    started = time.perf_counter()
    with build_lock(project.db_path):
        graph, state, plan = plan_build(project)
        if plan.nothing_to_do:
            return BuildResult(plan, state.build_id, False, time.perf_counter() - started)
        progress(f"plan: {plan.summary()}")
        build_id = publish(project, lambda con, build_id: apply_plan(con, graph, plan, state, build_id, progress),
                           "build", plan.summary(), metadata_hash(graph), progress)
    return BuildResult(plan, build_id, True, time.perf_counter() - started)


def apply_plan(con, graph: Graph, plan: Plan, state: PublishedState, build_id: int, progress: Progress) -> None:
    """Inside the build transaction: load, build, point views, test, comment, prune."""
    problems: list[Problem] = []
    physical: dict[str, str] = {}  # raw_ table → the physical table holding its rows, for reference checks
    touched: set[str] = set()
    todo = [s for s in plan.steps if s.action in ("new", "changed")]
    done = 0
    for step in plan.steps:
        if step.action == "removed":
            con.execute(f"DROP VIEW IF EXISTS {sql_name(step.node)}")
            continue
        node = graph.nodes[step.node]
        if step.action in ("unchanged", "reuse"):
            table = state.kept_with(node.name, node.fingerprint).physical_table
            seconds = 0.0
        else:
            if problems and node.kind == "model":
                break  # seeds failed: report them, build nothing on top
            done += 1
            table, seconds, found = build_node(con, graph, node, step.new_version, physical)
            problems += found
            if found:
                continue
            rows = con.execute(f"SELECT count(*) FROM {sql_name(table)}").fetchone()[0]
            record_version(con, node, step.new_version, table, build_id, rows, seconds)
            progress(f"[{done}/{len(todo)}] built {node.kind} {node.name} v{step.new_version}: {rows:,} rows in {seconds:.2f}s")
            fault_point(f"after-{node.kind}")
        if node.kind == "seed":
            physical[node.name] = sql_name(table)
        if step.action != "unchanged":
            con.execute(f"CREATE OR REPLACE VIEW {sql_name(node.name)} AS SELECT * FROM {sql_name(table)}")
            touched.add(node.name)
        con.execute(f"INSERT INTO {INTERNAL_SCHEMA}.build_nodes VALUES (?, ?, ?, ?, ?)", [build_id, node.name, step.new_version, step.action, seconds])
    raise_if(problems)
    everything = plan.metadata_changed
    tests = [t for m in graph.models for t in tests_of(graph, m) if everything or t.reads & touched]
    if tests:
        progress(f"running {len(tests)} data tests")
    problems = run_tests(con, tests)
    for node in graph.nodes.values():
        if everything or node.name in touched:
            problems += apply_comments(con, graph.project, node.name, node.metadata(), node.model)
    raise_if(problems)
    prune_versions(con, graph.project.keep)


def build_node(con, graph: Graph, node: Node, version: int, physical: dict[str, str]) -> tuple[str, float, list[Problem]]:
    """Create the physical table of one new version; returns its name, seconds taken and problems."""
    table = f"{INTERNAL_SCHEMA}.{node.name}__v{version}"
    started = time.perf_counter()
    if node.seed:
        found, _complete = load_seed(con, graph.project, node.seed, sql_name(table), physical)
        return table, time.perf_counter() - started, found
    model = node.model
    try:
        con.execute(f"CREATE TABLE {sql_name(table)} AS {model.text}")
    except Exception as error:
        line, column = duckdb_position(error, model.text)
        where = graph.project.rel(model.path)
        raise WarehouseError(Problem(where, line, column, f"DuckDB could not build {model.name}: {first_line(error)}")) from None
    return table, time.perf_counter() - started, []


def record_version(con, node: Node, version: int, table: str, build_id: int, rows: int, seconds: float) -> None:
    sql_text = node.model.text if node.model else node.seed.ddl
    con.execute(
        f"INSERT INTO {INTERNAL_SCHEMA}.versions VALUES (?, ?, ?, ?, ?, ?, ?, now(), ?, ?, ?, ?, NULL)",
        [node.name, node.kind, version, node.fingerprint, node.own_hash, table, build_id, rows, seconds, sql_text, json.dumps(node.metadata())],
    )


def apply_comments(con, project: Project, name: str, metadata: dict, model: Optional[Model] = None) -> list[Problem]:
    """COMMENT ON the public view and its columns, so BI tools show the descriptions."""
    con.execute(f"COMMENT ON VIEW {sql_name(name)} IS {sql_string(metadata['description'])}")
    existing = {r[0] for r in con.execute("SELECT column_name FROM duckdb_columns() WHERE schema_name = 'main' AND table_name = ?", [name]).fetchall()}
    problems = []
    for column, text in metadata["columns"].items():
        if column in existing:
            con.execute(f"COMMENT ON COLUMN {sql_name(name)}.{sql_name(column)} IS {sql_string(text)}")
        elif model is not None:
            line = next((n for n, l in enumerate(model.text.splitlines(), 1) if re.match(rf"--\s*column\s+{column}\s*:", l.strip())), 1)
            problems.append(Problem(project.rel(model.path), line, 1, f"documented column {column} is not in the output of {name}", column))
    return problems


def prune_versions(con, keep: int) -> None:
    """Drop the physical tables of all but the newest `keep` versions of each node (never a current one)."""
    rows = con.execute(
        f"""SELECT node, version, physical_table FROM (
                SELECT *, row_number() OVER (PARTITION BY node ORDER BY version DESC) AS newest
                FROM {INTERNAL_SCHEMA}.versions WHERE dropped_at IS NULL) AS v
            WHERE newest > ? AND NOT EXISTS (
                SELECT 1 FROM {INTERNAL_SCHEMA}.build_nodes AS b
                WHERE b.node = v.node AND b.version = v.version
                  AND b.build_id = (SELECT max(build_id) FROM {INTERNAL_SCHEMA}.builds))""",
        [keep],
    ).fetchall()
    for node, version, table in rows:
        con.execute(f"DROP TABLE IF EXISTS {sql_name(table)}")
        con.execute(f"UPDATE {INTERNAL_SCHEMA}.versions SET dropped_at = now() WHERE node = ? AND version = ?", [node, version])


def rollback(project: Project, to_build: Optional[int] = None, progress: Progress = quiet) -> tuple[int, int]:
    """Publish an earlier build again (default: the one before the current), all seeds and models together.

    Returns (new build id, build rolled back to).
    """
    with build_lock(project.db_path):
        with open_published(project.db_path) as con:
            state = read_state(con)
            builds = [r[0] for r in con.execute(f"SELECT build_id FROM {INTERNAL_SCHEMA}.builds ORDER BY build_id").fetchall()] if state.build_id else []
            target = to_build if to_build is not None else (builds[-2] if len(builds) > 1 else None)
            if target is None or target not in builds or target == state.build_id:
                choices = ", ".join(str(b) for b in builds[:-1]) or "none"
                raise WarehouseError(Problem(str(project.db_path), None, None, f"cannot roll back to build {target}: earlier builds are {choices}; current is {state.build_id}"))
            wanted = dict(con.execute(f"SELECT node, version FROM {INTERNAL_SCHEMA}.build_nodes WHERE build_id = ?", [target]).fetchall())
            metadata = con.execute(f"SELECT metadata_hash FROM {INTERNAL_SCHEMA}.builds WHERE build_id = ?", [target]).fetchone()[0]
        versions = {node: next(v for v in state.versions[node] if v.version == number) for node, number in wanted.items()}
        gone = [f"{v.node} v{v.version}" for v in versions.values() if v.dropped]
        if gone:
            raise WarehouseError(Problem(str(project.db_path), None, None,
                f"build {target} used versions that were pruned ({', '.join(gone)}); keep more versions with --keep"))

        def repoint(con, build_id: int) -> None:
            for node in state.current:
                if node not in versions:
                    con.execute(f"DROP VIEW IF EXISTS {sql_name(node)}")
            for node, version in versions.items():
                con.execute(f"CREATE OR REPLACE VIEW {sql_name(node)} AS SELECT * FROM {sql_name(version.physical_table)}")
                con.execute(f"INSERT INTO {INTERNAL_SCHEMA}.build_nodes VALUES (?, ?, ?, 'rollback', 0)", [build_id, node, version.version])
                apply_comments(con, project, node, json.loads(version.metadata))
            progress(f"pointed {len(versions)} views at the versions of build {target}")

        build_id = publish(project, repoint, "rollback", f"rollback to build {target}", metadata, progress)
    return build_id, target


def history(project: Project, node: str) -> list[dict]:
    """Every version of one seed or model, oldest first, with the current one marked."""
    with open_published(project.db_path) as con:
        state = read_state(con)
        if node not in state.versions:
            raise WarehouseError(Problem(str(project.db_path), None, None, f"no versions of {node}; known: {', '.join(sorted(state.versions))}"))
        rows = con.execute(
            f"SELECT version, fingerprint, built_at, row_count, seconds, build_id, dropped_at FROM {INTERNAL_SCHEMA}.versions WHERE node = ? ORDER BY version",
            [node],
        ).fetchall()
    current = state.current.get(node)
    return [
        {"version": v, "fingerprint": f[:12], "built_at": b.isoformat(sep=" ", timespec="seconds"), "rows": r, "seconds": round(s, 3),
         "build": bid, "current": bool(current and current.version == v), "kept": d is None}
        for v, f, b, r, s, bid, d in rows
    ]


@dataclass
class Diff:
    node: str
    old: int
    new: int
    columns_added: list[str]
    columns_removed: list[str]
    rows_added: int
    rows_removed: int
    sample_added: list[tuple]
    sample_removed: list[tuple]
    shared_columns: list[str]


def diff(project: Project, node: str, old: Optional[int] = None, new: Optional[int] = None, sample: int = 5) -> Diff:
    """Columns and rows added or removed between two kept versions (default: previous and current)."""
    with open_published(project.db_path) as con:
        state = read_state(con)
        kept = {v.version: v for v in state.versions.get(node, []) if not v.dropped}
        new = new if new is not None else (state.current[node].version if node in state.current else max(kept, default=0))
        old = old if old is not None else max((v for v in kept if v < new), default=None)
        for number in (old, new):
            if number not in kept:
                raise WarehouseError(Problem(str(project.db_path), None, None,
                    f"{node} has no kept version {number}; kept versions: {', '.join(map(str, sorted(kept))) or 'none'}"))
        old_table, new_table = sql_name(kept[old].physical_table), sql_name(kept[new].physical_table)

        def columns(table: str) -> list[str]:
            return [r[0] for r in con.execute(f"SELECT * FROM {table} LIMIT 0").description]

        old_columns, new_columns = columns(old_table), columns(new_table)
        shared = [c for c in new_columns if c in old_columns]
        cols = ", ".join(sql_name(c) for c in shared)

        def minus(a: str, b: str) -> tuple[int, list[tuple]]:
            query = f"SELECT {cols} FROM {a} EXCEPT ALL SELECT {cols} FROM {b}"
            return con.execute(f"SELECT count(*) FROM ({query})").fetchone()[0], con.execute(f"{query} LIMIT {sample}").fetchall()

        added, sample_added = minus(new_table, old_table)
        removed, sample_removed = minus(old_table, new_table)
    return Diff(node, old, new, [c for c in new_columns if c not in old_columns], [c for c in old_columns if c not in new_columns],
                added, removed, sample_added, sample_removed, shared)


def check(project: Project) -> Graph:
    """Validate the contract, every seed row and every model without writing anything anywhere."""
    import duckdb

    graph = load_graph(project)
    con = duckdb.connect(config={"memory_limit": project.memory_limit})
    raise_if(validate_seeds(project, {n.name: n.seed for n in graph.nodes.values() if n.seed}, con))
    problems = []
    for model in graph.models:  # bind every model as a view over the seeds: catches unknown columns and types
        try:
            con.execute(f"CREATE VIEW {sql_name(model.name)} AS {model.text}")
        except duckdb.Error as error:
            line, column = duckdb_position(error, model.text)
            problems.append(Problem(project.rel(model.path), line, column, first_line(error)))
            break
    con.close()
    for model in graph.models:
        tests_of(graph, model)  # raises on a test that names an unknown model or a missing custom check
    raise_if(problems)
    return graph


def test_published(project: Project, progress: Progress = quiet) -> int:
    """Re-run every data test of the project against the published file; returns the number run."""
    graph = load_graph(project)
    tests = [t for m in graph.models for t in tests_of(graph, m)]
    with open_published(project.db_path) as con:
        progress(f"running {len(tests)} data tests against {project.db_path.name}")
        raise_if(run_tests(con, tests))
    return len(tests)


# ═══════════════════════════════════════════════════════════════════════════════════════════════
# Reports: one self-contained HTML file per period, as known at the end of that period
# ═══════════════════════════════════════════════════════════════════════════════════════════════

PERIOD_FORMS = "a year (2024), a quarter (2024-Q4), a month (2024-11), a range (2023-01-01..2023-06-30) or all"
DELIVERED = ("held", "agreed", "signed", "ratified", "in_force", "established")


@dataclass(frozen=True)
class Period:
    label: str
    start: dt.date
    end: dt.date

    @property
    def slug(self) -> str:
        return self.label.replace("..", "_")

    @property
    def title(self) -> str:
        return "All periods, as known now" if self.label == "all" else self.label


ALL_TIME = Period("all", dt.date(1900, 1, 1), dt.date(9999, 12, 31))


def parse_period(text: str) -> Period:
    """2024, 2024-Q4, 2024-11, 2023-01-01..2023-06-30 or all."""
    text = text.strip()
    try:
        if text == "all":
            return ALL_TIME
        if re.fullmatch(r"\d{4}", text):
            return Period(text, dt.date(int(text), 1, 1), dt.date(int(text), 12, 31))
        if match := re.fullmatch(r"(\d{4})-Q([1-4])", text):
            year, quarter = int(match.group(1)), int(match.group(2))
            start = dt.date(year, 3 * quarter - 2, 1)
            return Period(text, start, month_end(year, 3 * quarter))
        if match := re.fullmatch(r"(\d{4})-(\d{2})", text):
            year, month = int(match.group(1)), int(match.group(2))
            return Period(text, dt.date(year, month, 1), month_end(year, month))
        if match := re.fullmatch(r"(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})", text):
            start, end = dt.date.fromisoformat(match.group(1)), dt.date.fromisoformat(match.group(2))
            if end >= start:
                return Period(text, start, end)
    except ValueError:
        pass
    raise WarehouseError(Problem("--period", None, None, f"not a period; use {PERIOD_FORMS}", text))


def month_end(year: int, month: int) -> dt.date:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


# The report's only way to read the warehouse: fixed queries over rpt_ tables, with the period's start
# and end as parameters. `in_period` is every event dated in, or reported during, the period, as known
# at its end; `shown` is the part of it that gets a card (lists are capped so that large periods stay
# readable and fast; headline figures always count everything).
REPORT_LIST_LIMIT = 200
KNOWN_AT_END = """
WITH in_period AS (
    SELECT *,
        coalesce(date_start <= $end AND coalesce(date_end, date_start) >= $start, FALSE) AS dated_in_period,
        status IN ('held', 'agreed', 'signed', 'ratified', 'in_force', 'established') AS delivered,
        status NOT IN ('held', 'agreed', 'signed', 'ratified', 'in_force', 'established', 'postponed', 'cancelled')
            AND (date_start IS NULL OR date_start > $end) AND known_from >= $start AS announced
    FROM rpt_event_knowledge
    WHERE known_from <= $end AND (known_until IS NULL OR known_until > $end)
      AND ((date_start <= $end AND coalesce(date_end, date_start) >= $start) OR known_from >= $start)
),
shown AS (
    SELECT * FROM in_period
    QUALIFY row_number() OVER (PARTITION BY is_context ORDER BY level_rank NULLS LAST, date_start NULLS LAST, event_id) <= $limit
)
"""
REPORT_QUERIES = {
    "figures": KNOWN_AT_END + """
        SELECT count(*) FILTER (WHERE NOT is_context AND delivered AND dated_in_period) AS happened,
               count(*) FILTER (WHERE NOT is_context AND announced) AS announced,
               count(*) FILTER (WHERE NOT is_context) AS cooperation,
               count(*) FILTER (WHERE is_context) AS context,
               (SELECT count(*) FROM rpt_event_knowledge WHERE status_changed AND NOT is_context AND known_from BETWEEN $start AND $end) AS changes,
               (SELECT count(DISTINCT s.article_id) FROM rpt_event_sources AS s INNER JOIN in_period AS p ON p.event_id = s.event_id
                WHERE s.published_date <= $end) AS articles
        FROM in_period""",
    "happened": KNOWN_AT_END + """
        SELECT * FROM in_period WHERE NOT is_context AND delivered AND dated_in_period
        ORDER BY date_start, level_rank NULLS LAST, event_id LIMIT $limit""",
    "announced": KNOWN_AT_END + """
        SELECT * FROM in_period WHERE NOT is_context AND announced
        ORDER BY date_start NULLS LAST, level_rank NULLS LAST, event_id LIMIT $limit""",
    "cards": KNOWN_AT_END + """
        SELECT * FROM shown ORDER BY is_context, date_start NULLS LAST, level_rank NULLS LAST, event_id""",
    "changes": """
        SELECT event_id, title, level, previous_status, status, known_from FROM rpt_event_knowledge
        WHERE status_changed AND NOT is_context AND known_from BETWEEN $start AND $end
        ORDER BY known_from, event_id LIMIT $limit""",
    "now_known": KNOWN_AT_END + """
        SELECT latest.event_id, latest.title, latest.is_context, at_end.status AS status_then, latest.status AS status_now,
               latest.date_start, latest.date_end, latest.date_precision, latest.known_from AS known_since
        FROM rpt_event_knowledge AS latest LEFT JOIN in_period AS at_end ON at_end.event_id = latest.event_id
        WHERE latest.known_until IS NULL AND latest.known_from > $end
          AND (at_end.event_id IS NOT NULL OR (latest.date_start <= $end AND coalesce(latest.date_end, latest.date_start) >= $start))
        ORDER BY latest.is_context, latest.date_start NULLS LAST, latest.event_id LIMIT $limit""",
    "timeline": KNOWN_AT_END + """
        SELECT level_rank, delivered, min(date_start) AS day, count(*) AS events,
               CASE WHEN count(*) <= 3 THEN string_agg(title || ' (' || strftime(date_start, '%Y-%m-%d') || ', ' || status || ')', '; ')
                    ELSE count(*) || ' events' END AS label
        FROM in_period WHERE NOT is_context AND date_start IS NOT NULL AND level_rank IS NOT NULL
        GROUP BY level_rank, delivered, date_trunc('month', date_start) ORDER BY day""",
    "topics": KNOWN_AT_END + """
        SELECT t.parent_label, t.topic_label, count(DISTINCT t.event_id) FILTER (WHERE NOT t.is_context) AS cooperation_events,
               count(DISTINCT t.event_id) FILTER (WHERE t.is_context) AS context_events
        FROM rpt_event_topics AS t INNER JOIN in_period ON in_period.event_id = t.event_id
        GROUP BY ALL ORDER BY cooperation_events DESC, parent_label, topic_label""",
    "participants": KNOWN_AT_END + """
        SELECT p.event_id, p.participant_name, p.participant_kind, p.side, p.role, p.title_at_time, p.organisation_name
        FROM rpt_event_participants AS p INNER JOIN shown ON shown.event_id = p.event_id
        ORDER BY p.event_id, p.role <> 'principal', p.side, p.participant_name""",
    "sources": KNOWN_AT_END + """
        SELECT s.* FROM rpt_event_sources AS s INNER JOIN shown ON shown.event_id = s.event_id
        WHERE s.published_date <= $end ORDER BY s.published_date, s.mention_number""",
    "pipeline": """
        SELECT p.event_id, p.title, p.status, p.reached_on, p.step_number, s.status_step
        FROM rpt_status_pipeline AS p INNER JOIN stg_statuses AS s ON s.status = p.status
        WHERE p.reached_on <= $end ORDER BY p.title, p.step_number LIMIT $limit""",
    "levels": "SELECT level, level_rank FROM stg_levels ORDER BY level_rank",
    "periods": "SELECT period, period_kind, period_start, period_end, happened, status_changes, announced_for_later, context_events, articles "
               "FROM rpt_period_summary WHERE happened + status_changes + announced_for_later + context_events + articles + dated_now > 0 "
               "ORDER BY period_start, period_kind DESC",
}


def read_report(con, name: str, period: Period = ALL_TIME, limit: int = REPORT_LIST_LIMIT) -> list[dict]:
    """Rows of one named report query for one period, as dictionaries."""
    sql = REPORT_QUERIES[name]
    values = {"start": period.start, "end": period.end, "limit": limit}
    cursor = con.execute(sql, {k: v for k, v in values.items() if f"${k}" in sql})
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def default_periods(con) -> list[Period]:
    """Every year and quarter with data, then all."""
    return [parse_period(r["period"]) for r in read_report(con, "periods")] + [ALL_TIME]


def published_versions(con) -> list[dict]:
    """The build and the version of every seed and model the published file holds now."""
    state = read_state(con)
    return [{"build": state.build_id, "node": v.node, "kind": v.kind, "version": v.version, "fingerprint": v.fingerprint[:12]}
            for v in sorted(state.current.values(), key=lambda v: (v.kind != "seed", v.node))]


# Chart geometry is computed here; the templates only draw it.
CHART_WIDTH, CHART_LEFT, CHART_RIGHT = 780, 210, 20


def timeline_chart(groups: list[dict], levels: list[dict], period: Period) -> dict:
    """Japan–EU events as dots, one per level and month (bigger for more events): x is the date."""
    if not groups:
        return {"points": []}
    first = max(period.start, min(g["day"] for g in groups)) - dt.timedelta(days=15)
    last = min(period.end, max(g["day"] for g in groups)) + dt.timedelta(days=15)
    span = max((last - first).days, 1)
    row_height, top = 34, 20
    plot = CHART_WIDTH - CHART_LEFT - CHART_RIGHT

    def x(day: dt.date) -> float:
        return round(CHART_LEFT + plot * (min(max(day, first), last) - first).days / span, 1)

    yearly = span >= 1200
    ticks = [{"x": x(day), "label": str(day.year) if yearly else day.strftime("%Y-%m")}
             for day in (dt.date(year, month, 1) for year in range(first.year, last.year + 1) for month in ((1,) if yearly else (1, 4, 7, 10)))
             if first <= day <= last]
    rows = [{"y": top + row_height * (l["level_rank"] - 1) + row_height / 2, "label": l["level"]} for l in levels]
    most = max(g["events"] for g in groups)
    points = [{"x": x(g["day"]), "y": rows[g["level_rank"] - 1]["y"], "level": rows[g["level_rank"] - 1]["label"], "day": g["day"], "r": round(5 + 9 * ((g["events"] - 1) / max(most - 1, 1)) ** 0.5, 1),
               "title": g["label"], "delivered": g["delivered"]} for g in groups]
    height = top + row_height * len(levels) + 40
    return {"points": points, "rows": rows, "ticks": ticks, "width": CHART_WIDTH, "height": height,
            "left": CHART_LEFT, "right": CHART_WIDTH - CHART_RIGHT, "axis_y": height - 40}


def bar_chart(items: list[tuple[str, int]], unit: str) -> dict:
    """Horizontal bars with their values; an empty list draws nothing."""
    items = [(label, value) for label, value in items if value]
    if not items:
        return {"bars": []}
    top, bar = 10, 22
    plot = CHART_WIDTH - CHART_LEFT - CHART_RIGHT - 40
    most = max(v for _, v in items)
    bars = [{"label": label, "value": value, "y": top + i * bar, "width": round(plot * value / most, 1)} for i, (label, value) in enumerate(items)]
    ticks = [{"x": round(CHART_LEFT + plot * v / most, 1), "label": v} for v in sorted({0, most // 2, most})]
    return {"bars": bars, "ticks": ticks, "width": CHART_WIDTH, "height": top + len(items) * bar + 40, "left": CHART_LEFT,
            "axis_y": top + len(items) * bar + 4, "unit": unit}


def pipeline_chart(steps: list[dict]) -> dict:
    """Each agreement or mechanism as a bar up to the furthest status reached by the period's end."""
    furthest: dict[str, dict] = {}
    for step in steps:
        furthest[step["event_id"]] = step  # steps arrive in order, so the last one is the current status
    items = sorted(furthest.values(), key=lambda s: (-s["status_step"], s["title"]))
    chart = bar_chart([(shorten(s["title"], 32), s["status_step"]) for s in items], "status step")
    scale = [("considered", 10), ("proposed", 20), ("negotiating", 30), ("planned", 40), ("held/agreed", 50), ("established/signed", 60)]
    if chart["bars"]:
        most = max(b["value"] for b in chart["bars"])
        plot = CHART_WIDTH - CHART_LEFT - CHART_RIGHT - 40
        chart["ticks"] = [{"x": round(CHART_LEFT + plot * v / most, 1), "label": name} for name, v in scale if v <= most]
        for bar, item in zip(chart["bars"], items):
            bar["status"] = item["status"]
    return chart


def report_environment(project: Project):
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(project.reports_dir),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def grouped(rows: list[dict], key: str) -> dict[str, list[dict]]:
    groups: dict[str, list[dict]] = {}
    for row in rows:
        groups.setdefault(row[key], []).append(row)
    return groups


def render_period(env, con, period: Period, footer: dict) -> str:
    cards = read_report(con, "cards", period)
    topics = read_report(con, "topics", period)
    by_parent: dict[str, int] = {}
    for row in topics:
        by_parent[row["parent_label"]] = by_parent.get(row["parent_label"], 0) + row["cooperation_events"]
    pipeline = read_report(con, "pipeline", period)
    sources = read_report(con, "sources", period)
    participants = read_report(con, "participants", period)
    return env.get_template("period.html.j2").render(
        period=period,
        limit=REPORT_LIST_LIMIT,
        figures=read_report(con, "figures", period)[0],
        cooperation=[e for e in cards if not e["is_context"]],
        context=[e for e in cards if e["is_context"]],
        happened=read_report(con, "happened", period),
        announced=read_report(con, "announced", period),
        changes=read_report(con, "changes", period),
        now_known=read_report(con, "now_known", period),
        topics=topics,
        participants=participants,
        people_of=grouped(participants, "event_id"),
        sources=sources,
        claims_of=grouped(sources, "event_id"),
        articles=list({s["article_id"]: s for s in sources}.values()),
        pipeline=pipeline,
        timeline=timeline_chart(read_report(con, "timeline", period), read_report(con, "levels"), period),
        topic_chart=bar_chart(sorted(by_parent.items(), key=lambda kv: (-kv[1], kv[0])), "events"),
        pipeline_chart=pipeline_chart(pipeline),
        footer=footer,
    )


def render_reports(project: Project, periods: Optional[list[Period]] = None, out_dir: Optional[Path] = None,
                   progress: Progress = quiet) -> list[Path]:
    """Write one HTML file per period and an index.html linking them; returns the files written."""
    out_dir = Path(out_dir or project.root / "site")
    out_dir.mkdir(parents=True, exist_ok=True)
    env = report_environment(project)
    written = []
    with open_published(project.db_path) as con:
        periods = periods or default_periods(con)
        footer = {"generated_at": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
                  "warehouse": str(project.db_path), "versions": published_versions(con)}
        for period in periods:
            path = out_dir / f"{period.slug}.html"
            path.write_text(render_period(env, con, period, {**footer, "period": period}), encoding="utf-8")
            written.append(path)
            progress(f"wrote {project.rel(path)}")
        index = out_dir / "index.html"
        summaries = {r["period"]: r for r in read_report(con, "periods")}
        index.write_text(env.get_template("index.html.j2").render(
            periods=[{"period": p, "file": f"{p.slug}.html", "summary": summaries.get(p.label)} for p in periods],
            footer={**footer, "period": ALL_TIME}), encoding="utf-8")
        written.append(index)
    return written


# ═══════════════════════════════════════════════════════════════════════════════════════════════
# Queries: ad hoc SQL on the published file, read-only and sandboxed
# ═══════════════════════════════════════════════════════════════════════════════════════════════

QUERY_FORMATS = ("table", "csv", "json", "markdown")


@dataclass
class QueryResult:
    sql: str  # what ran, after transpiling
    columns: list[str]
    batches: Iterator[list[tuple]]  # rows, streamed in batches


def transpile_query(sql: str, dialect: Optional[str]) -> str:
    """The query in DuckDB's dialect; errors carry line and column of the query text."""
    import sqlglot

    if not dialect or dialect == "duckdb":
        return sql
    try:
        statements = sqlglot.transpile(sql, read=dialect, write="duckdb")
    except sqlglot.errors.ParseError as error:
        first = error.errors[0]
        raise WarehouseError(Problem("query", first["line"], first["col"], f"cannot read this as {dialect} SQL: {first['description'].split('. Line')[0]}")) from None
    except ValueError as error:  # unknown dialect
        raise WarehouseError(Problem("--dialect", None, None, str(error), dialect)) from None
    return ";\n".join(statements)


@contextlib.contextmanager
def run_query(project: Project, sql: str, dialect: Optional[str] = None, batch_size: int = 2048) -> Iterator[QueryResult]:
    """Run one query against the published file with no writes and no file access.

    Yields the result while the connection is open, so that rows stream instead of piling up in memory.
    """
    import duckdb

    executed = transpile_query(sql, dialect)
    with open_published(project.db_path, sandboxed=True) as con:
        try:
            cursor = con.execute(executed)
        except duckdb.Error as error:
            line, column = duckdb_position(error, executed)
            raise WarehouseError(Problem("query", line, column, first_line(error))) from None
        columns = [d[0] for d in cursor.description] if cursor.description else []

        def batches() -> Iterator[list[tuple]]:
            while rows := cursor.fetchmany(batch_size):
                yield rows

        yield QueryResult(executed, columns, batches())


def json_value(value):
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
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
    if fmt == "markdown":
        escape = lambda text: text.replace("|", "\\|").replace("\n", " ")
        out.write("| " + " | ".join(map(escape, result.columns)) + " |\n")
        out.write("|" + "|".join("---" for _ in result.columns) + "|\n")
        for row in cells:
            out.write("| " + " | ".join(map(escape, row)) + " |\n")
    else:
        widths = [min(60, max([len(c)] + [len(r[i]) for r in cells])) for i, c in enumerate(result.columns)]
        line = lambda values: "  ".join(shorten(v, w).ljust(w) for v, w in zip(values, widths)).rstrip() + "\n"
        out.write(line(result.columns))
        out.write(line(["-" * w for w in widths]))
        for row in cells:
            out.write(line(row))
    return len(rows), cut


# ═══════════════════════════════════════════════════════════════════════════════════════════════
# Catalog: one HTML page documenting every public table and view, with column lineage of rpt_ models
# ═══════════════════════════════════════════════════════════════════════════════════════════════


def structure_hash(graph: Graph, name: str) -> str:
    """A hash of the SQL and contracts a node's columns derive from (not the data): the lineage cache key."""
    node = graph.nodes[name]
    own = node.model.normalized_sql if node.model else node.seed.ddl
    return hash_text(ENGINE_VERSION, own, *(structure_hash(graph, p) for p in node.parents))


def column_lineage(graph: Graph, schema: dict[str, dict[str, str]], progress: Progress) -> dict[str, dict[str, list[str]]]:
    """For each rpt_ model, each output column's seed columns, found by sqlglot.lineage; cached by structure."""
    from sqlglot import exp
    from sqlglot.lineage import lineage
    from sqlglot.schema import MappingSchema

    cache = Cache(graph.project, "lineage")
    wanted = {m.name: structure_hash(graph, m.name) for m in graph.models if m.layer == "rpt"}
    missing = [name for name, key in wanted.items() if (cache.get(name) or {}).get("key") != key]
    if missing:
        progress(f"computing column lineage of {len(missing)} report models (cached for later runs)")
        mapping = MappingSchema(schema, dialect="duckdb")
        sources = {m.name: m.normalized_sql for m in graph.models}
        for name in missing:
            try:
                nodes = lineage(None, sources[name], schema=mapping, sources=sources, dialect="duckdb")
                columns = {col: sorted({f"{n.source.name}.{n.name.split('.')[-1].strip(chr(34))}" for n in node.walk()
                                        if not n.downstream and isinstance(n.source, exp.Table)}) for col, node in nodes.items()}
            except Exception as error:  # lineage is documentation: a construct sqlglot cannot follow must not fail the run
                columns = {"(unavailable)": [first_line(error)]}
            cache.put(name, {"key": wanted[name], "columns": columns})
        cache.save()
    return {name: cache.get(name)["columns"] for name in wanted}


def catalog(project: Project, progress: Progress = quiet) -> list[dict]:
    """Every public table and view of the published file, with what BI users and analysts need to know."""
    graph = load_graph(project)
    with open_published(project.db_path) as con:
        state = read_state(con)
        columns: dict[str, list[dict]] = {}
        for table, column, dtype, comment in con.execute(
            "SELECT table_name, column_name, data_type, comment FROM duckdb_columns() WHERE schema_name = 'main' ORDER BY table_name, column_index"
        ).fetchall():
            columns.setdefault(table, []).append({"name": column, "type": dtype, "description": comment or ""})
        descriptions = dict(con.execute("SELECT view_name, comment FROM duckdb_views() WHERE schema_name = 'main'").fetchall())
    schema = {t: {c["name"]: c["type"] for c in cols} for t, cols in columns.items()}
    lineage_of = column_lineage(graph, schema, progress)
    entries = []
    for name, version in sorted(state.current.items(), key=lambda kv: (LAYERS.index(kv[0][:3]) + 1 if kv[0][:3] in LAYERS else 0, kv[0])):
        node = graph.nodes.get(name)
        tests = [t.name for t in tests_of(graph, node.model)] if node and node.model else []
        entries.append({
            "name": name, "kind": version.kind, "layer": "raw" if version.kind == "seed" else name.split("_", 1)[0],
            "description": descriptions.get(name) or "", "columns": columns.get(name, []), "rows": version.row_count,
            "version": version.version, "fingerprint": version.fingerprint[:12], "built_at": version.built_at,
            "tests": tests, "upstream": node.parents if node else [], "downstream": sorted(n.name for n in graph.nodes.values() if name in n.parents),
            "lineage": lineage_of.get(name, {}),
        })
    return entries


def render_catalog(project: Project, out_dir: Optional[Path] = None, progress: Progress = quiet) -> Path:
    out_dir = Path(out_dir or project.root / "site")
    out_dir.mkdir(parents=True, exist_ok=True)
    entries = catalog(project, progress)
    with open_published(project.db_path) as con:
        versions = published_versions(con)
    footer = {"generated_at": dt.datetime.now().astimezone().isoformat(timespec="seconds"), "warehouse": str(project.db_path),
              "versions": versions, "period": ALL_TIME}
    path = out_dir / "catalog.html"
    path.write_text(report_environment(project).get_template("catalog.html.j2").render(entries=entries, footer=footer), encoding="utf-8")
    progress(f"wrote {project.rel(path)}")
    return path


# ═══════════════════════════════════════════════════════════════════════════════════════════════
# CLI: a thin typer adapter; the only place that prints or exits
# ═══════════════════════════════════════════════════════════════════════════════════════════════

from typing import Annotated  # noqa: E402  (kept beside the CLI, its only user)

app = typer.Typer(
    help="Japan–EU security cooperation warehouse: CSV seeds → versioned DuckDB models → HTML reports.\n\n"
    "Start with `warehouse run` (load, build, test, publish, render reports and the catalog).",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_show_locals=False,
)
ProjectOption = Annotated[Path, typer.Option("--project", "-p", help="Folder holding seeds/, sql/ and reports/.", file_okay=False)]
DbOption = Annotated[Optional[Path], typer.Option("--db", help="Published DuckDB file. Default: $WAREHOUSE_DB, else warehouse.duckdb in the project.", dir_okay=False)]
KeepOption = Annotated[Optional[int], typer.Option("--keep", help="Versions kept per seed and model. Default: $WAREHOUSE_KEEP, else 3.", min=1)]


def say(message: str) -> None:
    """Progress goes to stderr so that stdout stays clean for data."""
    typer.echo(message, err=True)


def cli_errors(command: Callable) -> Callable:
    """Turn WarehouseError into `Error: path:line:col: what is wrong` lines on stderr and exit code 1."""
    import functools

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except WarehouseError as error:
            for problem in error.problems:
                typer.echo(f"Error: {problem}", err=True)
            if len(error.problems) > 1:
                typer.echo(f"{len(error.problems)} problems. Nothing was published; the warehouse is as it was.", err=True)
            raise typer.Exit(1) from None

    return wrapper


def command(*args, **kwargs) -> Callable:
    """app.command with the error handling every command shares."""
    return lambda function: app.command(*args, **kwargs)(cli_errors(function))


def print_table(headers: list[str], rows: list[list]) -> None:
    cells = [[("" if v is None else str(v)) for v in row] for row in rows]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)]
    typer.echo("  ".join(h.ljust(w) for h, w in zip(headers, widths)).rstrip())
    typer.echo("  ".join("-" * w for w in widths))
    for row in cells:
        typer.echo("  ".join(v.ljust(w) for v, w in zip(row, widths)).rstrip())


@command("check")
def check_command(project: ProjectOption = Path("."), db: DbOption = None) -> None:
    """Validate the seed contract, every seed row and every model, writing nothing.

    Problems are listed one per line as file:line:column: what is wrong (value), and the exit code is 1.

    Example: warehouse check --project .
    """
    graph = check(Project.at(project, db))
    seeds = sum(n.kind == "seed" for n in graph.nodes.values())
    tests = sum(len(tests_of(graph, m)) for m in graph.models)
    typer.echo(f"OK: {seeds} seeds and {len(graph.models)} models are valid; {tests} data tests declared.")


@command("plan")
def plan_command(project: ProjectOption = Path("."), db: DbOption = None) -> None:
    """Show what `warehouse build` would do (new, changed, reuse, unchanged, removed), writing nothing.

    Example: warehouse plan
    """
    _graph, _state, plan = plan_build(Project.at(project, db))
    rows = [[s.node, s.kind, s.action, s.old_version, s.new_version, s.reason] for s in plan.steps]
    print_table(["node", "kind", "action", "from", "to", "why"], rows)
    typer.echo(f"\n{plan.summary()}" if not plan.nothing_to_do else "\nNothing to do: the published warehouse is up to date.")


@command("build")
def build_command(project: ProjectOption = Path("."), db: DbOption = None, keep: KeepOption = None) -> None:
    """Load seeds, rebuild the models whose version changed, run data tests, and publish atomically.

    Works in a copy of the published file and renames it over the old one only when everything
    passed, so readers (BI tools, ad hoc queries) are never blocked and never see half a build.
    When nothing changed, the file is not touched.

    Example: warehouse build --db /srv/warehouse/warehouse.duckdb
    """
    config = Project.at(project, db, keep)
    typer.echo(build_outcome(config, build(config, say)))


def build_outcome(config: Project, result: BuildResult) -> str:
    if not result.published:
        return f"Nothing changed; {config.db_path.name} was not touched (build {result.build_id})."
    return f"Published build {result.build_id} to {config.db_path} in {result.seconds:.1f}s: {result.plan.summary()}."


@command("history")
def history_command(node: Annotated[str, typer.Argument(help="Model or seed table, e.g. fct_events or raw_events.")],
                    project: ProjectOption = Path("."), db: DbOption = None) -> None:
    """List the versions of a model or seed: number, fingerprint, built at, row count.

    Example: warehouse history fct_events
    """
    rows = history(Project.at(project, db), node)
    print_table(["version", "fingerprint", "built at", "rows", "seconds", "build", "current", "kept"],
                [[r["version"], r["fingerprint"], r["built_at"], r["rows"], r["seconds"], r["build"], "*" if r["current"] else "", "yes" if r["kept"] else "pruned"] for r in rows])


@command("diff")
def diff_command(node: Annotated[str, typer.Argument(help="Model or seed table.")],
                 old: Annotated[Optional[int], typer.Option("--from", help="Older version. Default: the one before --to.")] = None,
                 new: Annotated[Optional[int], typer.Option("--to", help="Newer version. Default: the current one.")] = None,
                 project: ProjectOption = Path("."), db: DbOption = None) -> None:
    """Show columns and rows added or removed between two kept versions of a model or seed.

    Example: warehouse diff fct_events --from 1 --to 2
    """
    result = diff(Project.at(project, db), node, old, new)
    typer.echo(f"{result.node}: version {result.old} → {result.new}")
    typer.echo(f"columns added: {', '.join(result.columns_added) or 'none'}; removed: {', '.join(result.columns_removed) or 'none'}")
    typer.echo(f"rows added: {result.rows_added}; removed: {result.rows_removed} (compared on {len(result.shared_columns)} shared columns)")
    for label, sample in (("+", result.sample_added), ("-", result.sample_removed)):
        for row in sample:
            typer.echo(f"  {label} {shorten(', '.join(map(str, row)), 160)}")


@command("rollback")
def rollback_command(build_id: Annotated[Optional[int], typer.Argument(metavar="[BUILD]", help="Build to publish again. Default: the one before the current.")] = None,
                     project: ProjectOption = Path("."), db: DbOption = None) -> None:
    """Publish an earlier build again: all seeds and models together, atomically.

    Example: warehouse rollback        (back to the previous build)
             warehouse rollback 3      (back to build 3)
    """
    new_id, target = rollback(Project.at(project, db), build_id, say)
    typer.echo(f"Published build {new_id}: the seeds and models of build {target}.")


@command("test")
def test_command(project: ProjectOption = Path("."), db: DbOption = None) -> None:
    """Run every data test of the project against the published file (read-only).

    Example: warehouse test
    """
    count = test_published(Project.at(project, db), say)
    typer.echo(f"OK: {count} data tests passed.")


OutOption = Annotated[Optional[Path], typer.Option("--out", help="Folder for the HTML files. Default: site/ in the project (git ignores it).", file_okay=False)]


@command("report")
def report_command(period: Annotated[Optional[str], typer.Option("--period", help=f"Period to render: {PERIOD_FORMS}. Default: every year and quarter with data, plus all.")] = None,
                   out: OutOption = None, project: ProjectOption = Path("."), db: DbOption = None) -> None:
    """Render self-contained HTML reports (and index.html) from the published report tables.

    Each periodic report shows the world as known at the end of its period: only articles published
    by then count, so a past quarter reads the same when rebuilt later.

    Example: warehouse report --period 2024-Q4 --out site/
    """
    config = Project.at(project, db)
    files = render_reports(config, [parse_period(period)] if period else None, out, say)
    typer.echo(f"Wrote {len(files)} files to {files[-1].parent}; open {files[-1]}")


@command("docs")
def docs_command(out: OutOption = None, project: ProjectOption = Path("."), db: DbOption = None) -> None:
    """Render the data catalog: every public table and view, its columns, tests and lineage.

    Example: warehouse docs --out site/
    """
    typer.echo(f"Wrote {render_catalog(Project.at(project, db), out, say)}")


@command("query")
def query_command(sql: Annotated[Optional[str], typer.Argument(help="SQL to run, or - to read it from stdin.")] = None,
                  file: Annotated[Optional[Path], typer.Option("--file", "-f", help="Read the SQL from this file.", dir_okay=False, exists=True)] = None,
                  fmt: Annotated[str, typer.Option("--format", help="table, csv, json or markdown. csv and json stream every row.")] = "table",
                  limit: Annotated[int, typer.Option("--limit", help="Most rows shown by table and markdown.", min=1)] = 50,
                  dialect: Annotated[Optional[str], typer.Option("--dialect", help="Write the query in this dialect (postgres, bigquery, snowflake, …); it is transpiled to DuckDB.")] = None,
                  show_sql: Annotated[bool, typer.Option("--show-sql", help="Print the SQL that ran (after transpiling) to stderr.")] = False,
                  project: ProjectOption = Path("."), db: DbOption = None) -> None:
    """Run ad hoc SQL against the published warehouse: read-only, no access to files on this machine.

    Example: warehouse query "SELECT title, status FROM rpt_agreement_register"

    Example: warehouse query --dialect postgres --format csv "SELECT title::text FROM fct_events WHERE title ILIKE '%summit%'"
    """
    if fmt not in QUERY_FORMATS:
        raise WarehouseError(Problem("--format", None, None, f"use one of {', '.join(QUERY_FORMATS)}", fmt))
    if file is not None:
        sql = file.read_text(encoding="utf-8")
    elif sql in (None, "-"):
        sql = sys.stdin.read()
    if not sql or not sql.strip():
        raise WarehouseError(Problem("query", None, None, "no SQL given: pass it as an argument, with --file, or on stdin with -"))
    with run_query(Project.at(project, db), sql, dialect) as result:
        if show_sql:
            say(result.sql)
        count, cut = write_rows(result, fmt, sys.stdout, limit)
    if cut:
        say(f"(showing the first {count} rows; raise --limit, or use --format csv or json for every row)")


@command("run")
def run_command(out: OutOption = None, project: ProjectOption = Path("."), db: DbOption = None, keep: KeepOption = None) -> None:
    """The main job in one command: load seeds, build and test models, publish, render reports and the catalog.

    Example: warehouse run
    """
    config = Project.at(project, db, keep)
    typer.echo(build_outcome(config, build(config, say)))
    files = render_reports(config, None, out, say)
    catalog_path = render_catalog(config, out, say)
    typer.echo(f"Wrote {len(files)} report files and the catalog to {catalog_path.parent}; open {files[-1]}")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
