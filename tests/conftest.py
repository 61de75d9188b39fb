"""Shared fixtures: real project copies, the real CLI in a subprocess, a real DuckDB file."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import warehouse  # noqa: E402

PROJECT_PARTS = ("seeds", "sql", "reports")


def copy_project(destination: Path) -> Path:
    destination.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        shutil.copytree(ROOT / part, destination / part)
    return destination


def cli(project: Path, *args: str, env: dict | None = None, input: str | None = None, timeout: int = 300) -> subprocess.CompletedProcess:
    """Run `python warehouse.py ARGS --project PROJECT` as a user would."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("WAREHOUSE_")}
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, str(ROOT / "warehouse.py"), *args, "--project", str(project)],
        capture_output=True, text=True, env=environment, input=input, timeout=timeout,
    )


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="session")
def built_template(tmp_path_factory) -> Path:
    """The real project, built once per session (with the lineage cache warmed by `warehouse docs`)."""
    project = copy_project(tmp_path_factory.mktemp("template"))
    result = cli(project, "build")
    assert result.returncode == 0, result.stderr
    assert cli(project, "docs").returncode == 0
    shutil.rmtree(project / "site")  # keep only the lineage cache it warmed
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
