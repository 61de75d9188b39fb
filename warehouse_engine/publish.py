"""Publishing: work in a copy of the version store with the new public file attached, then rename
both into place (the store first: a kill between the two renames leaves a public file that differs
from the store's record, which the next build does not trust and writes again)."""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import signal
import stat
from pathlib import Path
from typing import Callable, Iterator

import duckdb

from .database import check_no_stale_wal
from .errors import Problem, Progress, WarehouseError, first_line
from .interrupts import interruptible
from .placement import PREVIOUS, PUBLIC, attach_archives, new_archive, unneeded_archives
from .project import ENGINE_VERSION, Project
from .quoting import sql_name, sql_string
from .surface import listing, record_publication
from .versions import ATTACH, COPY, INTERNAL_SCHEMA, INTERNAL_TABLES, PublishedState, read_store_and_file, store_file

STORAGE_COMPATIBILITY = "v1.5.0"  # of the version store, read only by the engine


def fault_point(name: str) -> None:
    """Lets the fault suite kill a build at a named point (WAREHOUSE_FAULT=name); a no-op otherwise."""
    if os.environ.get("WAREHOUSE_FAULT") == name:
        os.kill(os.getpid(), signal.SIGKILL)


@contextlib.contextmanager
def build_lock(db_path: Path) -> Iterator[None]:
    """One build at a time per published file, by a kernel lock (flock) that dies with its process:
    no stale lock to judge, no takeover race. The file holds the holder's PID for the message only."""
    lock = db_path.with_name(db_path.name + ".lock")
    try:
        db_path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = acquire(lock, db_path)
    except OSError as error:
        raise WarehouseError(
            Problem(str(lock), None, None, f"cannot take the build lock: {error.strerror}; --db must name a file in a folder this user can write")
        ) from None
    try:
        remove_leftovers(db_path)  # we hold the lock, so these are from killed builds
        yield
    finally:
        lock.unlink(missing_ok=True)
        os.close(descriptor)


def acquire(lock: Path, db_path: Path) -> int:
    while True:
        descriptor = os.open(lock, os.O_CREAT | os.O_RDWR, 0o644)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(descriptor, 32).decode(errors="replace").strip() or "?"
            os.close(descriptor)
            raise WarehouseError(
                Problem(str(lock), None, None, f"another build (PID {holder}) is publishing {db_path.name}; wait for it to finish and run again")
            ) from None
        if lock.exists() and os.stat(lock).st_ino == os.fstat(descriptor).st_ino:
            os.ftruncate(descriptor, 0)
            os.write(descriptor, str(os.getpid()).encode())
            return descriptor
        os.close(descriptor)  # the holder removed the file between our open and our lock: try again


def remove_leftovers(db_path: Path) -> None:
    """Copies, write-ahead logs and DuckDB temp folders of builds that were killed."""
    for leftover in db_path.parent.glob(f".{db_path.name}.build-*"):
        if leftover.is_dir() and not leftover.is_symlink():
            shutil.rmtree(leftover, ignore_errors=True)
        else:
            leftover.unlink(missing_ok=True)


def publish(
    project: Project, state: PublishedState, work: Callable[[duckdb.DuckDBPyConnection, int], None], kind: str, note: str, metadata: str, progress: Progress
) -> int:
    """Run `work(con, build_id)` in a copy of the version store with the new public file attached
    (a copy of the published one when it is as the last build wrote it), then rename both into place.

    Any failure before the renames deletes the copies: the published file is never touched.
    """
    db_path = project.db_path
    check_no_stale_wal(db_path)
    check_no_stale_wal(project.store_path)
    staging = db_path.with_name(f".{db_path.name}.build-{os.getpid()}.tmp")
    public = db_path.with_name(f".{db_path.name}.build-{os.getpid()}.public.tmp")
    try:
        with environment_errors(staging):
            store = store_file(project)
            if store is not None:
                progress("copying the version store to work on")
                shutil.copyfile(store, staging)
            if state.public_source == COPY:
                progress(f"copying {db_path.name} to work on")
                shutil.copyfile(db_path, public)
            config = {"storage_compatibility_version": STORAGE_COMPATIBILITY, "memory_limit": project.memory_limit}
            con = connect_staging(db_path, staging, config)
            try:
                with interruptible(con, project.timeout, f"the {kind}"):
                    build_id, written = run_build(con, project, state, public, work, kind, note, metadata)
            finally:
                con.close()
            # A fresh connection: the build's own is sealed (no file access) once user SQL has run in it.
            con = connect_staging(db_path, staging, config)
            try:
                record_publication(con, public, project.storage_version, build_id, written)
                con.execute(f"UPDATE {INTERNAL_SCHEMA}.builds SET finished_at = now() WHERE build_id = ?", [build_id])
                con.execute("CHECKPOINT")
            finally:
                con.close()
            fault_point("before-rename")
            keep_as_archive(project, state)
            replace_file(staging, project.store_path)
            fault_point("between-renames")
            replace_file(public, db_path)
        remove_unneeded_archives(project)
        return build_id
    except BaseException:
        for path in (staging, public):
            for leftover in (path, path.with_name(path.name + ".wal")):
                leftover.unlink(missing_ok=True)
            shutil.rmtree(path.with_name(path.name + ".tmp"), ignore_errors=True)  # DuckDB's spill folder
        raise


