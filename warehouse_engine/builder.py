"""A build: load changed seeds, rebuild changed models, test, document, prune, publish."""

from __future__ import annotations

import contextlib
import json
import os
import re
import time
from dataclasses import dataclass
from typing import Iterator, Optional

import duckdb

from .appends import FileRead, load_new_lines, published_read, remember, snapshot
from .cache import Cache
from .curation import curation_problems
from .datatests import DataTest, all_tests, run_tests
from .errors import Problem, Progress, WarehouseError, duckdb_position, first_line, quiet, raise_if
from .graph import Graph, Node
from .incremental import Changes, in_place_candidates
from .models import Model
from .placement import PREVIOUS, PUBLIC, Placement, prune_versions, public_table
from .project import Project
from .publish import build_lock, fault_point, publish
from .quoting import sql_name, sql_string
from .sandbox import seal
from .seeds import load_seed
from .spark import SparkEngine, SparkOptions
from .versions import COPY, INTERNAL_SCHEMA, Plan, PublishedState, Step, metadata_hash, plan_build


@dataclass
class BuildResult:
    plan: Plan
    build_id: Optional[int]
    published: bool
    seconds: float


def build(project: Project, progress: Progress = quiet, spark: Optional[SparkOptions] = None) -> BuildResult:
    """Rebuild exactly the seeds and models whose version changed, test, and publish atomically.
    With `spark`, the models run on Spark; all else is the same."""
    started = time.perf_counter()
    with build_lock(project.db_path):
        graph, state, plan = plan_build(project)
        if plan.nothing_to_do:
            return BuildResult(plan, state.build_id, False, time.perf_counter() - started)
        curation = curation_problems(project, progress)  # reported with the seeds' own problems
        progress(f"plan: {plan.summary()}")
        with spark_engine(project, plan, spark, progress) as runner:
            build_id = publish(
                project,
                state,
                lambda con, build_id: apply_plan(con, graph, plan, state, build_id, progress, curation, runner),
                "build",
                plan.summary(),
                metadata_hash(graph),
                progress,
            )
    return BuildResult(plan, build_id, True, time.perf_counter() - started)


@contextlib.contextmanager
def spark_engine(project: Project, plan: Plan, spark: Optional[SparkOptions], progress: Progress) -> Iterator[Optional[SparkEngine]]:
    """A Spark session when the build runs its models on Spark and has models to build."""
    if spark is None or not any(s.kind == "model" and s.action in ("new", "changed") for s in plan.steps):
        yield None
        return
    with SparkEngine(spark, project.db_path.with_name(f".{project.db_path.name}.build-{os.getpid()}.spark"), progress) as runner:
        yield runner


