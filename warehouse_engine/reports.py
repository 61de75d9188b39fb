"""HTML reports: one self-contained file per period, as known at the end of that period."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Optional, Sequence

import duckdb
import jinja2

from .charts import bar_chart, pipeline_chart, timeline_chart
from .database import open_published
from .errors import Problem, Progress, WarehouseError, duckdb_position, first_line, quiet
from .parallel import run_on_two_cores
from .periods import ALL_TIME, Period, parse_period
from .profiles import grouped, page_name, render_profiles, write
from .project import Project
from .templates import report_environment
from .versions import INTERNAL_SCHEMA, open_store, read_state

REPORT_LIST_LIMIT = 200  # lists stop here (with a note); headline figures always count everything
PROFILE_LINK = re.compile(r'href="(person|agreement)-([^"]+)\.html"')  # the profile pages a page links to: kind, subject
# The queries of a period page (reports/queries/<name>.sql): each takes $periods and returns a period column.
PERIOD_QUERIES = (
    "cards",
    "figures",
    "topics",
    "milestones",
    "sources",
    "participants",
    "links",
    "happened",
    "announced",
    "changes",
    "now_known",
    "promises",
    "who_meets_whom",
    "coverage",
    "ladder",
    "timeline",
    "topic_totals",
)

# The models downstream of rpt_periods that hold one set of rows per period, in build order. A period that is not in rpt_periods (a month, a
# range) gets them recomputed from their published SQL as temporary tables, which shadow the
# published ones in this connection, so that every page reads one definition of period membership.
PERIOD_MODELS = (
    "rpt_period_dialogue_meetings",
    "rpt_period_events",
    "rpt_period_status_changes",
    "rpt_period_cards",
    "rpt_period_promises",
    "rpt_period_summary",
    "rpt_period_timeline",
    "rpt_period_topics",
)


def read_report(
    con: duckdb.DuckDBPyConnection,
    queries: Path,
    name: str,
    periods: Sequence[Period] = (ALL_TIME,),
    limit: int = REPORT_LIST_LIMIT,
    subjects: Optional[list[str]] = None,
) -> list[dict]:
    """Rows of one report query (reports/queries/<name>.sql) for some periods (`$periods`, a list of
    labels; each row names its period), or for some profile subjects (`$subjects`; None: all), as
    dictionaries."""
    sql = (queries / f"{name}.sql").read_text(encoding="utf-8")
    values = {"periods": [period.label for period in periods], "limit": limit, "subjects": subjects}
    return run_query(con, queries / f"{name}.sql", sql, values)


def read_first(con: duckdb.DuckDBPyConnection, queries: Path, name: str, limit: int = REPORT_LIST_LIMIT) -> tuple[list[dict], int]:
    """The first `limit` rows of a whole list (every subject of a profile query) and how many it has."""
    path = queries / f"{name}.sql"
    sql = path.read_text(encoding="utf-8").rstrip().rstrip(";")
    total = run_query(con, path, f"SELECT count(*) AS total FROM (\n{sql}\n)", {"subjects": None})[0]["total"]  # own lines: it may end in a comment
    return run_query(con, path, f"SELECT * FROM (\n{sql}\n) LIMIT {int(limit)}", {"subjects": None}), total


def run_query(con: duckdb.DuckDBPyConnection, path: Path, sql: str, values: dict) -> list[dict]:
    """Rows of a query of the file at `path`, given the values of the parameters it uses."""
    return as_dicts(*run_query_tuples(con, path, sql, values))


def run_query_tuples(con: duckdb.DuckDBPyConnection, path: Path, sql: str, values: dict) -> tuple[list[str], list[tuple]]:
    """run_query's column names and rows as tuples."""
    try:
        cursor = con.execute(sql, {k: v for k, v in values.items() if f"${k}" in sql})
    except duckdb.Error as error:  # the queries are the project's files: say where, like a model's error
        line, column = duckdb_position(error, sql)
        raise WarehouseError(Problem(str(path), line, column, first_line(error))) from None
    return [d[0] for d in cursor.description], cursor.fetchall()


def as_dicts(names: list[str], rows: list[tuple]) -> list[dict]:
    return [dict(zip(names, row)) for row in rows]


@dataclass(frozen=True)
class Published:
    """What the reports say about the build they read: its versions (footer) and the published SQL of
    the period models (to recompute them for a month or a range)."""

    versions: list[dict]
    period_sql: dict[str, str]


