"""The sandbox every connection that runs user-written SQL is put in: no file access, settings locked."""

from __future__ import annotations

import duckdb


def seal(con: duckdb.DuckDBPyConnection) -> None:
    """From now on DuckDB itself refuses any file access (read_csv, glob, COPY, ATTACH, INSTALL, …)
    and any change of settings, whatever the SQL looks like. Call it once the seeds are read."""
    con.execute("SET enable_external_access = false")
    con.execute("SET lock_configuration = true")
