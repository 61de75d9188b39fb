"""Hashes of content, and the .cache/ files that save repeated work between runs."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from importlib.metadata import version
from pathlib import Path

from .project import ENGINE_VERSION, Project

# Every cached result depends on the engine and the libraries that computed it.
TOOL_VERSIONS = f"engine {ENGINE_VERSION}, duckdb {version('duckdb')}, sqlglot {version('sqlglot')}"


def hash_text(*parts: str | bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part if isinstance(part, bytes) else part.encode())
        digest.update(b"\x00")
    return digest.hexdigest()


def hash_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


class Cache:
    """A JSON object under .cache/ in the project that saves repeated work between runs.

    Only ever a shortcut: entries are keyed by content, a file written by other tool versions (or
    not a JSON object) is ignored, and losing the folder costs time, not results. Callers check the
    shape of what they read back.
    """

    def __init__(self, project: Project, name: str):
        self.path = project.root / ".cache" / f"{name}.json"
        self.data: dict = {}
        with contextlib.suppress(OSError, ValueError):
            saved = json.loads(self.path.read_text(encoding="utf-8"))
            if isinstance(saved, dict) and saved.get("tools") == TOOL_VERSIONS and isinstance(saved.get("entries"), dict):
                self.data = saved["entries"]
        self.changed = False

    def get(self, key: str):
        return self.data.get(key)

    def put(self, key: str, value) -> None:
        self.data[key] = value
        self.changed = True

    def keep_only(self, keys: set[str]) -> None:
        """Forget every entry but those of `keys` (entries keyed by versions that are gone)."""
        kept = {key: value for key, value in self.data.items() if key in keys}
        self.changed = self.changed or len(kept) != len(self.data)
        self.data = kept

    def save(self) -> None:
        if not self.changed:
            return
        with contextlib.suppress(OSError):  # a read-only project still works, only slower
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
            temporary.write_text(json.dumps({"tools": TOOL_VERSIONS, "entries": self.data}), encoding="utf-8")
            os.replace(temporary, self.path)


def content_hash(path: Path, cache: Cache) -> str:
    """sha256 of a file's bytes. The hash of a file whose size, mtime, ctime and inode are all as when
    it was last hashed is reused (as git's index does); files changed in the last two seconds are
    always hashed again, since a second write within one timestamp tick would look unchanged."""
    stat = path.stat()
    key = [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino]
    entry = cache.get(str(path))
    if isinstance(entry, list) and len(entry) == 5 and entry[:4] == key:
        return entry[4]
    digest = hash_file(path)
    if time.time_ns() - max(stat.st_mtime_ns, stat.st_ctime_ns) > 2_000_000_000:
        cache.put(str(path), key + [digest])
    return digest
