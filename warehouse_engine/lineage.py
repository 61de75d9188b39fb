"""Column lineage: which seed columns each output column of a model comes from.

Found by sqlglot one model at a time, against the columns of its direct parents only, cached by the
model's SQL and its parents' columns, and composed through the graph down to the seeds.
"""

from __future__ import annotations

import json

import sqlglot
from sqlglot import exp
from sqlglot.lineage import lineage
from sqlglot.schema import MappingSchema

from .cache import Cache, hash_text
from .errors import Progress, first_line, quiet
from .graph import Graph

Schema = dict[str, dict[str, str]]  # table → column → type
UNAVAILABLE = "(unavailable)"


def direct_lineage(sql: str, parents: Schema) -> dict[str, list[str]]:
    """Each output column of one query → the parent columns (table.column) it is computed from."""
    nodes = lineage(None, sql, schema=MappingSchema(parents, dialect="duckdb"), dialect="duckdb")
    return {
        column: sorted(
            {
                f"{leaf.source.name}.{leaf.name.split('.')[-1].strip(chr(34))}"
                for leaf in node.walk()
                if not leaf.downstream and isinstance(leaf.source, exp.Table)
            }
        )
        for column, node in nodes.items()
    }


def model_lineages(graph: Graph, schema: Schema, progress: Progress = quiet) -> dict[str, dict[str, list[str]]]:
    """Direct lineage of every model, from the cache where the model and its parents' columns are unchanged."""
    cache = Cache(graph.project, "lineage")
    found: dict[str, dict[str, list[str]]] = {}
    missing = []
    for model in graph.models:
        parents = {p: schema.get(p, {}) for p in graph.nodes[model.name].parents}
        key = hash_text(model.normalized_sql, json.dumps(parents, sort_keys=True))
        saved = cache.get(model.name)
        if isinstance(saved, dict) and saved.get("key") == key and isinstance(saved.get("columns"), dict):
            found[model.name] = saved["columns"]
        else:
            missing.append((model, parents, key))
    if missing:
        progress(f"computing column lineage of {len(missing)} models (cached for later runs)")
    for model, parents, key in missing:
        try:
            found[model.name] = direct_lineage(model.normalized_sql, parents)
        except sqlglot.errors.SqlglotError as error:  # lineage is documentation: say what sqlglot could not follow
            found[model.name] = {UNAVAILABLE: [first_line(error)]}
        cache.put(model.name, {"key": key, "columns": found[model.name]})
    cache.save()
    return found


def seed_lineage(graph: Graph, direct: dict[str, dict[str, list[str]]]) -> dict[str, dict[str, list[str]]]:
    """Each model's output columns → the seed columns they come from, composed through the graph."""
    resolved: dict[str, list[str]] = {}  # "table.column" → seed columns, memoised

    def seeds_of(reference: str) -> list[str]:
        if reference not in resolved:
            table, _, column = reference.rpartition(".")
            if table not in direct:  # a seed (or something sqlglot could not place): the end of the line
                resolved[reference] = [reference]
            else:
                resolved[reference] = sorted({s for parent in direct[table].get(column, []) for s in seeds_of(parent)})
        return resolved[reference]

    return {
        name: {column: sorted({s for parent in parents for s in seeds_of(parent)}) if column != UNAVAILABLE else parents for column, parents in columns.items()}
        for name, columns in direct.items()
    }
