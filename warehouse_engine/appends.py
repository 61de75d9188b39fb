"""Appended seeds: a seed file that only gained lines since the published build is read for its new
lines alone, which are checked against the contract (their keys against every row) and added to the
seed's published table. The day's news grows the seeds; reading them whole cost seconds at scale.

What each version of a seed was read from (size, SHA-256 and lines of the file) is remembered in
.cache/, keyed by the version: a shortcut only, checked against the version's own hash, so that a lost
cache or a changed contract reads the seed whole.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterator, Optional

import duckdb

from .cache import Cache, hash_text
from .contract import SeedContract
from .errors import Problem, WarehouseError
from .project import Project
from .quoting import sql_name
from .seeds import load_seed, record_lines

CHUNK = 1 << 20


@dataclass(frozen=True)
class FileRead:
    """The bytes a seed version was read from."""

    size: int
    sha256: str
    lines: int  # newlines


@dataclass(frozen=True)
class Snapshot:
    """A private copy of a seed file taken for the build: the whole file, or when it only gained lines
    since the published version was read, those lines alone (after the header)."""

    read: FileRead
    path: Optional[Path] = None  # the whole file
    new_lines: Optional[Path] = None  # the header and the new lines
    lines_before: int = 0  # lines of the file the published version was read from


def published_read(cache: Cache, contract: SeedContract, own_hash: Optional[str]) -> Optional[FileRead]:
    """What the published version of a seed (`own_hash`) was read from, when the cache knows and the
    contract is the same: the version's hash is that of the contract and those bytes."""
    entry = cache.get(own_hash) if own_hash else None
    if not (isinstance(entry, list) and len(entry) == 3):
        return None
    read = FileRead(*entry)
    return read if hash_text("seed", contract.ddl, read.sha256) == own_hash else None


def remember(cache: Cache, own_hash: str, read: FileRead) -> None:
    cache.put(own_hash, [read.size, read.sha256, read.lines])


@contextlib.contextmanager
def snapshot(project: Project, contract: SeedContract, expected_sha256: str, published: Optional[FileRead]) -> Iterator[Optional[Snapshot]]:
    """A private copy of the seed's bytes, hashed while copied: what is loaded is exactly what the
    version was computed from (a seed edited since the plan is an error, not a silent mismatch). With
    `published`, also its lines after those bytes (the header first), when the file starts with them."""
    path = project.seeds_dir / contract.csv_name
    if not path.is_file():
        yield None  # missing or not a file: the loader reports it
        return
    copy_path = project.db_path.with_name(f".{project.db_path.name}.build-{os.getpid()}.{contract.csv_name}")
    new_lines = copy_path.with_name(copy_path.name + ".new")
    try:
        read = copy_new_lines(path, new_lines, published) if published else None
        taken = Snapshot(read, new_lines=new_lines, lines_before=published.lines) if read else Snapshot(copy_whole(path, copy_path), path=copy_path)
        if taken.read.sha256 != expected_sha256:
            raise WarehouseError(Problem(project.rel(path), None, None, "changed while the build was running; run the build again"))
        yield taken
    finally:
        copy_path.unlink(missing_ok=True)
        new_lines.unlink(missing_ok=True)


def copy_whole(path: Path, copy_path: Path) -> FileRead:
    whole, size, lines = hashlib.sha256(), 0, 0
    with open(path, "rb") as original, open(copy_path, "wb") as copy:
        while chunk := original.read(CHUNK):
            copy.write(chunk)
            whole.update(chunk)
            size, lines = size + len(chunk), lines + chunk.count(b"\n")
    return FileRead(size, whole.hexdigest(), lines)


def copy_new_lines(path: Path, new_lines: Path, published: FileRead) -> Optional[FileRead]:
    """Hash the file and copy its header and the lines after the `published` bytes, if it starts with
    them (and they end a line after the header); None when it does not."""
    whole, before = hashlib.sha256(), hashlib.sha256()
    size = lines = 0
    header, last_before, copying = b"", b"", False
    with open(path, "rb") as original, open(new_lines, "wb") as copy:
        while chunk := original.read(CHUNK):
            header = header or (chunk.split(b"\n", 1)[0] + b"\n" if b"\n" in chunk else b"")
            whole.update(chunk)
            lines += chunk.count(b"\n")
            if size < published.size:
                part = chunk[: published.size - size]
                before.update(part)
                last_before = part[-1:]
            if not copying and size + len(chunk) >= published.size:
                if not (header and published.size > len(header) and last_before == b"\n" and before.hexdigest() == published.sha256):
                    return None
                copy.write(header)
                copying = True
            if copying:
                copy.write(chunk[max(0, published.size - size) :])
            size += len(chunk)
    return FileRead(size, whole.hexdigest(), lines) if copying else None


def load_new_lines(
    con: duckdb.DuckDBPyConnection, project: Project, contract: SeedContract, table: str, parent_tables: dict[str, str], taken: Snapshot
) -> tuple[list[Problem], str]:
    """Check the new lines of a seed and add their rows to its table (which holds the published rows).
    Returns the problems, located at their line of the seed file, and a temp table of the new rows."""
    rows = f"temp.main.{sql_name('appended__' + contract.table)}"
    problems, _complete = load_seed(con, project, contract, rows, parent_tables, taken.new_lines)
    if not problems:  # rows DuckDB refused would shift the lines of the rows read
        problems = copied_keys(con, project, contract, table, rows, taken.new_lines)
    shift = taken.lines_before - 1  # line 2 of the new lines' file (after its header) is the first new line
    problems = [replace(p, line=p.line + shift) if p.line else p for p in problems]
    if not problems:
        con.execute(f"INSERT INTO {table} SELECT * FROM {rows}")
    return sorted(problems, key=lambda p: (p.line or 0, p.column or 0)), rows


def copied_keys(con: duckdb.DuckDBPyConnection, project: Project, contract: SeedContract, table: str, rows: str, new_lines: Path) -> list[Problem]:
    """New rows whose key an earlier row of the file already has."""
    where = project.rel(project.seeds_dir / contract.csv_name)
    found = []
    for key in contract.keys:
        same = " AND ".join(f"earlier.{sql_name(c)} IS NOT DISTINCT FROM new.{sql_name(c)}" for c in key)  # as check_rows groups keys
        cols = ", ".join(f"new.{sql_name(c)}" for c in key)
        sql = f"SELECT new.rowid, concat_ws(', ', {cols}) FROM {rows} AS new SEMI JOIN {table} AS earlier ON {same} ORDER BY 1 LIMIT 20"
        copied = con.execute(sql).fetchall()
        if copied:
            lines = record_lines(new_lines, set())
            message = f"duplicate key ({', '.join(key)}): already used by an earlier row"
            found += [Problem(where, lines[rowid] if rowid < len(lines) else None, contract.column_number(key[0]), message, value) for rowid, value in copied]
    return found
