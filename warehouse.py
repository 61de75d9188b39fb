"""The Japan–EU security cooperation warehouse: the command line.

Each command is a short adapter over one call of the engine (the warehouse_engine package beside
this file). This is the only place that prints or exits: one error boundary turns the engine's
WarehouseError into `Error: path:line:column: what is wrong` lines on stderr and exit code 1. The
engine loads its modules on first use, so `--help` stays fast.
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path
from typing import Annotated, Callable, Optional

import typer

import warehouse_engine as engine

app = typer.Typer(
    help="Japan–EU security cooperation warehouse: CSV seeds → versioned DuckDB models → HTML reports.\n\n"
    "Start with `warehouse run` (load, build, test, publish, render reports and the catalog).",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
ProjectOption = Annotated[Path, typer.Option("--project", "-p", help="Folder holding seeds/, sql/ and reports/.", file_okay=False)]
DbOption = Annotated[
    Optional[Path],
    typer.Option("--db", envvar="WAREHOUSE_DB", help="Published DuckDB file. Default: warehouse.duckdb in the project.", dir_okay=False),
]
KeepOption = Annotated[Optional[int], typer.Option("--keep", envvar="WAREHOUSE_KEEP", help="Versions kept per seed and model. Default: 3.", min=1)]
MemoryOption = Annotated[
    Optional[str],
    typer.Option(
        "--memory-limit",
        envvar="WAREHOUSE_MEMORY_LIMIT",
        help="DuckDB memory limit of a build; beyond it DuckDB spills to disk. Default: 3GB.",
    ),
]
TimeoutOption = Annotated[
    Optional[float],
    typer.Option("--timeout", envvar="WAREHOUSE_TIMEOUT", help="Stop after this many seconds (nothing is published). Default: none.", min=0.001),
]
SOURCES_HELP = "Folder of the article texts (<article_id>.txt) quotes are checked against. Default: sources/ in the project, else ../shared/sources."
StorageOption = Annotated[
    Optional[str],
    typer.Option(
        "--storage-version",
        envvar="WAREHOUSE_STORAGE_VERSION",
        help="DuckDB storage format of the published file: the oldest DuckDB that must open it. Default: v1.4.0 (DuckDB 1.4 and later).",
    ),
]
EngineOption = Annotated[
    str,
    typer.Option(
        "--engine",
        envvar="WAREHOUSE_ENGINE",
        help="Where the models run: duckdb, or spark (local Spark, or a cluster with --spark-remote; needs pip install -e '.[spark]').",
    ),
]
SparkRemoteOption = Annotated[
    Optional[str], typer.Option("--spark-remote", envvar="WAREHOUSE_SPARK_REMOTE", help="Spark Connect address of a cluster, e.g. sc://host:15002.")
]
SparkStagingOption = Annotated[
    Optional[Path],
    typer.Option("--spark-staging", envvar="WAREHOUSE_SPARK_STAGING", help="Folder for the Parquet exchanged with Spark; a cluster must read and write it."),
]
SourcesOption = Annotated[Optional[Path], typer.Option("--sources", envvar="WAREHOUSE_SOURCES", help=SOURCES_HELP, file_okay=False)]
OutOption = Annotated[
    Optional[Path],
    typer.Option("--out", help="Folder for the HTML files. Default: site/ in the project (git ignores it).", file_okay=False),
]


def say(message: str) -> None:
    """Progress goes to stderr so that stdout stays clean for data."""
    typer.echo(message, err=True)


def command(name: str) -> Callable:
    """app.command, with the error boundary every command shares."""

    def register(function: Callable) -> Callable:
        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            try:
                return function(*args, **kwargs)
            except engine.WarehouseError as error:
                for problem in error.problems:
                    typer.echo(f"Error: {problem}", err=True)
                if len(error.problems) > 1:
                    typer.echo(f"{len(error.problems)} problems. Nothing was published; the warehouse is as it was.", err=True)
                raise typer.Exit(1) from None
            except KeyboardInterrupt:
                typer.echo("Error: interrupted; nothing was published, the warehouse is as it was.", err=True)
                raise typer.Exit(130) from None

        return app.command(name)(wrapper)

    return register


def print_table(headers: list[str], rows: list[list]) -> None:
    typer.echo(engine.text_table(headers, [["" if v is None else str(v) for v in row] for row in rows]), nl=False)


@command("check")
def check_command(
    project: ProjectOption = Path("."),
    db: DbOption = None,
    timeout: TimeoutOption = None,
    sources: SourcesOption = None,
    engine_name: EngineOption = "duckdb",
    spark_remote: SparkRemoteOption = None,
    spark_staging: SparkStagingOption = None,
) -> None:
    """Validate the seed contract, every seed row, every model and every data test, publishing nothing.

    Problems are listed one per line as file:line:column: what is wrong (value), and the exit code is 1.

    Example: warehouse check --project .
    """
    graph = engine.check(engine.Project.at(project, db, timeout=timeout, sources=sources), say, spark_options(engine_name, spark_remote, spark_staging))
    seeds = sum(n.kind == "seed" for n in graph.nodes.values())
    typer.echo(f"OK: {seeds} seeds and {len(graph.models)} models are valid; {len(engine.all_tests(graph))} data tests declared.")


@command("plan")
def plan_command(project: ProjectOption = Path("."), db: DbOption = None, storage_version: StorageOption = None) -> None:
    """Show what `warehouse build` would do (new, changed, reuse, unchanged, removed), writing nothing.

    Example: warehouse plan
    """
    _graph, _state, plan = engine.plan_build(engine.Project.at(project, db, storage_version=storage_version))
    rows = [[s.node, s.kind, s.action, s.old_version, s.new_version, s.reason] for s in plan.steps]
    print_table(["node", "kind", "action", "from", "to", "why"], rows)
    if plan.drift:
        typer.echo("\nThe published file was changed outside a build; the next build writes it again as built:")
        typer.echo("\n".join(f"  - {change}" for change in plan.drift))
    typer.echo(f"\n{plan.summary()}" if not plan.nothing_to_do else "\nNothing to do: the published warehouse is up to date.")


@command("build")
def build_command(
    project: ProjectOption = Path("."),
    db: DbOption = None,
    keep: KeepOption = None,
    memory_limit: MemoryOption = None,
    timeout: TimeoutOption = None,
    sources: SourcesOption = None,
    storage_version: StorageOption = None,
    engine_name: EngineOption = "duckdb",
    spark_remote: SparkRemoteOption = None,
    spark_staging: SparkStagingOption = None,
) -> None:
    """Load seeds, rebuild the models whose version changed, run data tests, and publish atomically.

    Works in a copy of the published file and renames it over the old one only when everything
    passed, so readers (BI tools, ad hoc queries) are never blocked and never see half a build.
    When nothing changed, the file is not touched.

    With --engine spark the changed models (and their data tests) run on Spark; the seeds are still
    loaded and checked by DuckDB, and the result is published the same way.

    Example: warehouse build --db /srv/warehouse/warehouse.duckdb
             warehouse build --engine spark --spark-remote sc://spark-master:15002 --spark-staging /mnt/shared/stage
    """
    config = engine.Project.at(project, db, keep, memory_limit, timeout, sources, storage_version)
    typer.echo(build_outcome(config, engine.build(config, say, spark_options(engine_name, spark_remote, spark_staging))))


def spark_options(engine_name: str, remote: Optional[str], staging: Optional[Path]):
    """None for a DuckDB run; Spark's settings otherwise."""
    if engine_name.lower() not in ("duckdb", "spark"):
        raise engine.WarehouseError(engine.Problem("--engine", None, None, "must be duckdb or spark", engine_name))
    if engine_name.lower() == "duckdb":
        if remote or staging:
            raise engine.WarehouseError(engine.Problem("--spark-remote", None, None, "Spark settings need --engine spark", remote or str(staging)))
        return None
    return engine.SparkOptions(remote, staging)


