"""Unit tests of the engine's pure functions: no project, no published file."""

from __future__ import annotations

import datetime as dt
import graphlib
import io
import json
import subprocess
import sys
from pathlib import Path

import duckdb
import jinja2
import markupsafe
import pytest
import sqlglot
from conftest import ROOT

import warehouse_engine as engine
from warehouse_engine.builder import on_changed_rows
from warehouse_engine.cache import Cache, content_hash, hash_text
from warehouse_engine.datatests import TOUCHED, DataTest, orphans_sql, run_tests, unique_sql
from warehouse_engine.errors import Problem, duckdb_position, position_of, shorten
from warehouse_engine.incremental import Changes
from warehouse_engine.models import find_references, parse_header, parse_model, parse_test
from warehouse_engine.ordering import topological_order
from warehouse_engine.query import QueryResult, json_value, markdown_table
from warehouse_engine.relative_dates import agrees, resolve
from warehouse_engine.seeds import describe_check, field_of
from warehouse_engine.sqltext import parse_statements, statement_starts
from warehouse_engine.templates import ReportEnvironment, escape_html, replace_entities


@pytest.mark.parametrize(
    "text,start,end",
    [
        ("2024", "2024-01-01", "2024-12-31"),
        ("2024-Q1", "2024-01-01", "2024-03-31"),
        ("2024-Q4", "2024-10-01", "2024-12-31"),
        ("2024-02", "2024-02-01", "2024-02-29"),
        ("2023-02", "2023-02-01", "2023-02-28"),
        ("2024-12", "2024-12-01", "2024-12-31"),
        ("2023-01-01..2023-06-30", "2023-01-01", "2023-06-30"),
        (" 2024 ", "2024-01-01", "2024-12-31"),
        ("all", "1900-01-01", "9999-12-31"),
    ],
)
def test_periods_parse_to_their_first_and_last_day(text, start, end):
    period = engine.parse_period(text)
    assert (period.start, period.end) == (dt.date.fromisoformat(start), dt.date.fromisoformat(end))
    assert "/" not in period.slug and ".." not in period.slug


@pytest.mark.parametrize("text", ["2024-Q0", "2024-Q5", "2024-13", "2024-00", "24", "2024-02-30..2024-03-01", "2024-05-01..2024-01-01", "Q3", ""])
def test_malformed_periods_are_located_errors_listing_the_forms(text):
    with pytest.raises(engine.WarehouseError) as error:
        engine.parse_period(text)
    assert str(error.value).startswith(f"--period: not a period; use {engine.PERIOD_FORMS}")


def test_hash_text_separates_its_parts():
    assert hash_text("ab", "c") != hash_text("a", "bc")
    assert hash_text("a", b"b") == hash_text("a", "b")
    assert len(hash_text("x")) == 64


def test_content_hash_follows_the_bytes_and_reuses_only_unchanged_files(tmp_path):
    (tmp_path / "seeds").mkdir()
    project = engine.Project.at(tmp_path)
    path = tmp_path / "seeds" / "x.csv"
    path.write_text("a\n1\n")
    cache = Cache(project, "hashes")
    first = content_hash(path, cache)
    path.write_text("a\n2\n")  # same size, written within the same two seconds: never trusted
    assert content_hash(path, cache) != first
    assert content_hash(path, cache) == hash_text_of_file(path)