def apply_plan(
    con: duckdb.DuckDBPyConnection,
    graph: Graph,
    plan: Plan,
    state: PublishedState,
    build_id: int,
    progress: Progress,
    curation: list[Problem],
    runner: Optional[SparkEngine] = None,
) -> None:
    """The build's work: load and build into the public file (moving replaced versions into the store),
    test, comment, prune. `curation`: the curation problems, raised with the seeds' own once every
    seed is read."""
    problems: list[Problem] = list(curation)
    physical: dict[str, str] = {}  # raw_ table → the table holding its rows, for reference checks
    placement = Placement(con, state)
    touched: set[str] = set()  # whose rows changed: their tests run
    updated: dict[str, str] = {}  # model updated in place → a subquery of its changed rows, which its scoped tests read
    written: set[str] = set()  # whose public table was written: their descriptions are applied
    todo = [s for s in plan.steps if s.action in ("new", "changed")]
    done = 0
    sealed = False
    in_place = in_place_candidates(graph, plan, state) if runner is None else set()
    compared = {name for name in graph.nodes if graph.downstream(name) & in_place}  # whose changed rows are looked for
    changes = Changes(con, PUBLIC, PREVIOUS if in_place else None, compared)
    reads = Cache(graph.project, "seed_reads")
    reads.keep_only({v.own_hash for v in state.current.values()} | {n.own_hash for n in graph.nodes.values() if n.seed})  # versions gone: forgotten
    appendable = appendable_seeds(graph, plan, state, reads)
    appended: set[str] = set()  # seeds whose new lines alone were read: rows of theirs that others refer to are as published
    action_of = {s.node: s.action for s in plan.steps}
    kept = in_place | set(appendable)  # their tables stay, to be updated
    placement.retire([s.node for s in plan.steps if s.action != "unchanged" and s.old_version != s.new_version and s.node not in kept])
    for step in plan.steps:
        if step.action == "removed":
            continue
        node = graph.nodes[step.node]
        if node.kind == "model" and not sealed:  # seeds come first and are all read by now
            reads.save()
            raise_if(problems)  # a seed failed: report it, build nothing on top
            if runner:
                runner.stage(con, spark_inputs(graph, todo))
            seal(con)
            sealed = True
        seconds, action = 0.0, step.action
        if step.action == "unchanged":
            if placement.carry(state.current[node.name]):
                written.add(node.name)
        else:
            if step.action == "reuse":
                placement.install(state.kept_with(node.name, node.fingerprint))
                changes.built_whole(node.name)
            else:
                done += 1
                if node.seed:
                    parents_intact = all(parent in appended or action_of[parent] == "unchanged" for parent in node.seed.parents)
                    seconds, found, new_rows = build_seed(con, graph.project, node, physical, reads, appendable.get(node.name) if parents_intact else None)
                    if found:  # every seed is checked before the build stops; a model's problem stops it at once
                        problems += found
                        continue
                    redone = None if new_rows is None else changes.grown(node.name, new_rows)
                    if redone is not None:
                        appended.add(node.name)
                else:
                    seconds, redone = build_model(con, graph, node, physical, runner, changes, node.name in in_place)
                if redone is None:
                    record_change(changes, node, node.name in compared)
                rows = con.execute(f"SELECT count(*) FROM {public_table(node.name)}").fetchone()[0]
                record_version(con, graph, node, step.new_version, build_id, rows, seconds)
                how = "built"
                if redone is not None and node.seed:
                    how = f"read {redone:,} new rows into"
                elif redone is not None:
                    how = f"updated in place for {redone:,} {node.model.incremental} values,"
                    updated[node.name] = changes.changed_rows_now(node.name, node.model.incremental)
                action = action if redone is None else "updated"  # the run log tells an update in place from a build
                progress(f"[{done}/{len(todo)}] {how} {node.kind} {node.name} v{step.new_version}: {rows:,} rows in {seconds:.2f}s")
                fault_point(f"after-{node.kind}")
            touched.add(node.name)
            if action != "updated":  # a table updated in place keeps its descriptions
                written.add(node.name)
        if node.kind == "seed":
            physical[node.name] = public_table(node.name)
        con.execute(
            f"INSERT INTO {INTERNAL_SCHEMA}.build_nodes VALUES (?, ?, ?, ?, ?)",
            [build_id, node.name, step.new_version, action, seconds],
        )
    reads.save()  # a project without models
    raise_if(problems)
    if not sealed:
        seal(con)
    everything = plan.metadata_changed  # a test added or changed runs on every row
    tests = [t for t in all_tests(graph) if everything or t.reads & touched]
    if not everything:  # the other rows of a table updated in place passed these tests in the published build
        tests = on_changed_rows(tests, updated, changes)
    if tests:
        progress(f"running {len(tests)} data tests")
    rebuilt = {s.node for s in todo}
    problems = runner.test([t for t in tests if t.model in rebuilt]) if runner else []
    problems += run_tests(con, tests)
    for node in graph.nodes.values():
        if everything or node.name in written:
            problems += apply_comments(con, graph.project, node.name, graph.metadata(node.name), node.model)
    raise_if(problems)
    publish_macros(con, graph)
    prune_versions(con, graph.project.keep, state, build_id)


def on_changed_rows(tests: list[DataTest], updated: dict[str, str], changes: Changes) -> list[DataTest]:
    """The tests of the tables updated in place (`updated`: table → its changed rows) on those rows alone,
    where the other rows cannot fail them now: a reference only while every value it points to is kept."""
    return [t.on_rows(updated[t.model]) if t.model in updated and (t.kept is None or changes.kept_values(*t.kept)) else t for t in tests]


