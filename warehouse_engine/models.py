"""SQL models: one SELECT per file under sql/, a `-- key: value` header, dependencies found by sqlglot.

Custom checks (sql/checks/<name>.sql) are parsed the same way: a described SELECT of offending rows.
"""

from __future__ import annotations

import csv
import dataclasses
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from sqlglot import exp
from sqlglot.optimizer.scope import traverse_scope

from .cache import Cache, hash_text
from .errors import Problem, WarehouseError, position_of, raise_if
from .project import Project
from .quoting import sql_name
from .sqltext import parse_statements, statement_starts

LAYERS = ("stg", "int", "dim", "fct", "rpt")  # a model may read its own layer or earlier ones
HEADER_KEYS = ("description", "grain", "test", "column", "parameters", "incremental", "looks_up", "joins_all", "known_by", "cluster_by")
IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
HEADER_LINE = re.compile(r"--\s*(?P<key>[A-Za-z_]+)(?:\s+(?P<name>[A-Za-z_][A-Za-z0-9_]*))?\s*:\s*(?P<value>.*?)\s*$")
TEST_CALL = re.compile(r"(?P<kind>[a-z_]+)\s*\((?P<args>.*)\)\s*$")
TEST_ARITY = {"not_null": 1, "unique": 1, "accepted_values": None, "relationships": 2}
NAME_RULE = re.compile(rf"({'|'.join(LAYERS)})_[a-z0-9_]+")
CHECK_NAME_RULE = re.compile(r"[a-z][a-z0-9_]*")


@dataclass(frozen=True)
class TestSpec:
    """One data test from a model header: not_null, unique, accepted_values, relationships or custom."""

    __test__ = False  # not a pytest test class

    kind: str
    args: tuple[str, ...]
    line: int
    text: str
    column: int = 1  # where the test's text starts on its header line


@dataclass
class Model:
    name: str
    path: Path
    where: str  # the path as messages show it
    text: str
    description: str
    grain: list[str]
    tests: list[TestSpec]
    column_docs: dict[str, str]
    references: dict[str, tuple[int, int]]  # table name → (line, column) of its first use
    normalized_sql: str  # comments and formatting removed: what the version is a hash of
    grain_line: int = 1
    parameters: list[str] = field(default_factory=list)  # a macro's parameters; a model has none
    incremental: Optional[str] = None  # the key by which it may be updated in place (see incremental.py)
    looks_up: list[str] = field(default_factory=list)  # parents it also reads for other keys than its own
    joins_all: list[str] = field(default_factory=list)  # parents any row of which may join any key's rows
    known_by: Optional[tuple[str, str]] = None  # (parent, column): the day by which a key's rows count other parents' rows
    cluster_by: list[str] = field(default_factory=list)  # columns its rows are stored in the order of
    header_lines: dict[str, int] = field(default_factory=dict)  # header key → the line that gives it

    @property
    def layer(self) -> str:
        return self.name.split("_", 1)[0]

    @property
    def stored_sql(self) -> str:
        """The query its table is created from, rows in `cluster_by` order (the text starts on the
        first line, so DuckDB's line numbers are the file's)."""
        return f"SELECT * FROM ({self.text}\n){self.storage_order}" if self.cluster_by else self.text

    @property
    def storage_order(self) -> str:
        """ORDER BY its `cluster_by` columns, or nothing: rows stored in that order let DuckDB skip the
        blocks a filter on those columns excludes (one period's page reads one period's rows)."""
        return f" ORDER BY {', '.join(sql_name(c) for c in self.cluster_by)}" if self.cluster_by else ""