def build_outcome(config, result) -> str:
    if not result.published:
        return f"Nothing changed; {config.db_path.name} was not touched (build {result.build_id})."
    return f"Published build {result.build_id} to {config.db_path} in {result.seconds:.1f}s: {result.plan.summary()}."


@command("history")
def history_command(
    node: Annotated[str, typer.Argument(help="Model or seed table, e.g. fct_events or raw_events.")],
    project: ProjectOption = Path("."),
    db: DbOption = None,
) -> None:
    """List the versions of a model or seed: number, fingerprint, built at, row count.

    Example: warehouse history fct_events
    """
    rows = engine.version_history(engine.Project.at(project, db), node)
    print_table(
        ["version", "fingerprint", "built at", "rows", "seconds", "build", "current", "kept"],
        [
            [
                r["version"],
                r["fingerprint"],
                r["built_at"],
                r["rows"],
                r["seconds"],
                r["build"],
                "*" if r["current"] else "",
                "yes" if r["kept"] else "pruned",
            ]
            for r in rows
        ],
    )


@command("diff")
def diff_command(
    node: Annotated[str, typer.Argument(help="Model or seed table.")],
    old: Annotated[Optional[int], typer.Option("--from", help="Older version. Default: the one before --to.")] = None,
    new: Annotated[Optional[int], typer.Option("--to", help="Newer version. Default: the current one.")] = None,
    project: ProjectOption = Path("."),
    db: DbOption = None,
) -> None:
    """Show columns and rows added or removed between two kept versions of a model or seed.

    Example: warehouse diff fct_events --from 1 --to 2
    """
    result = engine.diff(engine.Project.at(project, db), node, old, new)
    typer.echo(f"{result.node}: version {result.old} → {result.new}")
    typer.echo(f"columns added: {', '.join(result.columns_added) or 'none'}; removed: {', '.join(result.columns_removed) or 'none'}")
    typer.echo(f"rows added: {result.rows_added}; removed: {result.rows_removed} (compared on {len(result.shared_columns)} shared columns)")
    for label, sample in (("+", result.sample_added), ("-", result.sample_removed)):
        for row in sample:
            typer.echo(f"  {label} {', '.join(map(str, row))[:160]}")