def spark_inputs(graph: Graph, todo: list[Step]) -> set[str]:
    """What the models to build on Spark read that Spark does not build itself."""
    built = {s.node for s in todo if s.kind == "model"}
    return {parent for name in built for parent in graph.nodes[name].parents} - built


def build_node(con: duckdb.DuckDBPyConnection, graph: Graph, node: Node, physical: dict[str, str], runner: Optional[SparkEngine] = None) -> float:
    """Create the public table of a model's new version; returns the seconds taken."""
    table = public_table(node.name)
    started = time.perf_counter()
    con.execute(f"DROP TABLE IF EXISTS {table}")  # an incremental model's current table, when it is built whole after all
    model = node.model
    with model_errors(model):
        named = [("incremental", "the incremental key", model.incremental)] if model.incremental else []
        named += [("cluster_by", "a cluster_by column", column) for column in model.cluster_by]
        columns = [row[0] for row in con.execute(f"DESCRIBE {model.text}").fetchall()] if named else []
        advice = "name one of its output columns, or remove the line"
        raise_if(
            [
                Problem(model.where, model.header_lines[key], 1, f"{what} is not a column of {model.name}: {advice}", name)
                for key, what, name in named
                if name not in columns
            ]
            + known_by_problems(con, model)
        )
        if runner:
            runner.build(con, model, table)
        else:
            con.execute(f"CREATE TABLE {table} AS {model.stored_sql}")
    return time.perf_counter() - started


def known_by_problems(con: duckdb.DuckDBPyConnection, model: Model) -> list[Problem]:
    """A `known_by` parent must hold the model's key and the day column it names."""
    if not model.known_by:
        return []
    parent, day = model.known_by
    columns = [row[0] for row in con.execute(f"DESCRIBE {public_table(parent)}").fetchall()]
    return [
        Problem(model.where, model.header_lines["known_by"], 1, f"known_by: {name} is not a column of {parent}: name its key and day columns", name)
        for name in (model.incremental, day)
        if name not in columns
    ]


def appendable_seeds(graph: Graph, plan: Plan, state: PublishedState, reads: Cache) -> dict[str, FileRead]:
    """The changed seeds whose published table may be kept and grown, with what it was read from:
    the new public file starts as a copy of the published one, and the seed refers to no row of its
    own (a new row may point at a new row)."""
    if state.public_source != COPY:
        return {}
    found = {}
    for step in plan.steps:
        node, current = graph.nodes.get(step.node), state.current.get(step.node)
        if node and node.seed and step.action == "changed" and current and node.seed.table not in {t for _, t, _ in node.seed.references}:
            published = published_read(reads, node.seed, current.own_hash)
            if published:
                found[node.name] = published
    return found


def build_seed(
    con: duckdb.DuckDBPyConnection, project: Project, node: Node, physical: dict[str, str], reads: Cache, published: Optional[FileRead]
) -> tuple[float, list[Problem], Optional[str]]:
    """Load a seed's new version into its public table: only its new lines when the file only gained
    lines since it was read as `published`, else whole. Returns the seconds taken, the problems, and a
    temp table of the new rows when only those were read."""
    table = public_table(node.name)
    started = time.perf_counter()
    new_rows = None
    with snapshot(project, node.seed, node.content, published) as taken:
        if taken and taken.new_lines:
            found, new_rows = load_new_lines(con, project, node.seed, table, physical, taken)
        else:
            con.execute(f"DROP TABLE IF EXISTS {table}")
            found, _complete = load_seed(con, project, node.seed, table, physical, taken.path if taken else None)
        if taken and not found:
            remember(reads, node.own_hash, taken.read)
    return time.perf_counter() - started, found, new_rows


def build_model(
    con: duckdb.DuckDBPyConnection, graph: Graph, node: Node, physical: dict[str, str], runner: Optional[SparkEngine], changes: Changes, in_place: bool
) -> tuple[float, Optional[int]]:
    """A model's new version, updated in place when it may be (with the number of keys redone), else
    built whole: the seconds taken, and the keys redone or None."""
    if in_place:
        seconds, redone = update_in_place(changes, node)
        if redone is not None:
            return seconds, redone
    return build_node(con, graph, node, physical, runner), None