def parse_header(text: str, where: str) -> tuple[dict, list[Problem]]:
    """The leading block of `-- key: value` lines; everything after the first other line is the query."""
    header: dict = {"description": None, "grain": [], "grain_line": 1, "tests": [], "columns": {}, "parameters": []}
    header.update(incremental=None, looks_up=[], joins_all=[], known_by=None, cluster_by=[], lines={})
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
            problems.append(
                Problem(
                    where,
                    number,
                    1,
                    "unknown header line; use -- description: …, -- grain: …, -- test: …, -- column <name>: …, -- incremental: <key>, "
                    "-- looks_up: <parents>, -- joins_all: <parents>, -- known_by: <parent>.<column> or -- cluster_by: <columns>",
                    stripped,
                )
            )
            continue
        value = match.group("value")
        header["lines"][key] = number  # where each key was last given
        if key == "description":
            header["description"] = value
        elif key == "grain":
            header["grain"] = [c.strip() for c in value.split(",") if c.strip()]
            header["grain_line"] = number
            problems += [Problem(where, number, 1, "grain lists column names", c) for c in header["grain"] if not IDENTIFIER.fullmatch(c)]
        elif key == "parameters":
            header["parameters"] = [c.strip() for c in value.split(",") if c.strip()]
            problems += [Problem(where, number, 1, "parameters lists names", c) for c in header["parameters"] if not IDENTIFIER.fullmatch(c)]
        elif key == "column":
            header["columns"][match.group("name")] = value
        elif key == "incremental":
            header["incremental"] = value
            problems += [] if IDENTIFIER.fullmatch(value) else [Problem(where, number, 1, "incremental names the one key column", value)]
        elif key in ("looks_up", "joins_all"):
            header[key] = [c.strip().lower() for c in value.split(",") if c.strip()]
        elif key == "known_by":
            parent, _, column = value.strip().lower().partition(".")
            if IDENTIFIER.fullmatch(parent) and IDENTIFIER.fullmatch(column):
                header[key] = (parent, column)
            else:
                problems.append(Problem(where, number, 1, "known_by names <parent>.<column>", value))
        elif key == "cluster_by":
            header["cluster_by"] = [c.strip() for c in value.split(",") if c.strip()]
            problems += [Problem(where, number, 1, "cluster_by lists column names", c) for c in header["cluster_by"] if not IDENTIFIER.fullmatch(c)]
        else:
            spec = parse_test(value, number, len(line) - len(line.lstrip()) + match.start("value") + 1)
            if spec is None:
                problems.append(
                    Problem(
                        where,
                        number,
                        1,
                        "test is not_null(col), unique(col), accepted_values(col, 'a', …), relationships(col, model.col) or a custom check name",
                        value,
                    )
                )
            else:
                header["tests"].append(spec)
    if not header["description"]:
        problems.append(Problem(where, 1, 1, "every model needs a '-- description: …' header line"))
    return header, problems


def parse_test(text: str, line: int, column: int = 1) -> Optional[TestSpec]:
    if IDENTIFIER.fullmatch(text):
        return TestSpec("custom", (text,), line, text, column)
    match = TEST_CALL.fullmatch(text)
    if not match or match.group("kind") not in TEST_ARITY:
        return None
    args = tuple(a.strip() for a in next(csv.reader([match.group("args")], quotechar="'", skipinitialspace=True)))
    kind, arity = match.group("kind"), TEST_ARITY[match.group("kind")]
    if not args or not IDENTIFIER.fullmatch(args[0]) or (arity and len(args) != arity) or len(args) < 2 and arity is None:
        return None
    if kind == "relationships" and not re.fullmatch(r"\w+\.\w+", args[1]):
        return None
    return TestSpec(kind, args, line, text, column)


def parse_model(path: Path, text: str, name: str, where: str) -> Model:
    """Parse one model or check file; raise with every problem found, each with line and column."""
    header, problems = parse_header(text, where)
    statements = parse_statements(text, where)
    if not statements:
        raise WarehouseError(problems + [Problem(where, 1, 1, "no query: a model is one SELECT statement")])
    starts = statement_starts(text)
    if len(statements) > 1:
        problems.append(Problem(where, *starts[1], "a model is exactly one SELECT; remove the second statement"))
    query = statements[0]
    if not isinstance(query, exp.Query):
        problems.append(Problem(where, *starts[0], f"a model is a SELECT, not {query.key.upper()} (no DDL or DML in models)"))
        raise WarehouseError(problems)
    references, reference_problems = find_references(query, text, where)
    known_by = [header["known_by"][0]] if header["known_by"] else []
    for key, named in (("looks_up", header["looks_up"]), ("joins_all", header["joins_all"]), ("known_by", known_by)):
        line = header["lines"].get(key)
        problems += [Problem(where, line, 1, f"{key} names a table the query reads", name) for name in named if name not in references]
        if header[key] and not header["incremental"]:
            problems.append(Problem(where, line, 1, f"{key} qualifies -- incremental: <key>; add that line or remove this one"))
    raise_if(problems + reference_problems)
    return Model(
        name=name,
        path=path,
        where=where,
        text=text,
        description=header["description"],
        grain=header["grain"],
        tests=header["tests"],
        column_docs=header["columns"],
        references=references,
        normalized_sql=query.sql(dialect="duckdb", comments=False),
        grain_line=header["grain_line"],
        parameters=header["parameters"],
        incremental=header["incremental"],
        looks_up=header["looks_up"],
        joins_all=header["joins_all"],
        known_by=header["known_by"],
        cluster_by=header["cluster_by"],
        header_lines=header["lines"],
    )


def find_references(query: exp.Query, text: str, where: str) -> tuple[dict[str, tuple[int, int]], list[Problem]]:
    """Tables the query reads (CTE names excluded), through subqueries, unions, joins and laterals.

    Anything that is not a named table (a table function such as read_csv or glob, in FROM, in a join
    or LATERAL) is refused: models read the warehouse, never files.
    """
    references: dict[str, tuple[int, int]] = {}
    problems: list[Problem] = []
    for source in table_functions(query):
        problems.append(
            Problem(
                where,
                *position_of(text, start_of(source)),
                "models read tables and other models, not files or table functions",
                source.sql("duckdb")[:80],
            )
        )
    for scope in traverse_scope(query):
        for source in scope.sources.values():
            if not isinstance(source, exp.Table) or not isinstance(source.this, exp.Identifier):
                continue
            position = position_of(text, start_of(source))
            if source.args.get("db") is not None or source.args.get("catalog") is not None:
                problems.append(Problem(where, *position, "refer to other models and seeds by bare name", source.sql("duckdb")))
            else:
                references.setdefault(source.name.lower(), position)
    return references, problems


