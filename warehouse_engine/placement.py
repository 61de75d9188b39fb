"""Placement: where the rows of a version live. The current version of every seed and model is a
table of the public file, written there once by the build. A published file that a build replaces
is kept whole as an archive beside it (a hard link: nothing is copied), and the versions it holds are
read from there by rollback, diff and reuse; a store table `_warehouse.<node>__v<N>` holds a version
in stores written before archives (or in a published file from before the store)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import duckdb

from .quoting import sql_name, sql_string
from .versions import ATTACH, COPY, IN_STORE, INTERNAL_SCHEMA, NO_FILE, PublishedState, Version

PUBLIC = "public_file"  # the alias under which a build attaches the public file it writes
PREVIOUS = "previous_file"  # the published file, attached read-only when the new one is not a copy of it


def public_table(node: str) -> str:
    return f"{PUBLIC}.main.{sql_name(node)}"


def archive_alias(build_id: int) -> str:
    return f"archive_{int(build_id)}"


def attach_archives(con: duckdb.DuckDBPyConnection, state: PublishedState) -> None:
    """Every intact archive, read-only, under archive_<build> (before the connection is sealed)."""
    for build_id, path in state.archives.items():
        con.execute(f"ATTACH {sql_string(str(path))} AS {archive_alias(build_id)} (READ_ONLY)")


def kept_table(state: PublishedState, version: Version) -> Optional[str]:
    """Where a version that is not the current one can be read: the store or an attached archive."""
    if version.in_store:
        return sql_name(version.physical_table)
    build_id = state.archived_in.get((version.node, version.version))
    return f"{archive_alias(build_id)}.main.{sql_name(version.node)}" if build_id is not None else None


class Placement:
    """Puts versions into the public file a build writes."""

    def __init__(self, con: duckdb.DuckDBPyConnection, state: PublishedState):
        self.con, self.state = con, state

    def retire(self, nodes: list[str]) -> None:
        """The current versions of `nodes` leave the public file (the archive of the published one
        keeps them). Checkpointed at once, so that the new versions reuse their space."""
        for node in nodes:
            self.con.execute(f"DROP TABLE IF EXISTS {public_table(node)}")
        if nodes:
            self.con.execute(f"CHECKPOINT {PUBLIC}")

    def install(self, version: Version) -> None:
        """Make a kept version the public table of its node."""
        self.con.execute(f"CREATE TABLE {public_table(version.node)} AS SELECT * FROM {kept_table(self.state, version)}")

    def carry(self, version: Version) -> bool:
        """Put an unchanged current version in a public file that does not start as a copy of the
        published one. Returns whether the table was written."""
        if self.state.public_source == COPY:
            return False
        source = kept_table(self.state, version)
        if source is None and self.state.public_source == ATTACH:
            source = f"{PREVIOUS}.main.{sql_name(version.node)}"
        self.con.execute(f"CREATE TABLE {public_table(version.node)} AS SELECT * FROM {source}")
        return True


def new_archive(state: PublishedState) -> Optional[int]:
    """The build whose published file this build keeps as an archive: the current one, if intact."""
    return state.build_id if state.build_id is not None and state.public_source != NO_FILE else None


def prune_versions(con: duckdb.DuckDBPyConnection, keep: int, state: PublishedState, build_id: int) -> None:
    """Record as dropped every version beyond the newest `keep` of its node (never a current one) and
    every version no longer held anywhere; drop the store tables of the dropped ones."""
    archives = sorted({*state.archives, *filter(None, [new_archive(state)])})
    current = f"SELECT 1 FROM {INTERNAL_SCHEMA}.build_nodes AS b WHERE b.node = v.node AND b.version = v.version AND b.build_id = ?"
    in_archive = f"SELECT 1 FROM {INTERNAL_SCHEMA}.build_nodes AS b WHERE b.node = v.node AND b.version = v.version AND list_contains(?, b.build_id)"
    rows = con.execute(
        f"""SELECT node, version, physical_table, EXISTS ({IN_STORE}) FROM (
                SELECT *, row_number() OVER (PARTITION BY node ORDER BY version DESC) AS newest
                FROM {INTERNAL_SCHEMA}.versions WHERE dropped_at IS NULL) AS v
            WHERE NOT EXISTS ({current})
              AND (newest > ? OR NOT (EXISTS ({IN_STORE}) OR EXISTS ({in_archive})))""",
        [build_id, keep, archives],
    ).fetchall()
    for node, version, table, stored in rows:
        if stored:
            con.execute(f"DROP TABLE {sql_name(table)}")
        con.execute(f"UPDATE {INTERNAL_SCHEMA}.versions SET dropped_at = now() WHERE node = ? AND version = ?", [node, version])


def unneeded_archives(state: PublishedState) -> list[Path]:
    """Archives that hold no kept version the store does not hold itself (state: after the build)."""
    needed = {
        state.archived_in.get((v.node, v.version))
        for versions in state.versions.values()
        for v in versions
        if not v.dropped and not v.in_store and state.current.get(v.node) != v
    }
    return [path for build_id, path in state.archives.items() if build_id not in needed]


def copy_macros(con: duckdb.DuckDBPyConnection, source: str) -> None:
    """The table macros of the attached database `source`, with their descriptions, in the public file."""
    query = (
        "SELECT function_name, parameters, macro_definition, comment FROM duckdb_functions() WHERE database_name = ? "
        "AND schema_name = 'main' AND function_type = 'table_macro' AND NOT internal"
    )
    for name, parameters, definition, comment in con.execute(query, [source]).fetchall():
        con.execute(f"CREATE OR REPLACE MACRO {public_table(name)}({', '.join(sql_name(p) for p in parameters)}) AS TABLE {definition}")
        con.execute(f"COMMENT ON MACRO TABLE {public_table(name)} IS {sql_string(comment or '')}")
