"""Versions: what the published file holds, and what a build would change."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Iterator, Optional

import duckdb

from .cache import hash_text
from .database import open_published
from .errors import Problem, WarehouseError
from .project import Project
from .surface import last_publication, publications, published_drift

if TYPE_CHECKING:  # the graph (sqlglot) is loaded to plan a build, not to read the published versions for a report
    from .graph import Graph

INTERNAL_SCHEMA = "_warehouse"
# Whether the version row `v` has its own table in the store (stores written before archives).
IN_STORE = (
    "SELECT 1 FROM duckdb_tables() AS t WHERE t.database_name = current_database() "
    f"AND t.schema_name = '{INTERNAL_SCHEMA}' AND t.table_name = v.node || '__v' || v.version"
)


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
    in_store: bool  # its rows are in the version store (else, if current, only in the published file)


# Where a build finds the tables of the current versions the published file holds:
COPY = "copy"  # the published file is as the last build wrote it: the new one starts as a copy of its bytes
ATTACH = "attach"  # as written, but in another storage version: its tables are copied one by one
NO_FILE = "none"  # missing, changed outside a build, or of the layout before the store: not to be read


@dataclass
class PublishedState:
    """What the version store says: the current build, the versions it keeps, and whether the
    published file can be trusted to hold the current versions (`public_source`)."""

    build_id: Optional[int] = None
    metadata_hash: Optional[str] = None
    current: dict[str, Version] = field(default_factory=dict)
    versions: dict[str, list[Version]] = field(default_factory=dict)  # every version, oldest first
    public_source: str = NO_FILE
    archives: dict[int, Path] = field(default_factory=dict)  # earlier published files kept whole and intact, by build
    archived_in: dict[tuple[str, int], int] = field(default_factory=dict)  # (node, version) → newest archive holding it

    def available(self, version: Version) -> bool:
        """Its rows can still be read: from the store, an archive, or the trusted published file."""
        current = self.current.get(version.node)
        held = version.in_store or (version.node, version.version) in self.archived_in
        return not version.dropped and (held or (self.public_source != NO_FILE and current == version))

    def kept_with(self, node: str, fingerprint: str) -> Optional[Version]:
        return next((v for v in reversed(self.versions.get(node, [])) if v.fingerprint == fingerprint and self.available(v)), None)

    def next_version(self, node: str) -> int:
        return max((v.version for v in self.versions.get(node, [])), default=0) + 1


def read_state(con: duckdb.DuckDBPyConnection) -> PublishedState:
    """The published state from an open connection (empty for a new file)."""
    has_internal = con.execute("SELECT count(*) FROM duckdb_tables() WHERE schema_name = ? AND table_name = 'build_nodes'", [INTERNAL_SCHEMA]).fetchone()[0]
    if not has_internal:
        return PublishedState()
    state = PublishedState()
    row = con.execute(f"SELECT build_id, metadata_hash FROM {INTERNAL_SCHEMA}.builds ORDER BY build_id DESC LIMIT 1").fetchone()
    if row is None:
        return state
    state.build_id, state.metadata_hash = row
    rows = con.execute(
        f"SELECT node, kind, version, fingerprint, own_hash, physical_table, built_at, row_count, metadata, dropped_at IS NOT NULL, "
        f"EXISTS ({IN_STORE}) FROM {INTERNAL_SCHEMA}.versions AS v ORDER BY node, version"
    ).fetchall()
    for row in rows:
        state.versions.setdefault(row[0], []).append(Version(*row))
    for node, version in con.execute(f"SELECT node, version FROM {INTERNAL_SCHEMA}.build_nodes WHERE build_id = ?", [state.build_id]).fetchall():
        state.current[node] = next(v for v in state.versions[node] if v.version == version)
    return state


def store_file(project: Project) -> Optional[Path]:
    """The version store, or None before the first build. A published file written before the store
    existed holds its versions itself (schema _warehouse) and serves as the store until the next build."""
    if project.store_path.exists():
        return project.store_path
    if project.db_path.exists():
        with open_published(project.db_path) as con:
            if con.execute("SELECT count(*) FROM duckdb_schemas() WHERE schema_name = ?", [INTERNAL_SCHEMA]).fetchone()[0]:
                return project.db_path
    return None


@contextlib.contextmanager
def open_store(project: Project) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to the version store (history, diff, rollback, report footers)."""
    store = store_file(project)
    if store is None:
        raise WarehouseError(Problem(str(project.db_path), None, None, "no published warehouse here yet: run `warehouse build` first"))
    with open_published(store) as con:
        yield con