def read_published(project: Project) -> Published:
    with open_store(project) as con:
        state = read_state(con)
        query = f"SELECT sql_text FROM {INTERNAL_SCHEMA}.versions WHERE node = ? AND version = ?"
        period_sql = {name: con.execute(query, [name, state.current[name].version]).fetchone()[0] for name in PERIOD_MODELS if name in state.current}
    versions = [
        {"build": state.build_id, "node": v.node, "kind": v.kind, "version": v.version, "fingerprint": v.fingerprint[:12]}
        for v in sorted(state.current.values(), key=lambda v: (v.kind != "seed", v.node))
    ]
    return Published(versions, period_sql)


@contextlib.contextmanager
def period_tables(con: duckdb.DuckDBPyConnection, period: Period, period_sql: dict[str, str]) -> Iterator[None]:
    """Make the period models hold `period`: as published for a year, quarter or all; recomputed
    for any other period, for as long as the block runs."""
    if con.execute("SELECT count(*) FROM rpt_periods WHERE period = ?", [period.label]).fetchone()[0]:
        yield
        return
    con.execute("CREATE TEMP TABLE rpt_periods AS SELECT * FROM main.rpt_periods LIMIT 0")
    con.execute(
        "INSERT INTO temp.rpt_periods BY NAME SELECT ? AS period, 'range' AS period_kind, ? AS period_start, ? AS period_end",
        [period.label, period.start, period.end],
    )
    try:
        for name in PERIOD_MODELS:
            con.execute(f"CREATE TEMP TABLE {name} AS {period_sql[name]}")
        yield
    finally:
        for name in ("rpt_periods", *PERIOD_MODELS):
            con.execute(f"DROP TABLE IF EXISTS temp.{name}")


def default_periods(con: duckdb.DuckDBPyConnection, queries: Path) -> list[Period]:
    """Every year and quarter with something to report, then all."""
    return [parse_period(r["period"]) for r in read_report(con, queries, "index")]


PageRows = dict[str, tuple[list[str], list[tuple]]]  # query name → column names and rows


def read_periods(con: duckdb.DuckDBPyConnection, queries: Path, periods: list[Period]) -> dict[str, PageRows]:
    """period label → query name → column names and rows (tuples: the page turns them into
    dictionaries, on the core that renders it), for every period query; each query runs once for all
    the periods."""
    pages: dict[str, PageRows] = {period.label: {} for period in periods}
    if not periods:
        return pages
    values = {"periods": [period.label for period in periods], "limit": REPORT_LIST_LIMIT}
    for name in PERIOD_QUERIES:
        path = queries / f"{name}.sql"
        names, rows = run_query_tuples(con, path, path.read_text(encoding="utf-8"), values)
        rows_of = grouped(rows, names.index("period"))
        for label, page in pages.items():
            page[name] = names, rows_of.get(label, [])
    return pages


def period_rows(con: duckdb.DuckDBPyConnection, queries: Path, periods: list[Period], period_sql: dict[str, str]) -> Iterator[tuple[Period, dict]]:
    """Each period with the rows of its page: the periods of rpt_periods read together, any other
    period (a month, a range) on its own, with the period models recomputed for it."""
    published = {row[0] for row in con.execute("SELECT period FROM rpt_periods").fetchall()}
    together = read_periods(con, queries, [period for period in periods if period.label in published])
    for period in periods:
        if period.label in together:
            yield period, together[period.label]
        else:
            with period_tables(con, period, period_sql):
                yield period, read_periods(con, queries, [period])[period.label]


def render_period(env: jinja2.Environment, period: Period, tuples: PageRows, vocabulary: dict[str, list[dict]], footer: dict) -> str:
    rows = {name: as_dicts(names, page_rows) for name, (names, page_rows) in tuples.items()}
    cards, sources, participants, statuses = rows["cards"], rows["sources"], rows["participants"], vocabulary["statuses"]
    milestones = rows["milestones"]  # every milestone of the period's first agreements, in the order shown
    pipeline = milestones[:REPORT_LIST_LIMIT]
    register = list({row["event_id"]: row for row in milestones}.values())  # one line per agreement: its milestones column
    return env.get_template("period.html.j2").render(
        period=period,
        limit=REPORT_LIST_LIMIT,
        figures=rows["figures"][0],
        phase_of={r["status"]: r["status_phase"] for r in statuses},
        cooperation=[e for e in cards if not e["is_context"]],
        title_of={e["event_id"]: e["title"] for e in cards},
        context=[e for e in cards if e["is_context"]],
        happened=rows["happened"],
        announced=rows["announced"],
        changes=rows["changes"],
        now_known=rows["now_known"],
        topics=rows["topics"],
        participants=participants,
        people_of=grouped(participants, "event_id"),
        links_of=grouped(rows["links"], "event_id"),
        sources=sources,
        claims_of=grouped(sources, "event_id"),
        articles=list({s["article_id"]: s for s in sources}.values()),
        pipeline=pipeline,
        register=register,
        promises=rows["promises"],
        meetings=rows["who_meets_whom"],
        coverage=rows["coverage"],
        ladder=rows["ladder"],
        timeline=timeline_chart(rows["timeline"], vocabulary["levels"], period),
        topic_chart=bar_chart([(row["parent_label"], row["cooperation_events"]) for row in rows["topic_totals"]], "events"),
        pipeline_chart=pipeline_chart(pipeline, [(r["status"], r["status_step"]) for r in statuses]),
        footer=footer,
    )