def hash_text_of_file(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_cache_file_of_the_wrong_shape_is_ignored(tmp_path):
    (tmp_path / "seeds").mkdir()
    project = engine.Project.at(tmp_path)
    (tmp_path / ".cache").mkdir()
    for content in ("[1, 2, 3]", '{"tools": "other", "entries": {"k": 1}}', "not json", '{"entries": []}'):
        (tmp_path / ".cache" / "models.json").write_text(content)
        assert Cache(project, "models").get("k") is None


def test_a_cache_forgets_the_entries_it_is_not_told_to_keep(tmp_path):
    (tmp_path / "seeds").mkdir()
    project = engine.Project.at(tmp_path)
    cache = Cache(project, "seed_reads")
    cache.put("old version", [1, "x", 1])
    cache.put("current version", [2, "y", 2])
    cache.save()
    again = Cache(project, "seed_reads")
    again.keep_only({"current version", "a version never read"})
    again.save()
    assert Cache(project, "seed_reads").data == {"current version": [2, "y", 2]}


def test_model_header_keys_values_and_positions():
    text = "-- description: A model.\n-- grain: a, b\n--   test: not_null(a)\n-- column a: The a.\nSELECT 1"
    header, problems = parse_header(text, "sql/x.sql")
    assert problems == []
    assert header["description"] == "A model." and header["grain"] == ["a", "b"] and header["grain_line"] == 2
    assert header["columns"] == {"a": "The a."}
    (spec,) = header["tests"]
    assert (spec.kind, spec.args, spec.line, spec.column) == ("not_null", ("a",), 3, 12)


def test_cluster_by_orders_the_stored_rows_and_keeps_the_files_line_numbers():
    text = "-- description: A model.\n-- cluster_by: period, event_id\nSELECT 1 AS period, 2 AS event_id"
    model = parse_model(Path("sql/rpt_x.sql"), text, "rpt_x", "sql/rpt_x.sql")
    assert model.cluster_by == ["period", "event_id"]
    assert model.stored_sql == f'SELECT * FROM ({text}\n) ORDER BY "period", "event_id"'
    unclustered = parse_model(Path("sql/rpt_x.sql"), text.replace("-- cluster_by: period, event_id\n", ""), "rpt_x", "sql/rpt_x.sql")
    assert unclustered.stored_sql == unclustered.text and unclustered.storage_order == ""
    _header, problems = parse_header("-- description: A model.\n-- cluster_by: period, 2x\nSELECT 1", "sql/x.sql")
    assert [(p.line, p.message, p.value) for p in problems] == [(2, "cluster_by lists column names", "2x")]


def test_unknown_header_keys_and_a_missing_description_are_located():
    _header, problems = parse_header("-- grian: a\nSELECT 1", "sql/x.sql")
    assert [(p.line, p.message.split(";")[0]) for p in problems] == [(1, "unknown header line"), (1, "every model needs a '-- description: …' header line")]


@pytest.mark.parametrize(
    "text,kind,args",
    [
        ("not_null(a)", "not_null", ("a",)),
        ("unique(a)", "unique", ("a",)),
        ("accepted_values(side, 'Japan', 'EU', 'third')", "accepted_values", ("side", "Japan", "EU", "third")),
        ("accepted_values(name, 'a, b', 'c')", "accepted_values", ("name", "a, b", "c")),
        ("relationships(level, stg_levels.level)", "relationships", ("level", "stg_levels.level")),
        ("events_have_mentions", "custom", ("events_have_mentions",)),
    ],
)
def test_header_tests_parse(text, kind, args):
    spec = parse_test(text, 1)
    assert (spec.kind, spec.args) == (kind, args)


@pytest.mark.parametrize("text", ["not_null()", "not_null(a, b)", "relationships(a, b)", "accepted_values(a)", "between(a, 1, 2)", "not a test"])
def test_malformed_header_tests_are_refused(text):
    assert parse_test(text, 1) is None


def test_references_leave_out_ctes_and_refuse_table_functions_anywhere():
    text = "WITH a AS (SELECT * FROM stg_x)\nSELECT * FROM a\nINNER JOIN stg_y AS y ON TRUE\nCROSS JOIN LATERAL glob('/etc/*')"
    (query,) = parse_statements(text, "sql/x.sql")
    references, problems = find_references(query, text, "sql/x.sql")
    assert references == {"stg_x": (1, 26), "stg_y": (3, 12)}
    assert [(p.line, p.message) for p in problems] == [(4, "models read tables and other models, not files or table functions")]
    for source in ("read_csv('/etc/passwd')", "(SELECT * FROM read_text('x'))", "stg_x INNER JOIN LATERAL read_csv('x') AS f ON TRUE"):
        text = f"SELECT * FROM {source}"
        (query,) = parse_statements(text, "sql/x.sql")
        assert find_references(query, text, "sql/x.sql")[1], source


def test_formatting_and_comments_do_not_change_the_normalised_sql():
    one = parse_statements("SELECT a, b FROM t -- note\nWHERE x = 1", "x")[0].sql(dialect="duckdb", comments=False)
    two = parse_statements("select a ,\n\tb from t where x=1", "x")[0].sql(dialect="duckdb", comments=False)
    three = parse_statements("SELECT a, b FROM t WHERE x = 2", "x")[0].sql(dialect="duckdb", comments=False)
    assert one == two != three


def test_topological_order_puts_parents_first_and_breaks_ties_by_name():
    assert topological_order({"c": ["a"], "b": [], "a": [], "d": ["c", "b"]}) == ["a", "b", "c", "d"]
    assert topological_order({"a": ["outside"]}) == ["a"]
    with pytest.raises(graphlib.CycleError):
        topological_order({"a": ["b"], "b": ["a"]})


def test_positions_and_statement_starts():
    assert position_of("ab\ncd", 3) == (2, 1)
    assert position_of("ab\ncd", 1) == (1, 2)
    assert statement_starts("SELECT 1;\n  SELECT 2; ;SELECT 'a;b'") == [(1, 1), (2, 3), (2, 14)]


def test_duckdb_error_positions_come_from_its_caret():
    message = "Binder Error: x\n\nLINE 3: WHERE statuss = 'held'\n              ^"
    assert duckdb_position(Exception(message), "") == (3, 7)
    assert duckdb_position(Exception("no position"), "") == (None, None)


@pytest.mark.parametrize("sent_before", ["", "DESCRIBE ", "CREATE TABLE t AS "])
def test_duckdb_error_positions_are_columns_of_the_text_given(sent_before):
    """DuckDB cuts a long line to a window of it, and counts columns of what it was sent: the column is
    that of the model's own text all the same."""
    columns = ", ".join(f"{i} AS c{i}" for i in range(40))
    text = f"SELECT {columns}, statuss FROM range(3)\n-- a second line\n"
    with pytest.raises(duckdb.Error) as raised:
        duckdb.connect().execute(sent_before + text)
    assert duckdb_position(raised.value, text) == (1, text.index("statuss") + 1)


def test_problems_print_as_path_line_column_message_value():
    assert str(Problem("seeds/a.csv", 3, 4, "bad", "x\ny")) == "seeds/a.csv:3:4: bad (x\\ny)"
    assert str(Problem("--period", None, None, "bad")) == "--period: bad"
    assert shorten("a" * 100, 10) == "a" * 9 + "…"


def test_check_rules_in_words():
    assert describe_check("(side IN ('Japan', 'EU'))") == "side: not an allowed value; use one of 'Japan', 'EU'"
    assert describe_check("(date_end >= date_start)") == "breaks the rule CHECK (date_end >= date_start)"
    assert field_of('a,"b,c",d', 2) == "b,c"


def test_text_and_markdown_tables():
    assert engine.text_table(["a", "long"], [["xyz", "1"]]) == "a    long\n---  ----\nxyz  1\n"
    assert engine.text_table(["a"], [["abcdef"]], widest=4) == "a\n----\nabc…\n"
    assert markdown_table(["a|b"], [["x\ny"]]) == "| a\\|b |\n|---|\n| x y |\n"


def test_json_values_are_plain_json():
    values = [dt.date(2024, 1, 2), dt.datetime(2024, 1, 2, 3, 4), [1, (2, 3)], {"k": dt.date(2024, 1, 1)}, None, 1.5, True]
    assert json.loads(json.dumps([json_value(v) for v in values])) == [
        "2024-01-02",
        "2024-01-02T03:04:00",
        [1, [2, 3]],
        {"k": "2024-01-01"},
        None,
        1.5,
        True,
    ]


def test_timeline_points_sit_inside_the_axis_at_their_dates():
    period = engine.parse_period("2024")
    groups = [
        {"day": dt.date(2024, 1, 15), "level_rank": 1, "events": 1, "label": "a", "delivered": True, "first_meeting": True},
        {"day": dt.date(2024, 12, 1), "level_rank": 2, "events": 3, "label": "b", "delivered": False, "first_meeting": False},
    ]
    chart = engine.timeline_chart(groups, [{"level": "leaders", "level_rank": 1}, {"level": "ministerial", "level_rank": 2}], period)
    xs = [p["x"] for p in chart["points"]]
    assert chart["left"] < xs[0] < xs[1] < chart["right"]
    assert [p["level"] for p in chart["points"]] == ["leaders", "ministerial"]
    assert chart["points"][1]["r"] > chart["points"][0]["r"]


def test_the_pipeline_axis_names_the_statuses_of_the_vocabulary():
    steps = [{"event_id": "e", "title": "An agreement", "status": "signed", "status_step": 60}]
    chart = engine.pipeline_chart(steps, [("proposed", 20), ("held", 50), ("agreed", 50), ("signed", 60), ("in_force", 80), ("postponed", 0)])
    assert [t["label"] for t in chart["ticks"]] == ["proposed", "held/agreed", "signed"]
    assert chart["bars"][0]["status"] == "signed"


def test_seed_lineage_composes_each_models_direct_lineage_down_to_seed_columns():
    direct = {
        "stg_a": {"x": ["raw_a.x"], "y": ["raw_a.y"]},
        "fct_b": {"total": ["stg_a.x", "stg_a.y"], "x": ["stg_a.x"]},
        "rpt_c": {"total": ["fct_b.total"], "other": ["raw_z.q"]},
    }
    assert engine.seed_lineage(None, direct)["rpt_c"] == {"total": ["raw_a.x", "raw_a.y"], "other": ["raw_z.q"]}


def test_direct_lineage_of_one_query_against_its_parents():
    lineage = engine.direct_lineage(
        "WITH t AS (SELECT * FROM stg_a) SELECT x || y AS xy, count(*) AS n FROM t GROUP BY ALL",
        {"stg_a": {"x": "VARCHAR", "y": "VARCHAR"}},
    )
    assert lineage == {"xy": ["stg_a.x", "stg_a.y"], "n": []}


def test_write_rows_streams_csv():
    out = io.StringIO()
    count, cut = engine.write_rows(QueryResult("q", ["a", "b"], iter([[(1, "x")], [(2, None)]])), "csv", out, 1)
    assert (count, cut, out.getvalue()) == (2, False, "a,b\n1,x\n2,\n")


@pytest.mark.parametrize(
    "text,published,start,end",
    [
        ("said Monday", "2023-07-03", "2023-07-03", "2023-07-03"),
        ("as early as Wednesday", "2023-01-24", "2023-01-25", "2023-01-25"),
        ("as early as Tuesday", "2023-01-24", "2023-01-31", "2023-01-31"),
        ("Earlier on Friday", "2024-11-01", "2024-11-01", "2024-11-01"),
        ("next week", "2023-07-03", "2023-07-10", "2023-07-16"),
        ("next week", "2023-07-09", "2023-07-10", "2023-07-16"),
        ("later this month", "2024-09-22", "2024-09-23", "2024-09-30"),
        ("by the end of the year", "2024-09-22", "2024-09-22", "2024-12-31"),
        ("last July", "2023-01-24", "2022-07-01", "2022-07-31"),
        ("last July", "2023-08-02", "2023-07-01", "2023-07-31"),
        ("Last year", "2023-07-03", "2022-01-01", "2022-12-31"),
        ("on Sept. 30", "2024-09-22", "2024-09-30", "2024-09-30"),
        ("in July 2023", "2024-09-22", "2023-07-01", "2023-07-31"),
        ("since 2022", "2024-09-22", "2022-01-01", "2022-12-31"),
        ("a two-day NATO summit from July 11", "2023-07-03", "2023-07-11", "2023-07-12"),
        ("their two-day summit through Friday", "2023-07-03", "2023-06-29", "2023-06-30"),
    ],
)
def test_relative_dates_follow_the_rules_of_the_domain_brief(text, published, start, end):
    spans = resolve(text, dt.date.fromisoformat(published))
    assert agrees(spans, dt.date.fromisoformat(start), dt.date.fromisoformat(end)), spans


def test_a_weekday_without_tense_allows_the_nearest_before_and_after():
    spans = resolve("on Tuesday", dt.date(2023, 7, 3))  # a Monday
    assert agrees(spans, dt.date(2023, 7, 4), dt.date(2023, 7, 4)) and agrees(spans, dt.date(2023, 6, 27), dt.date(2023, 6, 27))
    assert not agrees(spans, dt.date(2023, 7, 11), dt.date(2023, 7, 11))


def test_words_that_are_no_relative_date_are_not_checked():
    assert resolve("their talks came a day after", dt.date(2024, 11, 1)) is None
    assert resolve("soon", dt.date(2024, 11, 1)) is None


def test_the_spark_rewrites_keep_duckdb_results_and_give_spark_its_own_functions():
    from warehouse_engine.portable import distinct_string_agg, null_skipping_arg_extreme

    sql = "SELECT g, string_agg(DISTINCT x, ', ' ORDER BY x) AS xs, count(DISTINCT y) AS ys, arg_max(x, y) AS top FROM t GROUP BY g ORDER BY g"
    rewritten = sqlglot.parse_one(sql, read="duckdb").transform(distinct_string_agg).transform(null_skipping_arg_extreme).sql("duckdb")
    con = duckdb.connect()
    con.execute("CREATE TABLE t AS SELECT * FROM (VALUES (1, 'b', 2), (1, 'a', 3), (1, 'b', 1), (1, NULL, 9), (2, NULL, 1)) AS v(g, x, y)")
    assert con.execute(rewritten).fetchall() == con.execute(sql).fetchall() == [(1, "a, b", 4, "a"), (2, None, 1, None)]
    spark = engine.to_spark(sql)
    assert "ARRAY_JOIN(ARRAY_SORT(ARRAY_DISTINCT(COLLECT_LIST(x))), ', ')" in spark and "LISTAGG" not in spark
    assert "MAX_BY(x, CASE WHEN NOT x IS NULL THEN y END)" in spark


def test_a_scoped_uniqueness_test_finds_every_copy_a_changed_row_makes():
    """Changed rows (of events e3 and e5) against all rows: a copy of an unchanged row's value counts, NULL included."""
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE claims AS SELECT * FROM (VALUES ('e1', 'm1'), ('e2', 'm2'), ('e3', 'm2'), ('e3', 'm3'), ('e4', NULL), ('e5', NULL), "
        "('e6', 'm6'), ('e6', 'm6')) AS v(event_id, mention_id)"
    )
    whole, scoped = unique_sql("claims", ["mention_id"])
    test = DataTest("claims", "unique", "claims.sql", 1, whole, frozenset({"claims"}), scoped)
    changed = test.on_rows("(SELECT * FROM claims WHERE event_id IN ('e3', 'e5'))")
    assert sorted(con.execute(changed.sql).fetchall(), key=str) == [("m2", 2), (None, 2)]
    assert sorted(con.execute(test.sql).fetchall(), key=str) == [("m2", 2), ("m6", 2), (None, 2)]  # e6's copies predate the change


def test_a_reference_test_reads_only_the_changed_rows_while_every_value_it_points_to_is_still_there():
    """Events e1 (changed) and e2 point to levels; the published levels were leaders and ministerial,
    and the build compares the new ones with them."""
    con = duckdb.connect()
    con.execute("ATTACH ':memory:' AS published")
    con.execute("CREATE TABLE published.main.levels AS SELECT * FROM (VALUES ('leaders', 'Leaders'), ('ministerial', 'Ministers')) AS v(level, label)")
    con.execute("CREATE TABLE events AS SELECT * FROM (VALUES ('e1', 'leaders'), ('e2', 'ministerial')) AS v(event_id, level)")
    orphans = orphans_sql("level", "levels", "level")
    whole = orphans.replace(TOUCHED, "events")
    test = DataTest("events", "relationships(level, levels.level)", "events.sql", 3, whole, frozenset(), orphans, ("levels", "level"))
    changed = {"events": "(SELECT * FROM events WHERE event_id = 'e1')"}
    changes = Changes(con, "memory", "published")
    assert on_changed_rows([test], changed, changes)[0].sql == test.on_rows(changed["events"]).sql != test.sql  # levels not rebuilt
    found = []
    for new_rows in ("('leaders', 'Heads'), ('ministerial', 'Ministers'), ('working', 'Officials')", "('leaders', 'Leaders')"):
        con.execute(f"CREATE OR REPLACE TABLE memory.main.levels AS SELECT * FROM (VALUES {new_rows}) AS v(level, label)")
        changes.compare_with_published("levels", is_seed=True)
        [scoped] = on_changed_rows([test], changed, changes)
        found.append((scoped.sql == test.sql, con.execute(scoped.sql).fetchall()))
    # A label changed and a level added: e1's row alone is read. Ministerial gone: every row, and e2 fails.
    assert found == [(False, []), (True, [("e2", "ministerial")])]
    changes.built_whole("levels")
    assert on_changed_rows([test], changed, changes)[0].sql == test.sql  # built whole, not compared: what was lost is unknown


def test_a_check_declared_on_several_models_fails_at_each_declaration():
    """The query of a check several models declare runs once; each declaration still reports it."""
    con = duckdb.connect()
    con.execute("CREATE TABLE claims AS SELECT * FROM (VALUES ('e1', 'e1'), ('e2', 'e9')) AS v(event_id, claim_event_id)")
    check = "SELECT * FROM claims WHERE event_id <> claim_event_id"
    broken = "SELECT * FROM missing_table"
    tests = [
        DataTest("participants", "same_event", "participants.sql", 4, check, frozenset({"claims"})),
        DataTest("topics", "same_event", "topics.sql", 7, check, frozenset({"claims"})),
        DataTest("links", "broken", "links.sql", 2, broken, frozenset()),
        DataTest("labels", "broken", "labels.sql", 3, broken, frozenset()),
    ]
    problems = run_tests(con, tests)
    assert [(p.path, p.line) for p in problems] == [("participants.sql", 4), ("topics.sql", 7), ("links.sql", 2), ("labels.sql", 3)]
    assert problems[1].message == "test same_event failed on topics: 1 offending row(s), first 1: event_id=e2, claim_event_id=e9"
    assert problems[3].message.startswith("test broken on labels could not run: Catalog Error")


HOSTILE_VALUES = ["<script>alert(\"x\")</script> & 'quotes'", "plain", "", 3, True, 2.5, None, dt.date(2024, 1, 2), markupsafe.Markup("<b>safe</b>")]


@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_escape_html_writes_what_markupsafe_writes(value):
    assert escape_html(value) == str(markupsafe.escape(value))


def test_the_python_escape_writes_what_markupsafe_writes():
    text = HOSTILE_VALUES[0]
    assert replace_entities(text) == str(markupsafe.escape(text)) != text


def test_report_templates_render_what_stock_jinja2_renders():
    source = (
        "{% macro card(x) %}<b>{{ x }}</b>{% endmacro %}"
        "{% for v in values %}{{ card(v) }}|{{ v }}|{{ v ~ '&' }}|{{ v if v }}{% endfor %}"
        "{% set s %}{{ values[0] }}{% endset %}{{ s }}"
    )
    stock = jinja2.Environment(autoescape=True).from_string(source)
    ours = ReportEnvironment(autoescape=True).from_string(source)
    assert ours.render(values=HOSTILE_VALUES) == stock.render(values=HOSTILE_VALUES)
    assert "&lt;script&gt;" in ours.render(values=HOSTILE_VALUES)


TWO_CORES = """
import os, sys
from pathlib import Path
from warehouse_engine.parallel import run_on_two_cores
out, parent = Path(sys.argv[1]), os.getpid()

def work(item):
    if item == int(sys.argv[2]) and os.getpid() != parent:
        raise RuntimeError("the child fails on this item")
    (out / str(item)).write_text(str(os.getpid()))

run_on_two_cores(list(range(6)), work, lambda item: print(item, os.getpid()))
"""


@pytest.mark.parametrize("failing", [-1, 3])
def test_run_on_two_cores_forks_a_child_for_half_the_items_and_redoes_them_if_it_fails(tmp_path, failing):
    """In a fresh process (one thread, so forking is safe), as in `warehouse report`."""
    result = subprocess.run([sys.executable, "-c", TWO_CORES, str(tmp_path), str(failing)], capture_output=True, text=True, cwd=ROOT, check=True)
    reported = [line.split() for line in result.stdout.splitlines()]
    assert [int(item) for item, _ in reported] == [0, 2, 4, 1, 3, 5], "the child's items are reported after its own"
    (parent,) = {pid for _, pid in reported}  # done() runs in the parent only
    done_by = {int(path.name): path.read_text() for path in tmp_path.iterdir()}
    assert sorted(done_by) == list(range(6))
    assert {done_by[item] for item in (0, 2, 4)} == {parent}
    others = {done_by[item] for item in (1, 3, 5)}
    if failing == 3:  # the child failed: the parent did its items again
        assert others == {parent}
    else:
        assert len(others) == 1 and parent not in others


@pytest.mark.parametrize("few_rows", [0, 10_000])
def test_a_reference_to_no_row_is_found_whether_the_parent_is_narrowed_first_or_not(few_rows, monkeypatch):
    """Few rows are checked against the parent rows they point at, more against the whole parent."""
    from warehouse_engine import seeds
    from warehouse_engine.contract import contract_from_duckdb

    monkeypatch.setattr(seeds, "FEW_ROWS", few_rows)
    contracts = contract_from_duckdb(
        "CREATE TABLE raw_parents (id VARCHAR PRIMARY KEY);\n"
        "CREATE TABLE raw_children (id VARCHAR PRIMARY KEY, parent_id VARCHAR REFERENCES raw_parents (id));\n",
        "seeds/schema.sql",
    )
    con = duckdb.connect()
    con.execute("CREATE TABLE raw_parents AS SELECT 'p' || range AS id FROM range(50)")
    con.execute("CREATE TABLE raw_children AS SELECT * FROM (VALUES ('c0', 'p1'), ('c1', NULL), ('c2', 'p99'), ('c3', 'p49')) AS t(id, parent_id)")
    found = seeds.check_rows(con, contracts["raw_children"], "raw_children", {"raw_parents": "raw_parents"})
    assert [(value, column) for _rowid, column, _message, value in found] == [("p99", 2)]
