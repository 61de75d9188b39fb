"""The public surface: the published file BI tools open holds the current version of every seed and
model as a table in `main`, with its descriptions and the table macros, and nothing else.

Earlier versions and the build log live in the version store (a hidden file beside it, see
Project.store_path). Each build records in the store what it wrote as the public file (its listing and
fingerprint); a published file that differs was changed by something other than a build.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import duckdb

from .errors import first_line
from .quoting import sql_name, sql_string

PUBLICATIONS = """
CREATE TABLE IF NOT EXISTS _warehouse.publications (
    build_id INTEGER PRIMARY KEY, storage_version VARCHAR, sources VARCHAR, listing VARCHAR, published_at TIMESTAMP,
    file_size BIGINT, file_mtime_ns BIGINT, file_sha256 VARCHAR);
"""  # file_sha256: written by earlier versions, now NULL (hashing the file cost seconds a build)


@dataclass(frozen=True)
class Publication:
    """What the last build wrote as the public file: in which storage version, what clients see in
    it (listing), and the file's own fingerprint."""

    storage_version: str
    listing: dict
    file_size: int
    file_mtime_ns: int

    def is_file(self, path: Path) -> bool:
        """The file is what was written: its size and modification time (to the nanosecond) are those
        the build left. A program that writes it changes them; one that only touches it makes the next
        build write the file again, which is safe."""
        found = path.stat()
        return (found.st_size, found.st_mtime_ns) == (self.file_size, self.file_mtime_ns)


def listing(con: duckdb.DuckDBPyConnection, database: str) -> dict:
    """Everything a BI tool can see in one attached database: objects, columns with types and
    descriptions, row counts. Two files with the same listing look the same to every client."""
    objects: dict[str, dict] = {}
    for schema, name, comment in con.execute(
        "SELECT schema_name, table_name, comment FROM duckdb_tables() WHERE database_name = ? ORDER BY ALL", [database]
    ).fetchall():
        rows = con.execute(f"SELECT count(*) FROM {sql_name(database)}.{sql_name(schema)}.{sql_name(name)}").fetchone()[0]
        objects[f"table {schema}.{name}"] = {"comment": comment, "rows": rows, "columns": []}
    for schema, name, sql, comment in con.execute(
        "SELECT schema_name, view_name, sql, comment FROM duckdb_views() WHERE database_name = ? AND NOT internal ORDER BY ALL", [database]
    ).fetchall():
        objects[f"view {schema}.{name}"] = {"comment": comment, "sql": sql, "columns": []}
    for schema, name, column, dtype, comment in con.execute(
        "SELECT c.schema_name, c.table_name, c.column_name, c.data_type, c.comment FROM duckdb_columns() AS c "
        "WHERE c.database_name = ? AND NOT c.internal ORDER BY c.schema_name, c.table_name, c.column_index",
        [database],
    ).fetchall():
        entry = objects.get(f"table {schema}.{name}") or objects.get(f"view {schema}.{name}")
        if entry is not None:
            entry["columns"].append([column, dtype, comment])
    for schema, name, kind, parameters, definition, comment in con.execute(
        "SELECT schema_name, function_name, function_type, parameters, macro_definition, comment FROM duckdb_functions() "
        "WHERE database_name = ? AND NOT internal AND function_type IN ('macro', 'table_macro') ORDER BY ALL",
        [database],
    ).fetchall():
        objects[f"{kind.replace('_', ' ')} {schema}.{name}"] = {"parameters": parameters, "definition": definition, "comment": comment}
    for (schema,) in con.execute("SELECT schema_name FROM duckdb_schemas() WHERE database_name = ? AND NOT internal ORDER BY 1", [database]).fetchall():
        objects[f"schema {schema}"] = {}
    for query, kind in (
        ("SELECT schema_name, sequence_name FROM duckdb_sequences() WHERE database_name = ?", "sequence"),
        ("SELECT schema_name, index_name FROM duckdb_indexes() WHERE database_name = ?", "index"),
        ("SELECT schema_name, type_name FROM duckdb_types() WHERE database_name = ? AND NOT internal", "type"),
    ):
        for schema, name in con.execute(query, [database]).fetchall():
            objects[f"{kind} {schema}.{name}"] = {}
    return objects


