"""History, diff and rollback over the kept versions."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Optional

from .builder import apply_comments
from .errors import Problem, Progress, WarehouseError, quiet
from .placement import PREVIOUS, Placement, attach_archives, copy_macros, kept_table, prune_versions
from .project import Project
from .publish import build_lock, publish
from .quoting import sql_name, sql_string
from .versions import ATTACH, INTERNAL_SCHEMA, NO_FILE, open_store, read_state, read_store_and_file


def rollback(project: Project, to_build: Optional[int] = None, progress: Progress = quiet) -> tuple[int, int]:
    """Publish an earlier build again (default: the one before the current), all seeds and models together.

    Returns (new build id, build rolled back to).
    """
    with build_lock(project.db_path):
        state, _drift = read_store_and_file(project)
        with open_store(project) as con:
            builds = [r[0] for r in con.execute(f"SELECT build_id FROM {INTERNAL_SCHEMA}.builds ORDER BY build_id").fetchall()] if state.build_id else []
            target = to_build if to_build is not None else (builds[-2] if len(builds) > 1 else None)
            if target is None or target not in builds or target == state.build_id:
                choices = ", ".join(str(b) for b in builds[:-1]) or "none"
                raise WarehouseError(
                    Problem(
                        str(project.db_path),
                        None,
                        None,
                        f"cannot roll back to build {target}: earlier builds are {choices}; current is {state.build_id}",
                    )
                )
            wanted = dict(con.execute(f"SELECT node, version FROM {INTERNAL_SCHEMA}.build_nodes WHERE build_id = ?", [target]).fetchall())
            metadata = con.execute(f"SELECT metadata_hash FROM {INTERNAL_SCHEMA}.builds WHERE build_id = ?", [target]).fetchone()[0]
        if state.public_source == NO_FILE:
            raise WarehouseError(
                Problem(
                    str(project.db_path),
                    None,
                    None,
                    "is missing, was changed outside a build or predates the version store: run `warehouse build` "
                    "(it builds the current tables again), then roll back",
                )
            )
        versions = {node: next(v for v in state.versions[node] if v.version == number) for node, number in wanted.items()}
        gone = [f"{v.node} v{v.version}" for v in versions.values() if not state.available(v)]
        if gone:
            raise WarehouseError(
                Problem(str(project.db_path), None, None, f"build {target} used versions that were pruned ({', '.join(gone)}); keep more versions with --keep")
            )

        def repoint(con, build_id: int) -> None:
            placement = Placement(con, state)
            placement.retire([node for node, current in state.current.items() if versions.get(node) != current])
            for node, version in versions.items():
                if state.current.get(node) == version:
                    if placement.carry(version):
                        apply_comments(con, project, node, json.loads(version.metadata))
                else:
                    placement.install(version)
                    apply_comments(con, project, node, json.loads(version.metadata))
                con.execute(f"INSERT INTO {INTERNAL_SCHEMA}.build_nodes VALUES (?, ?, ?, 'rollback', 0)", [build_id, node, version.version])
            if state.public_source == ATTACH:
                copy_macros(con, PREVIOUS)
            prune_versions(con, project.keep, state, build_id)
            progress(f"put back the {len(versions)} tables of build {target}")

        build_id = publish(project, state, repoint, "rollback", f"rollback to build {target}", metadata, progress)
    return build_id, target


def version_history(project: Project, node: str) -> list[dict]:
    """Every version of one seed or model, oldest first, with the current one marked."""
    with open_store(project) as con:
        state = read_state(con)
        if node not in state.versions:
            raise WarehouseError(Problem(str(project.db_path), None, None, f"no versions of {node}; known: {', '.join(sorted(state.versions))}"))
        rows = con.execute(
            f"SELECT version, fingerprint, built_at, row_count, seconds, build_id, dropped_at FROM {INTERNAL_SCHEMA}.versions WHERE node = ? ORDER BY version",
            [node],
        ).fetchall()
    current = state.current.get(node)
    return [
        {
            "version": v,
            "fingerprint": f[:12],
            "built_at": b.isoformat(sep=" ", timespec="seconds"),
            "rows": r,
            "seconds": round(s, 3),
            "build": bid,
            "current": bool(current and current.version == v),
            "kept": d is None,
        }
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
    state, _drift = read_store_and_file(project)
    with open_store(project) as con:
        kept = {v.version: v for v in state.versions.get(node, []) if state.available(v)}
        new = new if new is not None else (state.current[node].version if node in state.current else max(kept, default=0))
        old = old if old is not None else max((v for v in kept if v < new), default=None)
        for number in (old, new):
            if number not in kept:
                raise WarehouseError(
                    Problem(
                        str(project.db_path),
                        None,
                        None,
                        f"{node} has no kept version {number}; kept versions: {', '.join(map(str, sorted(kept))) or 'none'}",
                    )
                )
        attach_archives(con, state)
        con.execute(f"ATTACH {sql_string(str(project.db_path))} AS published_now (READ_ONLY)")
        old_table, new_table = (kept_table(state, v) or f"published_now.main.{sql_name(node)}" for v in (kept[old], kept[new]))

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
    return Diff(
        node,
        old,
        new,
        [c for c in new_columns if c not in old_columns],
        [c for c in old_columns if c not in new_columns],
        added,
        removed,
        sample_added,
        sample_removed,
        shared,
    )
