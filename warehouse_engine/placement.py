"""Placement: where the rows of a version live. The current version of every seed and model is a
table of the public file, written there once by the build; the version it replaces moves into the
version store (schema _warehouse), where rollback and diff find it."""

from __future__ import annotations

import duckdb

from .quoting import sql_name, sql_string
from .versions import ATTACH, COPY, INTERNAL_SCHEMA, PublishedState, Version

PUBLIC = "public_file"  # the alias under which a build attaches the public file it writes
PREVIOUS = "previous_file"  # the published file, attached read-only when the new one is not a copy of it


def public_table(node: str) -> str:
    return f"{PUBLIC}.main.{sql_name(node)}"


class Placement:
    """Moves tables between the public file a build writes and the version store it works in.
    `keep`: versions kept per node (with 1, a replaced version is not worth moving)."""

    def __init__(self, con: duckdb.DuckDBPyConnection, state: PublishedState, keep: int):
        self.con, self.state, self.keep = con, state, keep

    def retire(self, node: str) -> None:
        """The current version of `node` leaves the public file; kept in the store when it can be read."""
        current = self.state.current.get(node)
        if current is None:
            return
        if not current.in_store and self.keep > 1:
            source = self.readable(current)
            if source:
                self.con.execute(f"CREATE TABLE {sql_name(current.physical_table)} AS SELECT * FROM {source}")
            else:  # the published file was changed outside a build: its rows are not this version's
                self.con.execute(f"UPDATE {INTERNAL_SCHEMA}.versions SET dropped_at = now() WHERE node = ? AND version = ?", [node, current.version])
        self.con.execute(f"DROP TABLE IF EXISTS {public_table(node)}")

    def install(self, version: Version) -> None:
        """Make a version kept in the store the public table of its node."""
        self.con.execute(f"CREATE TABLE {public_table(version.node)} AS SELECT * FROM {sql_name(version.physical_table)}")

    def carry(self, version: Version) -> bool:
        """Put an unchanged current version in a public file that does not start as a copy of the
        published one. Returns whether the table was written."""
        if self.state.public_source == COPY:
            return False
        source = sql_name(version.physical_table) if version.in_store else self.readable(version)
        self.con.execute(f"CREATE TABLE {public_table(version.node)} AS SELECT * FROM {source}")
        return True

    def readable(self, current: Version) -> str | None:
        """Where the rows of a current version not in the store can be read, if anywhere."""
        if self.state.public_source == COPY:
            return public_table(current.node)
        if self.state.public_source == ATTACH:
            return f"{PREVIOUS}.main.{sql_name(current.node)}"
        return None


def copy_macros(con: duckdb.DuckDBPyConnection, source: str) -> None:
    """The table macros of the attached database `source`, with their descriptions, in the public file."""
    query = (
        "SELECT function_name, parameters, macro_definition, comment FROM duckdb_functions() WHERE database_name = ? "
        "AND schema_name = 'main' AND function_type = 'table_macro' AND NOT internal"
    )
    for name, parameters, definition, comment in con.execute(query, [source]).fetchall():
        con.execute(f"CREATE OR REPLACE MACRO {public_table(name)}({', '.join(sql_name(p) for p in parameters)}) AS TABLE {definition}")
        con.execute(f"COMMENT ON MACRO TABLE {public_table(name)} IS {sql_string(comment or '')}")