@command("rollback")
def rollback_command(
    build_id: Annotated[Optional[int], typer.Argument(metavar="[BUILD]", help="Build to publish again. Default: the one before the current.")] = None,
    project: ProjectOption = Path("."),
    db: DbOption = None,
    storage_version: StorageOption = None,
) -> None:
    """Publish an earlier build again: all seeds and models together, atomically.

    Example: warehouse rollback        (back to the previous build)
             warehouse rollback 3      (back to build 3)
    """
    new_id, target = engine.rollback(engine.Project.at(project, db, storage_version=storage_version), build_id, say)
    typer.echo(f"Published build {new_id}: the seeds and models of build {target}.")


@command("test")
def test_command(project: ProjectOption = Path("."), db: DbOption = None, timeout: TimeoutOption = None) -> None:
    """Run every data test of the project against the published file (read-only).

    Example: warehouse test
    """
    count = engine.run_published_tests(engine.Project.at(project, db, timeout=timeout), say)
    typer.echo(f"OK: {count} data tests passed.")


PERIOD_HELP = (
    "Period to render: a year (2024), a quarter (2024-Q4), a month (2024-11), a range "
    "(2023-01-01..2023-06-30) or all. Default: every year and quarter with something to report, plus all."
)


@command("report")
def report_command(
    period: Annotated[Optional[str], typer.Option("--period", help=PERIOD_HELP)] = None,
    out: OutOption = None,
    project: ProjectOption = Path("."),
    db: DbOption = None,
) -> None:
    """Render self-contained HTML reports and the index.html that lists every period.

    Each periodic report shows the world as known at the end of its period: only articles published
    by then count, so a past quarter reads the same when rebuilt later.

    Example: warehouse report --period 2024-Q4 --out site/
    """
    config = engine.Project.at(project, db)
    files = engine.render_reports(config, [engine.parse_period(period)] if period else None, out, say)
    typer.echo(f"Wrote {len(files)} files to {files[-1].parent}; open {files[-1]}")


