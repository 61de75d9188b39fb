"""Connections to the published file: read-only, never blocking builds."""

from __future__ import annotations

import contextlib
import re
from pathlib import Path
from typing import Iterator

import duckdb

from .errors import Problem, WarehouseError, first_line
from .quoting import sql_string
from .sandbox import seal


@contextlib.contextmanager
def open_published(db_path: Path, sandboxed: bool = False, memory_limit: str | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to the published file; it never blocks builds (they publish by rename).

    The file is attached to a private in-memory DuckDB rather than opened with duckdb.connect(path),
    which would hand back an instance already open in this process (an older build, or one opened
    with other settings). sandboxed: no file access, no spill folder, settings locked, for user SQL.
    """
    if not db_path.exists():
        raise WarehouseError(Problem(str(db_path), None, None, "no published warehouse here yet: run `warehouse build` first"))
    check_no_stale_wal(db_path)
    con = duckdb.connect()
    try:
        try:
            con.execute(f"ATTACH {sql_string(str(db_path))} AS warehouse (READ_ONLY)")
        except duckdb.Error as error:
            raise WarehouseError(Problem(str(db_path), None, None, explain_open_error(error))) from None
        con.execute("USE warehouse")
        if sandboxed:
            con.execute("SET temp_directory = ''")
            if memory_limit:
                con.execute(f"SET memory_limit = {sql_string(memory_limit)}")
            seal(con)
        try:
            yield con
        except duckdb.IOException as error:  # a read-only file that cannot be read is damaged
            raise WarehouseError(
                Problem(
                    str(db_path),
                    None,
                    None,
                    f"DuckDB cannot read the published file ({first_line(error)}): it is damaged. Restore it from a backup, "
                    "or move it aside and build a new one from the seeds",
                )
            ) from None
    finally:
        con.close()


def explain_open_error(error: Exception) -> str:
    message = str(error)
    holder = re.search(r"\(PID (\d+)\)", message)
    if "Conflicting lock" in message:
        who = f"process {holder.group(1)}" if holder else "another process"
        return (
            f"{who} has the file open read-write, so nobody can read it now; builds never do this, so close "
            f"that program (or its connection) and try again. DuckDB said: {message.splitlines()[0]}"
        )
    return f"cannot open the warehouse: {message.splitlines()[0]}"


def check_no_stale_wal(db_path: Path) -> None:
    wal = db_path.with_name(db_path.name + ".wal")
    if wal.exists():
        raise WarehouseError(
            Problem(
                str(wal),
                None,
                None,
                "a write-ahead log is left beside the published file: some process wrote to the file directly and did not "
                "close it cleanly, and DuckDB will not open the file until this is settled. Builds never write there. If those "
                "writes matter, open the file once read-write with duckdb to replay them; otherwise move the .wal aside. "
                "Then run the command again.",
            )
        )