def update_in_place(changes: Changes, node: Node) -> tuple[float, Optional[int]]:
    """Redo an incremental model's rows for the keys that changed upstream: the seconds taken and the
    number of keys, or None when it must be built whole."""
    started = time.perf_counter()
    with model_errors(node.model):
        redone = changes.update_in_place(node.name, node.model, node.parents)
    return time.perf_counter() - started, redone


def record_change(changes: Changes, node: Node, compare: bool) -> None:
    """A node built whole that incremental models read is compared with its published rows."""
    if compare:
        changes.compare_with_published(node.name, node.seed is not None)
    else:
        changes.built_whole(node.name)


@contextlib.contextmanager
def model_errors(model: Model) -> Iterator[None]:
    """A DuckDB error in a model's SQL, as a problem at the model's line and column."""
    try:
        yield
    except duckdb.InterruptException:
        raise  # Ctrl-C or the time limit: stop, do not report it as a broken model
    except duckdb.Error as error:
        line, column = duckdb_position(error, model.text)
        raise WarehouseError(Problem(model.where, line, column, f"DuckDB could not build {model.name}: {first_line(error)}")) from None


def record_version(con: duckdb.DuckDBPyConnection, graph: Graph, node: Node, version: int, build_id: int, rows: int, seconds: float) -> None:
    """The version's record; its rows are in the public file until a later build moves them to the
    store, as `physical_table`. A version built again (the same fingerprint) replaces its record."""
    sql_text = node.model.text if node.model else node.seed.ddl
    con.execute(
        f"INSERT OR REPLACE INTO {INTERNAL_SCHEMA}.versions VALUES (?, ?, ?, ?, ?, ?, ?, now(), ?, ?, ?, ?, NULL)",
        [
            node.name,
            node.kind,
            version,
            node.fingerprint,
            node.own_hash,
            f"{INTERNAL_SCHEMA}.{node.name}__v{version}",
            build_id,
            rows,
            seconds,
            sql_text,
            json.dumps(graph.metadata(node.name)),
        ],
    )


def apply_comments(con: duckdb.DuckDBPyConnection, project: Project, name: str, metadata: dict, model: Optional[Model] = None) -> list[Problem]:
    """COMMENT ON the public table and its columns, so BI tools show the descriptions."""
    con.execute(f"COMMENT ON TABLE {public_table(name)} IS {sql_string(metadata['description'])}")
    query = "SELECT column_name FROM duckdb_columns() WHERE database_name = ? AND schema_name = 'main' AND table_name = ?"
    existing = {r[0] for r in con.execute(query, [PUBLIC, name]).fetchall()}
    problems = []
    for column, text in metadata["columns"].items():
        if column in existing:
            con.execute(f"COMMENT ON COLUMN {public_table(name)}.{sql_name(column)} IS {sql_string(text)}")
        elif model is not None and column in model.column_docs:  # a description inherited from upstream may not apply
            line = next((n for n, text in enumerate(model.text.splitlines(), 1) if re.match(rf"--\s*column\s+{column}\s*:", text.strip())), 1)
            problems.append(Problem(model.where, line, 1, f"documented column {column} is not in the output of {name}", column))
    return problems


def publish_macros(con: duckdb.DuckDBPyConnection, graph: Graph) -> None:
    """CREATE OR REPLACE every table macro of sql/macros/ with its description; drop the ones removed."""
    existing = {
        row[0]
        for row in con.execute(
            "SELECT function_name FROM duckdb_functions() WHERE function_type = 'table_macro' AND schema_name = 'main' AND database_name = ? AND NOT internal",
            [PUBLIC],
        ).fetchall()
    }
    for name in sorted(existing - set(graph.macros)):
        con.execute(f"DROP MACRO TABLE {public_table(name)}")
    for name, macro in graph.macros.items():
        parameters = ", ".join(sql_name(p) for p in macro.parameters)
        try:
            con.execute(f"CREATE OR REPLACE MACRO {public_table(name)}({parameters}) AS TABLE {macro.normalized_sql}")
        except duckdb.InterruptException:
            raise
        except duckdb.Error as error:
            raise WarehouseError(Problem(macro.where, None, None, f"DuckDB could not create the macro {name}: {first_line(error)}")) from None
        con.execute(f"COMMENT ON MACRO TABLE {public_table(name)} IS {sql_string(macro.description)}")