@command("docs")
def docs_command(out: OutOption = None, project: ProjectOption = Path("."), db: DbOption = None) -> None:
    """Render the data catalog: every public table and view, its columns, tests and lineage.

    Example: warehouse docs --out site/
    """
    typer.echo(f"Wrote {engine.render_catalog(engine.Project.at(project, db), out, say)}")


@command("query")
def query_command(
    sql: Annotated[Optional[str], typer.Argument(help="SQL to run, or - to read it from stdin.")] = None,
    file: Annotated[Optional[Path], typer.Option("--file", "-f", help="Read the SQL from this file.", dir_okay=False, exists=True)] = None,
    fmt: Annotated[str, typer.Option("--format", help="table, csv, json or markdown. csv and json stream every row.")] = "table",
    limit: Annotated[int, typer.Option("--limit", help="Most rows shown by table and markdown.", min=1)] = 50,
    dialect: Annotated[
        Optional[str],
        typer.Option("--dialect", help="Write the query in this dialect (postgres, bigquery, snowflake, …); it is transpiled to DuckDB."),
    ] = None,
    show_sql: Annotated[bool, typer.Option("--show-sql", help="Print the SQL that ran (after transpiling) to stderr.")] = False,
    timeout: Annotated[float, typer.Option("--timeout", envvar="WAREHOUSE_QUERY_TIMEOUT", help="Stop the query after this many seconds.", min=0.001)] = 300.0,
    memory_limit: Annotated[
        str, typer.Option("--memory-limit", envvar="WAREHOUSE_QUERY_MEMORY_LIMIT", help="Memory the query may use (it never spills to disk).")
    ] = "2GB",
    project: ProjectOption = Path("."),
    db: DbOption = None,
) -> None:
    """Run ad hoc SQL against the published warehouse: read-only, no access to files on this machine.

    Example: warehouse query "SELECT title, status FROM rpt_agreement_register"

    Example: warehouse query --dialect postgres --format csv "SELECT title::text FROM fct_events WHERE title ILIKE '%summit%'"
    """
    if fmt not in engine.QUERY_FORMATS:
        raise engine.WarehouseError(engine.Problem("--format", None, None, f"use one of {', '.join(engine.QUERY_FORMATS)}", fmt))
    sql = engine.read_query_text(sql, file, sys.stdin)
    config = engine.Project.at(project, db, memory_limit=memory_limit)
    with engine.run_query(config, sql, dialect, timeout=timeout, memory_limit=config.memory_limit) as result:
        if show_sql:
            say(result.sql)
        count, cut = engine.write_rows(result, fmt, sys.stdout, limit)
    if cut:
        say(f"(showing the first {count} rows; raise --limit, or use --format csv or json for every row)")


@command("run")
def run_command(
    out: OutOption = None,
    project: ProjectOption = Path("."),
    db: DbOption = None,
    keep: KeepOption = None,
    memory_limit: MemoryOption = None,
    timeout: TimeoutOption = None,
    sources: SourcesOption = None,
    storage_version: StorageOption = None,
    engine_name: EngineOption = "duckdb",
    spark_remote: SparkRemoteOption = None,
    spark_staging: SparkStagingOption = None,
) -> None:
    """The main job in one command: load seeds, build and test models, publish, render reports and the catalog.

    Example: warehouse run
    """
    config = engine.Project.at(project, db, keep, memory_limit, timeout, sources, storage_version)
    typer.echo(build_outcome(config, engine.build(config, say, spark_options(engine_name, spark_remote, spark_staging))))
    files = engine.render_reports(config, None, out, say)
    catalog_path = engine.render_catalog(config, out, say)
    typer.echo(f"Wrote {len(files)} report files and the catalog to {catalog_path.parent}; open {files[-1]}")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