def table_functions(query: exp.Query) -> list[exp.Expression]:
    """Every source that is computed by a function rather than named: FROM f(…), JOIN LATERAL f(…)."""
    found = [t for t in query.find_all(exp.Table) if not isinstance(t.this, exp.Identifier)]
    found += [lateral for lateral in query.find_all(exp.Lateral) if not isinstance(lateral.this, exp.Subquery)]
    return found


def start_of(node: exp.Expression) -> int:
    """Character offset of the first token sqlglot kept for a node (0 when it kept none)."""
    for child in node.walk():
        if "start" in child.meta:
            return child.meta["start"]
    return 0


def model_paths(project: Project) -> list[Path]:
    special = (project.checks_dir, project.macros_dir)
    return sorted(p for p in project.sql_dir.rglob("*.sql") if not any(folder in p.parents for folder in special))


def load_models(project: Project) -> dict[str, Model]:
    """Every sql/**/*.sql except sql/checks/ and sql/macros/, each parsed; all problems of all files raised together."""
    hint = f"a model's file name starts with a layer prefix ({', '.join(layer + '_' for layer in LAYERS)}) and uses a-z, 0-9 and _"
    models = load_files(project, model_paths(project), NAME_RULE, hint)
    raise_if([Problem(m.where, 1, 1, "only macros (sql/macros/) take parameters") for m in models.values() if m.parameters])
    return models


def load_macros(project: Project) -> dict[str, Model]:
    """Every table macro, sql/macros/<name>.sql: a described SELECT with `-- parameters: a, b`, published
    as CREATE MACRO <name>(a, b) AS TABLE <select> so that ad hoc SQL and BI tools can call it."""
    paths = sorted(project.macros_dir.glob("*.sql")) if project.macros_dir.is_dir() else []
    macros = load_files(project, paths, CHECK_NAME_RULE, "a macro's file name uses a-z, 0-9 and _")
    problems = [Problem(m.where, 1, 1, "a macro declares its parameters: -- parameters: as_of") for m in macros.values() if not m.parameters]
    raise_if(problems)
    return macros


def load_checks(project: Project) -> dict[str, Model]:
    """Every custom check, sql/checks/<name>.sql: a SELECT that returns offending rows."""
    paths = sorted(project.checks_dir.glob("*.sql")) if project.checks_dir.is_dir() else []
    return load_files(project, paths, CHECK_NAME_RULE, "a check's file name uses a-z, 0-9 and _")


def load_files(project: Project, paths: list[Path], name_rule: re.Pattern, name_hint: str) -> dict[str, Model]:
    loaded: dict[str, Model] = {}
    problems: list[Problem] = []
    cache = Cache(project, "models")
    for path in paths:
        where = project.rel(path)
        name = path.stem.lower()
        if name in loaded:
            problems.append(Problem(where, 1, 1, f"duplicate model name {name}: also defined in {loaded[name].where}"))
        elif not name_rule.fullmatch(name):
            problems.append(Problem(where, 1, 1, name_hint, path.stem))
        else:
            try:
                loaded[name] = cached_model(path, name, where, cache)
            except WarehouseError as error:
                problems += error.problems
    cache.save()
    raise_if(problems)
    return loaded


def cached_model(path: Path, name: str, where: str, cache: Cache) -> Model:
    """parse_model, or its saved result for the same file content (sqlglot is the slow part of a no-op)."""
    text = read_sql_file(path, where)
    key = hash_text(where, text)
    saved = cache.get(key)
    if not isinstance(saved, dict):
        model = parse_model(path, text, name, where)
        saved = {k: v for k, v in dataclasses.asdict(model).items() if k not in ("path", "where", "text", "tests")}
        saved["tests"] = [dataclasses.astuple(t) for t in model.tests]
        cache.put(key, saved)
    return Model(
        **{
            **saved,
            "path": path,
            "where": where,
            "text": text,
            "tests": [TestSpec(*t) for t in saved["tests"]],
            "references": {k: tuple(v) for k, v in saved["references"].items()},
            "known_by": tuple(saved["known_by"]) if saved.get("known_by") else None,  # JSON gave a list
        }
    )


def read_sql_file(path: Path, where: str) -> str:
    if not path.is_file():
        raise WarehouseError(Problem(where, None, None, "not a regular file (a folder, FIFO or device): a model is a .sql file"))
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise WarehouseError(Problem(where, None, None, f"bytes that are not UTF-8 at byte {error.start}: save the file as UTF-8")) from None
    except OSError as error:
        raise WarehouseError(Problem(where, None, None, f"cannot read the file: {error.strerror}")) from None
