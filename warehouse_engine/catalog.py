"""The data catalog: every public table, with column lineage."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Optional

from .charts import graph_chart
from .database import open_published
from .datatests import tests_of
from .errors import Progress, quiet
from .graph import load_graph
from .lineage import model_lineages, seed_lineage
from .models import LAYERS
from .periods import ALL_TIME
from .project import Project
from .reports import read_published
from .templates import report_environment
from .versions import open_store, read_state


def catalog_entries(project: Project, progress: Progress = quiet) -> list[dict]:
    """Every public table of the published file, with what BI users and analysts need to know."""
    graph = load_graph(project)
    with open_store(project) as con:
        state = read_state(con)
    with open_published(project.db_path) as con:
        columns: dict[str, list[dict]] = {}
        for table, column, dtype, comment in con.execute(
            "SELECT table_name, column_name, data_type, comment FROM duckdb_columns() WHERE schema_name = 'main' ORDER BY table_name, column_index"
        ).fetchall():
            columns.setdefault(table, []).append({"name": column, "type": dtype, "description": comment or ""})
        descriptions = dict(con.execute("SELECT table_name, comment FROM duckdb_tables() WHERE schema_name = 'main'").fetchall())
    schema = {t: {c["name"]: c["type"] for c in cols} for t, cols in columns.items()}
    lineage_of = seed_lineage(graph, model_lineages(graph, schema, progress))
    entries = []
    for name, version in sorted(state.current.items(), key=lambda kv: (LAYERS.index(kv[0][:3]) + 1 if kv[0][:3] in LAYERS else 0, kv[0])):
        node = graph.nodes.get(name)
        tests = [t.name for t in tests_of(graph, node.model)] if node and node.model else []
        entries.append(
            {
                "name": name,
                "kind": version.kind,
                "layer": "raw" if version.kind == "seed" else name.split("_", 1)[0],
                "description": descriptions.get(name) or "",
                "columns": columns.get(name, []),
                "rows": version.row_count,
                "version": version.version,
                "fingerprint": version.fingerprint[:12],
                "built_at": version.built_at,
                "tests": tests,
                "upstream": node.parents if node else [],
                "downstream": sorted(n.name for n in graph.nodes.values() if name in n.parents),
                "lineage": lineage_of.get(name, {}),
                "sql": node.model.text if node and node.model else (node.seed.ddl if node and node.seed else ""),
            }
        )
    return entries


def render_catalog(project: Project, out_dir: Optional[Path] = None, progress: Progress = quiet) -> Path:
    out_dir = Path(out_dir or project.root / "site")
    out_dir.mkdir(parents=True, exist_ok=True)
    entries = catalog_entries(project, progress)
    versions = read_published(project).versions
    footer = {
        "generated_at": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "warehouse": str(project.db_path),
        "versions": versions,
        "period": ALL_TIME,
    }
    path = out_dir / "catalog.html"
    path.write_text(
        report_environment(project)
        .get_template("catalog.html.j2")
        .render(entries=entries, graph=graph_chart({e["name"]: e["upstream"] for e in entries}), footer=footer),
        encoding="utf-8",
    )
    progress(f"wrote {project.rel(path)}")
    return path
