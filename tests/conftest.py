"""Shared fixtures: real project copies, the real CLI (in-process, or as a process where that is the
point), a real DuckDB file."""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import duckdb
import pytest
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import warehouse  # noqa: E402

PROJECT_PARTS = ("seeds", "sql", "reports")
SOURCES = ROOT.parent / "shared" / "sources"  # the article texts, beside the clone
CLEAN_ENVIRONMENT = {name: None for name in os.environ if name.startswith("WAREHOUSE_")}


def copy_project(destination: Path) -> Path:
    destination.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        shutil.copytree(ROOT / part, destination / part)
    if SOURCES.is_dir():  # so that curation checks quotes in the copies as in the real project
        shutil.copytree(SOURCES, destination / "sources")
    return destination


@dataclass
class Outcome:
    """What a command printed and returned, for in-process and separate-process runs alike."""

    returncode: int
    stdout: str
    stderr: str


def cli(project: Path, *args: str, env: dict | None = None, input: str | None = None) -> Outcome:
    """`warehouse ARGS --project PROJECT`, run in this process through typer's runner.

    Exceptions other than the CLI's own exits are not caught: a bug fails the test with its traceback.
    """
    runner = CliRunner(env={**CLEAN_ENVIRONMENT, **(env or {})})
    result = runner.invoke(warehouse.app, [*args, "--project", str(project)], input=input, catch_exceptions=False)
    return Outcome(result.exit_code, result.stdout, result.stderr)


def cli_process(project: Path, *args: str, env: dict | None = None, timeout: int = 300) -> Outcome:
    """`python warehouse.py ARGS --project PROJECT` as a separate process: for kills, concurrent
    builds and anything else where the process itself is the point."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("WAREHOUSE_")}
    environment.update(env or {})
    result = subprocess.run(
        [sys.executable, str(ROOT / "warehouse.py"), *args, "--project", str(project)],
        capture_output=True,
        text=True,
        env=environment,
        timeout=timeout,
    )
    return Outcome(result.returncode, result.stdout, result.stderr)


@contextlib.contextmanager
def published(project: Path, name: str = "warehouse.duckdb") -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to the project's published file (or the version store beside it), closed
    on leaving the block: DuckDB hands an open file's instance to later connections in this process,
    which would hide new builds."""
    con = duckdb.connect(str(project / name), read_only=True)
    try:
        yield con
    finally:
        con.close()


def fetch(project: Path, sql: str, params: list | None = None) -> list[tuple]:
    with published(project) as con:
        return con.execute(sql, params or []).fetchall()


def fetch_store(project: Path, sql: str, params: list | None = None) -> list[tuple]:
    """Rows from the version store: builds, versions, build_nodes (schema _warehouse)."""
    with published(project, STORE_NAME) as con:
        return con.execute(sql, params or []).fetchall()


STORE_NAME = ".warehouse.duckdb.versions"
ARCHIVE_PREFIX = ".warehouse.duckdb.archive-"
PUBLISHED_FILES = [STORE_NAME, "warehouse.duckdb"]  # what a build leaves: the version store and the public file


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def duckdb_files(project: Path) -> list[str]:
    """The published file and whatever else a build left beside it, but the archives (see archives())."""
    return sorted(p.name for p in project.iterdir() if "duckdb" in p.name and not p.name.startswith(ARCHIVE_PREFIX))


def archives(project: Path) -> list[int]:
    """The builds whose published file is kept whole beside the current one."""
    return sorted(int(p.name.removeprefix(ARCHIVE_PREFIX)) for p in project.glob(f"{ARCHIVE_PREFIX}*"))


@pytest.fixture(scope="session")
def built_template(tmp_path_factory) -> Path:
    """The real project, built once per session (with the lineage cache warmed by `warehouse docs`)."""
    project = copy_project(tmp_path_factory.mktemp("template"))
    result = cli(project, "build")
    assert result.returncode == 0, result.stderr
    assert cli(project, "docs").returncode == 0
    shutil.rmtree(project / "site")  # keep only the caches it warmed
    return project


@pytest.fixture
def project(built_template: Path, tmp_path: Path) -> Path:
    """A private copy of the built project: its warehouse.duckdb is a real published build."""
    destination = tmp_path / "project"
    shutil.copytree(built_template, destination)
    return destination


@pytest.fixture
def fresh_project(tmp_path: Path) -> Path:
    """The real project with nothing built yet."""
    return copy_project(tmp_path / "fresh")