def run_build(
    con: duckdb.DuckDBPyConnection,
    project: Project,
    state: PublishedState,
    public: Path,
    work: Callable[[duckdb.DuckDBPyConnection, int], None],
    kind: str,
    note: str,
    metadata: str,
) -> tuple[int, dict]:
    """The build's work, with the store as the default database and the public file first on the
    search path (models read and write public tables by their plain names). Returns the build id and
    the public file's listing. No transaction: one may write only one database, and nothing is
    published unless this returns."""
    con.execute(INTERNAL_TABLES)
    old_views = "SELECT view_name FROM duckdb_views() WHERE database_name = current_database() AND schema_name = 'main' AND NOT internal"
    for (view,) in con.execute(old_views).fetchall():  # stores before the public file was written once held views over the versions
        con.execute(f"DROP VIEW main.{sql_name(view)}")
    old_macros = old_views.replace("view_name FROM duckdb_views()", "function_name FROM duckdb_functions()") + " AND function_type = 'table_macro'"
    for (macro,) in con.execute(old_macros).fetchall():
        con.execute(f"DROP MACRO TABLE main.{sql_name(macro)}")
    build_id = con.execute(f"SELECT coalesce(max(build_id), 0) + 1 FROM {INTERNAL_SCHEMA}.builds").fetchone()[0]
    con.execute(f"INSERT INTO {INTERNAL_SCHEMA}.builds VALUES (?, ?, ?, now(), NULL, ?, ?)", [build_id, kind, note, ENGINE_VERSION, metadata])
    storage = "" if state.public_source == COPY else f" (STORAGE_VERSION {sql_string(project.storage_version)})"
    con.execute(f"ATTACH {sql_string(str(public))} AS {PUBLIC}{storage}")
    attach_archives(con, state)
    if state.public_source in (ATTACH, COPY):  # rows to carry, or to compare with
        con.execute(f"ATTACH {sql_string(str(project.db_path))} AS {PREVIOUS} (READ_ONLY)")
    store = con.execute("SELECT current_database()").fetchone()[0]
    con.execute(f"SET search_path = {sql_string(f'{PUBLIC}.main,{store}.{INTERNAL_SCHEMA}')}")
    work(con, build_id)
    con.execute(f"CREATE OR REPLACE MACRO {PUBLIC}.main.warehouse_build() AS {int(build_id)}")
    con.execute(f"COMMENT ON MACRO {PUBLIC}.main.warehouse_build IS 'The build this file holds: SELECT warehouse_build(); see warehouse history.'")
    written = listing(con, PUBLIC)
    con.execute(f"CHECKPOINT {PUBLIC}")
    con.execute("CHECKPOINT")
    return build_id, written


def keep_as_archive(project: Project, state: PublishedState) -> None:
    """The published file about to be replaced stays beside it, whole, as the archive of its build:
    a second name for the same bytes, so readers keep it open and nothing is copied."""
    build_id = new_archive(state)
    archive = project.archive_path(build_id) if build_id is not None else None
    if archive is None or (archive.exists() and os.path.samefile(archive, project.db_path)):
        return  # none to keep, or kept already by a build killed after this step
    archive.unlink(missing_ok=True)  # left by an earlier warehouse at this path (build numbers restart)
    try:
        os.link(project.db_path, archive)
    except OSError:  # a file system without hard links: a copy, with the same size and time
        shutil.copy2(project.db_path, archive)


def remove_unneeded_archives(project: Project) -> None:
    """Delete the archives that hold no version the store still keeps (after the renames: a failed
    build deletes nothing)."""
    state, _drift = read_store_and_file(project)
    for path in unneeded_archives(state):
        with contextlib.suppress(OSError):  # the build is published; the next one tries again
            path.unlink(missing_ok=True)


def connect_staging(db_path: Path, staging: Path, config: dict) -> duckdb.DuckDBPyConnection:
    try:
        return duckdb.connect(str(staging), config=config)
    except duckdb.Error as error:
        raise WarehouseError(
            Problem(
                str(db_path),
                None,
                None,
                f"DuckDB cannot open the published file ({first_line(error)}); it was not written by a build. Restore it "
                "from a backup, or move it aside to build a new one from the seeds",
            )
        ) from None


@contextlib.contextmanager
def environment_errors(staging: Path) -> Iterator[None]:
    """A full disk, a file size limit or a folder that cannot be written: said plainly, not as a traceback."""
    advice = "free space or fix the folder's permissions, then run again"
    try:
        yield
    except OSError as error:
        where = error.filename or str(staging.parent)
        raise WarehouseError(Problem(where, None, None, f"cannot write the new build beside the published file: {error.strerror or error}; {advice}")) from None
    except duckdb.IOException as error:
        where = str(staging.parent)
        raise WarehouseError(Problem(where, None, None, f"DuckDB cannot write the new build there: {first_line(error)}; {advice}")) from None


def replace_file(staging: Path, db_path: Path) -> None:
    if staging.with_name(staging.name + ".wal").exists():
        raise WarehouseError(Problem(str(staging), None, None, "the new build left a write-ahead log after CHECKPOINT; not publishing it"))
    keep_mode_and_group(db_path, staging)
    with open(staging, "rb+") as handle:
        os.fsync(handle.fileno())
    os.replace(staging, db_path)
    directory = os.open(db_path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def keep_mode_and_group(db_path: Path, staging: Path) -> None:
    """The new build gets the permissions and group of the file it replaces, so readers keep reading."""
    if not db_path.exists():
        return
    old = db_path.stat()
    os.chmod(staging, stat.S_IMODE(old.st_mode))
    with contextlib.suppress(PermissionError):  # only the owner's own groups are allowed
        os.chown(staging, -1, old.st_gid)