def read_store_state(project: Project) -> PublishedState:
    store = store_file(project)
    if store is None:
        return PublishedState()
    with open_published(store) as con:
        return read_state(con)


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
    drift: list[str] = field(default_factory=list)  # how the published file differs from what the last build wrote
    rewrite: str = ""  # why the published file is written again even if no table changed (storage version, layout)

    @property
    def nothing_to_do(self) -> bool:
        return not self.metadata_changed and not self.drift and not self.rewrite and all(s.action == "unchanged" for s in self.steps)

    def count(self, action: str) -> int:
        return sum(s.action == action for s in self.steps)

    def summary(self) -> str:
        parts = [f"{self.count(a)} {a}" for a in ("new", "changed", "reuse", "removed", "unchanged") if self.count(a)]
        rebuilt = any(s.action != "unchanged" for s in self.steps)
        said = ", ".join(parts) + ("" if rebuilt or not self.metadata_changed else "; only descriptions or tests changed")
        said += "; the published file was changed outside a build and is written again" if self.drift else ""
        return said + (f"; {self.rewrite}" if self.rewrite else "")


def metadata_hash(graph: Graph) -> str:
    """Descriptions and tests: changing them republishes comments and reruns tests, but rebuilds nothing."""
    parts = [
        json.dumps([n.name, graph.metadata(n.name), [t.text for t in (n.model.tests if n.model else [])], n.model.grain if n.model else []], sort_keys=True)
        for n in graph.nodes.values()
    ]
    checks = [f"check {name}={check.normalized_sql}" for name, check in sorted(graph.checks.items())]
    macros = [f"macro {name}({macro.parameters})={macro.normalized_sql} {macro.description}" for name, macro in sorted(graph.macros.items())]
    return hash_text(*parts, *checks, *macros)


def make_plan(graph: Graph, state: PublishedState) -> Plan:
    steps = []
    changed: set[str] = set()
    for node in graph.nodes.values():
        current = state.current.get(node.name)
        if current and current.fingerprint == node.fingerprint and state.available(current):
            steps.append(Step(node.name, node.kind, "unchanged", old_version=current.version, new_version=current.version))
            continue
        changed.add(node.name)
        upstream = sorted(p for p in node.parents if p in changed)
        if current is None:
            reason = "not built yet" if node.name not in state.versions else "back after removal"
        elif current.fingerprint == node.fingerprint:
            reason = "its table in the published file cannot be trusted"
        elif current.own_hash == node.own_hash:
            reason = "upstream changed: " + ", ".join(upstream) if upstream else "engine changed"
        else:
            reason = "its SQL changed" if node.kind == "model" else "its CSV or contract changed"
        kept = state.kept_with(node.name, node.fingerprint)
        if current and current.fingerprint == node.fingerprint:  # the same version, built again
            steps.append(Step(node.name, node.kind, "changed", reason, current.version, current.version))
        elif kept:
            steps.append(
                Step(
                    node.name,
                    node.kind,
                    "reuse",
                    f"{reason}; same as kept version {kept.version}",
                    current and current.version,
                    kept.version,
                )
            )
        else:
            action = "new" if current is None else "changed"
            steps.append(Step(node.name, node.kind, action, reason, current and current.version, state.next_version(node.name)))
    for name, version in state.current.items():
        if name not in graph.nodes:
            steps.append(Step(name, version.kind, "removed", "no longer in the project", version.version, None))
    return Plan(steps, metadata_changed=state.metadata_hash != metadata_hash(graph))


def read_store_and_file(project: Project) -> tuple[PublishedState, list[str]]:
    """The store's state, with how far the published file can be trusted, and its drift (how it
    differs from what the last build wrote)."""
    store = store_file(project)
    if store is None:
        return PublishedState(), []
    with open_published(store) as con:
        state = read_state(con)
        drift = published_drift(con, project.db_path) if store != project.db_path else []
        last = last_publication(con)
        find_archives(con, project, state)
    if store == project.db_path or last is None or drift:
        state.public_source = NO_FILE
    else:
        state.public_source = COPY if last.storage_version == project.storage_version else ATTACH
    return state, drift


def find_archives(con: duckdb.DuckDBPyConnection, project: Project, state: PublishedState) -> None:
    """The archives beside the published file that are byte for byte what their build wrote, and the
    versions each holds (those current in that build)."""
    for build_id, publication in publications(con).items():
        path = project.archive_path(build_id)
        if build_id != state.build_id and path.exists() and publication.is_file(path):
            state.archives[build_id] = path
    if state.archives:
        held = con.execute(
            f"SELECT node, version, max(build_id) FROM {INTERNAL_SCHEMA}.build_nodes WHERE list_contains(?, build_id) GROUP BY node, version",
            [sorted(state.archives)],
        ).fetchall()
        state.archived_in = {(node, version): build_id for node, version, build_id in held}


def plan_build(project: Project) -> tuple[Graph, PublishedState, Plan]:
    from .graph import load_graph

    graph = load_graph(project)
    state, drift = read_store_and_file(project)
    plan = make_plan(graph, state)
    plan.drift = drift
    if store_file(project) == project.db_path:
        plan.rewrite = f"the versions move out of {project.db_path.name} into the version store, leaving only the public tables"
    elif state.public_source == ATTACH:
        plan.rewrite = f"the published file is written again in storage {project.storage_version}"
    return graph, state, plan
