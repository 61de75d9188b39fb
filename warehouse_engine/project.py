"""Where a project's inputs are, where its published file goes, and the settings of a run."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .errors import Problem, WarehouseError

ENGINE_VERSION = "1"  # part of every fingerprint: bump it when the engine builds tables differently
DEFAULT_DB_NAME = "warehouse.duckdb"
DEFAULT_KEEP = 3  # versions kept per model or seed
DEFAULT_MEMORY_LIMIT = "3GB"  # per build; DuckDB spills beyond it; a build peaks up to ~0.8 GiB above (10M: 3.6 GiB; 2.4 at 2GB)
DEFAULT_STORAGE_VERSION = "v1.4.0"  # the public file opens in DuckDB 1.4 and later (CLIs, BI drivers, Evidence)
STORAGE_VERSION = re.compile(r"v\d+\.\d+\.\d+")
MEMORY_LIMIT = re.compile(r"\d+(\.\d+)?\s*([KMGT]i?B|B)", re.IGNORECASE)


@dataclass(frozen=True)
class Project:
    """Where the inputs are (seeds/, sql/, reports/) and where the published file goes."""

    root: Path
    db_path: Path
    keep: int = DEFAULT_KEEP
    memory_limit: str = DEFAULT_MEMORY_LIMIT
    timeout: float | None = None  # seconds a build, check or test may take; None: no limit
    sources: Path | None = None  # the article texts; default: sources/ in the project, else ../shared/sources
    storage_version: str = DEFAULT_STORAGE_VERSION  # DuckDB storage format of the public file

    @classmethod
    def at(
        cls,
        root: Path | str = ".",
        db: Path | str | None = None,
        keep: int | None = None,
        memory_limit: str | None = None,
        timeout: float | None = None,
        sources: Path | str | None = None,
        storage_version: str | None = None,
    ) -> Project:
        root = Path(root).resolve()
        if not (root / "seeds").is_dir() and not (root / "sql").is_dir():
            raise WarehouseError(Problem(str(root), None, None, "no seeds/ or sql/ folder here; pass --project DIR"))
        keep = DEFAULT_KEEP if keep is None else keep
        if keep < 1:
            raise WarehouseError(Problem("--keep", None, None, "must be at least 1", str(keep)))
        if timeout is not None and not timeout > 0:
            raise WarehouseError(Problem("--timeout", None, None, "must be a number of seconds above 0", str(timeout)))
        if memory_limit and not MEMORY_LIMIT.fullmatch(memory_limit.strip()):
            raise WarehouseError(Problem("--memory-limit", None, None, "not a size: use for example 3GB, 512MB or 2GiB", memory_limit))
        if storage_version and not STORAGE_VERSION.fullmatch(storage_version.strip()):
            raise WarehouseError(Problem("--storage-version", None, None, "not a DuckDB storage version: use for example v1.4.0 or v1.5.0", storage_version))
        return cls(
            root=root,
            db_path=Path(db or root / DEFAULT_DB_NAME).resolve(),
            keep=keep,
            memory_limit=memory_limit or DEFAULT_MEMORY_LIMIT,
            timeout=timeout,
            sources=Path(sources).resolve() if sources else None,
            storage_version=(storage_version or DEFAULT_STORAGE_VERSION).strip(),
        )

    seeds_dir = property(lambda self: self.root / "seeds")
    sql_dir = property(lambda self: self.root / "sql")
    checks_dir = property(lambda self: self.root / "sql" / "checks")
    reports_dir = property(lambda self: self.root / "reports")
    queries_dir = property(lambda self: self.root / "reports" / "queries")
    macros_dir = property(lambda self: self.root / "sql" / "macros")
    # The version store: every kept version and the build log, in a hidden file beside the public one.
    store_path = property(lambda self: self.db_path.with_name(f".{self.db_path.name}.versions"))

    def archive_path(self, build_id: int) -> Path:
        """An earlier published file, kept whole (a hard link, no copy) for the versions it holds."""
        return self.db_path.with_name(f".{self.db_path.name}.archive-{build_id}")

    @property
    def sources_dir(self) -> Path:
        if self.sources is not None:
            return self.sources
        inside = self.root / "sources"
        return inside if inside.is_dir() else self.root.parent / "shared" / "sources"

    def rel(self, path: Path) -> str:
        """A path as the user should see it in messages: relative to the project when inside it."""
        try:
            return str(Path(path).resolve().relative_to(self.root))
        except ValueError:
            return str(path)
