"""Portable SQL: the models are DuckDB SQL; this turns one into Spark SQL that gives the same rows.

sqlglot transpiles, and a small set of rewrites covers where the two engines differ in meaning, not
only in spelling (each is itself valid DuckDB giving DuckDB's result):

- `string_agg(DISTINCT x, sep ORDER BY x)` becomes the sorted distinct list joined by `sep` (NULL when
  no value): Spark's LISTAGG(DISTINCT …) fails to plan beside another DISTINCT aggregate.
- `arg_max(a, b)` / `arg_min(a, b)` order by `CASE WHEN a IS NOT NULL THEN b END`: DuckDB skips rows
  whose `a` is NULL, Spark's max_by/min_by do not.

And one where they differ in spelling alone: `WITH x AS NOT MATERIALIZED (…)` (which keeps DuckDB from
copying a table a model reads twice) is a plain `WITH x AS (…)`, since Spark has no such clause.

Types that differ (Spark's row_number() is INT, DuckDB's BIGINT) are cast back to DuckDB's when the
result returns to DuckDB (see spark.py). Anything else Spark cannot run is reported by
`warehouse check --engine spark` at the model's line and column.
"""

from __future__ import annotations

import sqlglot
from sqlglot import exp


def to_spark(sql: str) -> str:
    """The Spark SQL of one DuckDB SELECT."""
    tree = sqlglot.parse_one(sql, read="duckdb")
    tree = tree.transform(distinct_string_agg).transform(null_skipping_arg_extreme).transform(plain_cte)
    return tree.sql(dialect="spark")


def distinct_string_agg(node: exp.Expression) -> exp.Expression:
    if not isinstance(node, exp.GroupConcat) or isinstance(node.parent, exp.Filter):
        return node
    order = node.this
    if not (isinstance(order, exp.Order) and isinstance(order.this, exp.Distinct) and len(order.this.expressions) == 1):
        return node
    value = order.this.expressions[0]
    keys = order.expressions
    if len(keys) != 1 or keys[0].this != value or keys[0].args.get("desc"):
        return node
    v, separator = value.sql("duckdb"), (node.args.get("separator") or exp.Literal.string("")).sql("duckdb")
    return sqlglot.parse_one(f"CASE WHEN count({v}) = 0 THEN NULL ELSE array_to_string(list_sort(list_distinct(list({v}))), {separator}) END", read="duckdb")


def null_skipping_arg_extreme(node: exp.Expression) -> exp.Expression:
    if not isinstance(node, (exp.ArgMax, exp.ArgMin)) or node.args.get("count") is not None:
        return node
    value, key = node.this, node.expression
    guarded = exp.Case(ifs=[exp.If(this=exp.Not(this=exp.Is(this=value.copy(), expression=exp.Null())), true=key.copy())])
    return node.__class__(this=value.copy(), expression=guarded)


def plain_cte(node: exp.Expression) -> exp.Expression:
    if isinstance(node, exp.CTE):
        node.set("materialized", None)
    return node