def differences(expected: dict, found: dict, limit: int = 8) -> list[str]:
    """What changed between two listings, in words, at most `limit` items."""
    said = [f"{key} added" for key in sorted(found.keys() - expected.keys())]
    said += [f"{key} dropped" for key in sorted(expected.keys() - found.keys())]
    for key in sorted(found.keys() & expected.keys()):
        before, after = expected[key], found[key]
        for part in sorted(set(before) | set(after)):
            if part == "columns":
                said += column_differences(key, before.get(part) or [], after.get(part) or [])
            elif part == "rows" and before.get(part) != after.get(part):
                said.append(f"{key}: rows changed ({before.get(part)} → {after.get(part)})")
            elif before.get(part) != after.get(part):
                said.append(f"{key}: {part} changed")
    return said[:limit] + ([f"and {len(said) - limit} more"] if len(said) > limit else [])


def column_differences(key: str, before: list, after: list) -> list[str]:
    old, new = {c[0]: c[1:] for c in before}, {c[0]: c[1:] for c in after}
    said = [f"{key}: column {c} added" for c in new if c not in old] + [f"{key}: column {c} dropped" for c in old if c not in new]
    for column in (c for c in new if c in old and new[c] != old[c]):
        said.append(f"{key}: column {column}: {'type' if new[column][0] != old[column][0] else 'description'} changed")
    return said


def publications(con: duckdb.DuckDBPyConnection, last_only: bool = False) -> dict[int, Publication]:
    """What each build wrote as the public file (only the last one's listing is read), by build."""
    has = con.execute("SELECT count(*) FROM duckdb_tables() WHERE schema_name = '_warehouse' AND table_name = 'publications'").fetchone()[0]
    if not has:
        return {}
    rows = con.execute(
        "SELECT build_id, storage_version, CASE WHEN build_id = max(build_id) OVER () THEN listing END, file_size, file_mtime_ns "
        f"FROM _warehouse.publications QUALIFY {'build_id = max(build_id) OVER ()' if last_only else 'TRUE'} ORDER BY build_id"
    ).fetchall()
    return {row[0]: Publication(row[1], json.loads(row[2] or "{}"), *row[3:]) for row in rows}


def last_publication(con: duckdb.DuckDBPyConnection) -> Optional[Publication]:
    """The store's last publication, or None."""
    return next(iter(publications(con, last_only=True).values()), None)


def published_drift(con: duckdb.DuckDBPyConnection, db_path: Path) -> list[str]:
    """How the published file differs from what the last build wrote there (empty: it is as written).
    `con` is connected to the version store."""
    last = last_publication(con)
    if last is None:
        return []
    if not db_path.exists():
        return [f"{db_path.name} is missing"]
    if last.is_file(db_path):
        return []
    try:
        con.execute(f"ATTACH {sql_string(str(db_path))} AS published_now (READ_ONLY)")
        try:
            found = listing(con, "published_now")
        finally:
            con.execute("DETACH published_now")
    except duckdb.Error as error:
        return [f"DuckDB cannot read it: {first_line(error)}"]
    return differences(last.listing, found) or ["its size or time changed (another program wrote or touched it), though no object or description differs"]


def record_publication(con: duckdb.DuckDBPyConnection, public: Path, storage_version: str, build_id: int, written: dict) -> None:
    """Record in the store (`con`) what the build wrote as the public file: its listing and fingerprint."""
    con.execute(PUBLICATIONS)
    file = public.stat()
    con.execute(
        "INSERT INTO _warehouse.publications VALUES (?, ?, ?, ?, now(), ?, ?, ?)",
        [build_id, storage_version, "{}", json.dumps(written, default=str), file.st_size, file.st_mtime_ns, None],
    )
