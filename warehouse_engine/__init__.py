"""The engine of the Japan–EU security cooperation warehouse.

    seeds/*.csv ──load──▶ raw_* ──sql/*.sql──▶ stg_ → int_ → dim_/fct_ → rpt_ ──publish──▶ warehouse.duckdb

Modules, each one concept, in dependency order (a module imports only those before it):
errors, project, quoting, cache, ordering, sqltext, sandbox, interrupts, relative_dates, curation, contract, seeds,
appends, models, portable, graph, database, surface, versions, placement, incremental, datatests, spark, validation,
publish, builder, history, periods, charts, templates, parallel, profiles, reports, query, lineage, catalog.

Engine functions take paths and connections and return values or raise WarehouseError; they never
print or exit. This is the public API that the CLI, the tests and bench/ use. Names are loaded on
first use, so that `warehouse query` does not pay for sqlglot and `--help` for nothing at all.
"""

from __future__ import annotations

import importlib

__version__ = "0.2.0"

_EXPORTS = {
    "Problem": "errors",
    "WarehouseError": "errors",
    "Progress": "errors",
    "Project": "project",
    "ENGINE_VERSION": "project",
    "SeedContract": "contract",
    "read_contract": "contract",
    "validate_seeds": "seeds",
    "curation_problems": "curation",
    "read_csv_sql": "seeds",
    "LAYERS": "models",
    "Model": "models",
    "parse_header": "models",
    "parse_test": "models",
    "parse_model": "models",
    "Graph": "graph",
    "load_graph": "graph",
    "open_published": "database",
    "INTERNAL_SCHEMA": "versions",
    "Plan": "versions",
    "plan_build": "versions",
    "all_tests": "datatests",
    "run_published_tests": "datatests",
    "check": "validation",
    "SparkOptions": "spark",
    "to_spark": "portable",
    "STORAGE_COMPATIBILITY": "publish",
    "BuildResult": "builder",
    "build": "builder",
    "rollback": "history",
    "version_history": "history",
    "diff": "history",
    "Diff": "history",
    "Period": "periods",
    "ALL_TIME": "periods",
    "PERIOD_FORMS": "periods",
    "parse_period": "periods",
    "timeline_chart": "charts",
    "bar_chart": "charts",
    "pipeline_chart": "charts",
    "PERIOD_MODELS": "reports",
    "REPORT_LIST_LIMIT": "reports",
    "render_reports": "reports",
    "read_report": "reports",
    "QUERY_FORMATS": "query",
    "run_query": "query",
    "write_rows": "query",
    "transpile_query": "query",
    "text_table": "query",
    "read_query_text": "query",
    "direct_lineage": "lineage",
    "seed_lineage": "lineage",
    "catalog_entries": "catalog",
    "render_catalog": "catalog",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