def render_reports(
    project: Project, periods: Optional[list[Period]] = None, out_dir: Optional[Path] = None, progress: Progress = quiet, only_periods: bool = False
) -> list[Path]:
    """Write one HTML file per period (default: every year and quarter with something to report, and
    all), the person and agreement pages (all of them by default; for chosen periods, those their pages
    link to) and the index.html listing every period, or with `only_periods` the period pages alone;
    returns the files written."""
    out_dir = Path(out_dir or project.root / "site")
    out_dir.mkdir(parents=True, exist_ok=True)
    env = report_environment(project)
    queries = project.queries_dir
    published = read_published(project)
    footer = {"generated_at": dt.datetime.now().astimezone().isoformat(timespec="seconds"), "warehouse": str(project.db_path), "versions": published.versions}
    every_period = periods is None
    others: list[Path] = []  # the profile pages and the index
    with open_published(project.db_path, sandboxed=True) as con:
        vocabulary = {name: read_report(con, queries, name) for name in ("statuses", "levels")}
        periods = periods or default_periods(con, queries)
        pages = [(period, rows, out_dir / f"{period.slug}.html") for period, rows in period_rows(con, queries, periods, published.period_sql)]

        def write_page(page: tuple[Period, PageRows, Path]) -> str:
            period, rows, path = page
            html = render_period(env, period, rows, vocabulary, {**footer, "period": period})
            write(path, html)
            return html

        def written(page: tuple[Period, PageRows, Path]) -> None:
            progress(f"wrote {project.rel(page[2])}")

        linked = None  # a full run writes every profile page
        if not every_period:  # chosen periods: the profile pages written are those their pages link to
            linked = set()
            for page in pages:
                linked.update(PROFILE_LINK.findall(write_page(page)))
                written(page)
        if not only_periods:
            read = functools.partial(read_report, con, queries)
            others = render_profiles(env, read, out_dir, {**footer, "period": ALL_TIME}, linked, progress)
            coming = frozenset(path.name for _, _, path in pages) if every_period else frozenset()
            index = render_index(env, con, queries, out_dir, {**footer, "period": ALL_TIME}, coming=coming)
            others.append(write(out_dir / "index.html", index))
    if every_period:  # after the connection closed, so that no DuckDB thread is left: a child process renders half the pages
        run_on_two_cores(pages, write_page, written)
    return [path for _, _, path in pages] + others


def render_index(
    env: jinja2.Environment,
    con: duckdb.DuckDBPyConnection,
    queries: Path,
    out_dir: Path,
    footer: dict,
    limit: int = REPORT_LIST_LIMIT,
    coming: frozenset[str] = frozenset(),
) -> str:
    """The index: every period with its figures (linked when its page exists or is `coming`: written
    after the index), the timeline across all periods, the first agreements, mechanisms and dialogues,
    and the first people (linked when their page exists)."""

    def read(name: str) -> list[dict]:
        return read_report(con, queries, name)

    periods = [(parse_period(r["period"]), r) for r in read("index")]
    people, people_total = read_first(con, queries, "people", limit)
    agreements, agreements_total = read_first(con, queries, "agreements", limit)
    written = set(os.listdir(out_dir)) | coming  # a run for chosen periods writes only the profile pages they link to
    for person in people:
        person["rendered"] = page_name("person", person["participant_id"]) in written
    for agreement in agreements:
        agreement["rendered"] = page_name("agreement", agreement["event_id"]) in written
    return env.get_template("index.html.j2").render(
        periods=[{"period": period, "file": f"{period.slug}.html", "rendered": f"{period.slug}.html" in written, "summary": row} for period, row in periods],
        empty_periods=[r["period"] for r in read("empty_periods")],
        timeline=timeline_chart(read("timeline"), read("levels"), ALL_TIME),
        people=people,
        people_total=people_total,
        agreements=agreements,
        agreements_total=agreements_total,
        footer=footer,
    )
