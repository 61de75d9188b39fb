"""Issue 16: incremental models. A build after new or changed claims updates the `-- incremental:`
models in place for the events concerned, and publishes exactly what a whole build of the same seeds
publishes."""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import duckdb
import pytest
from additions import add_generated_events, append
from conftest import PROJECT_PARTS, cli, digest, edit, fetch, fetch_store

import warehouse_engine as engine
from warehouse_engine.datatests import TOUCHED, all_tests


def whole_build_of(project: Path, destination: Path) -> Path:
    """The same seeds, models and sources, built from nothing."""
    for part in (*PROJECT_PARTS, "sources"):
        if (project / part).exists():
            shutil.copytree(project / part, destination / part)
    result = cli(destination, "build")
    assert result.returncode == 0, result.stderr
    return destination


def differing_tables(one: Path, other: Path) -> dict[str, int]:
    """Public tables whose rows differ (as multisets), with how many rows differ; and tables only one has."""
    con = duckdb.connect()
    try:
        con.execute(f"ATTACH '{one}' AS one (READ_ONLY)")
        con.execute(f"ATTACH '{other}' AS other (READ_ONLY)")
        listed = "SELECT table_name FROM duckdb_tables() WHERE database_name = ? AND schema_name = 'main'"
        names = {db: {row[0] for row in con.execute(listed, [db]).fetchall()} for db in ("one", "other")}
        differ = {name: -1 for name in names["one"] ^ names["other"]}
        for name in names["one"] & names["other"]:
            a, b = f'one.main."{name}"', f'other.main."{name}"'
            only_in = "(SELECT * FROM {} EXCEPT ALL SELECT * FROM {})"
            count = con.execute(f"SELECT count(*) FROM ({only_in.format(a, b)} UNION ALL {only_in.format(b, a)})").fetchone()[0]
            if count:
                differ[name] = count
        return differ
    finally:
        con.close()


def updated_in_place(project: Path) -> set[str]:
    return {
        node
        for (node,) in fetch_store(
            project, "SELECT node FROM _warehouse.build_nodes WHERE action = 'updated' AND build_id = (SELECT max(build_id) FROM _warehouse.builds)"
        )
    }


def build_and_compare(project: Path, whole: Path) -> tuple[set[str], dict[str, int]]:
    """Build, compare with a whole build of the same project, and return the nodes updated in place
    and, for each model among them, how many keys its update redid (from the run log)."""
    result = cli(project, "build")
    assert result.returncode == 0, result.stderr
    assert differing_tables(project / "warehouse.duckdb", whole_build_of(project, whole) / "warehouse.duckdb") == {}
    redone = re.findall(r"updated in place for ([\d,]+) \w+ values, model (\w+)", result.stdout + result.stderr)
    return updated_in_place(project), {model: int(count.replace(",", "")) for count, model in redone}


PERIOD_MODELS = ("rpt_period_cards", "rpt_period_summary", "rpt_period_topics", "rpt_period_dialogue_meetings", "rpt_period_timeline")


def test_new_claims_update_the_incremental_models_in_place_as_a_whole_build_would(project, tmp_path):
    add_generated_events(project, 8)
    updated, _ = build_and_compare(project, tmp_path / "whole-1")
    assert {"stg_event_mentions", "int_mentions_dated", "fct_event_knowledge", "fct_events", "rpt_event_knowledge"} <= updated
    assert {"raw_articles", "raw_events", "raw_event_mentions", "raw_event_participants"} <= updated  # their new lines alone were read

    # A later claim about an existing event and one about a dialogue's meeting, from a new article of the
    # last quarter the data reaches (a later day would add periods).
    meeting = fetch(project, "SELECT min(event_id) FROM rpt_period_dialogue_meetings")[0][0]
    day = fetch(project, "SELECT max(period_end) - 10 FROM rpt_periods WHERE period_kind = 'quarter'")[0][0].isoformat()
    append(project / "seeds" / "articles.csv", [generated_article("950_00000000000000aa", day)])
    dated = {"date_start": day, "date_end": day}
    claims = [{**generated_claim(f"m900{n}", event, "950_00000000000000aa"), **dated} for n, event in ((1, "generated-event-0"), (3, meeting))]
    append(project / "seeds" / "event_mentions.csv", claims)
    (project / "sources" / "950_00000000000000aa.txt").write_text("Generated headline\n\nGenerated claim 9001: held again.", encoding="utf-8")
    topic = unlinked_topic(project, "generated-event-0")
    append(project / "seeds" / "event_topics.csv", [{"event_id": "generated-event-0", "topic_id": topic, "mention_id": "m9001", "basis": "curated"}])
    updated, redone = build_and_compare(project, tmp_path / "whole-2")
    assert {"int_mentions_dated", "fct_event_knowledge", "fct_events", "raw_event_mentions"} <= updated
    # News changes no period that ended before it was published, as known at its end: the period models
    # redo the later periods alone (what was known of the meeting until then is as it was).
    later = fetch(project, f"SELECT count(*) FROM rpt_periods WHERE period_end >= DATE '{day}'")[0][0]
    assert {model: redone.get(model) for model in PERIOD_MODELS} == dict.fromkeys(PERIOD_MODELS, later)

    # An archive article of 2023-03-01 moves the meeting's day (the periods from then on are redone); and
    # a participant withdrawn.
    append(project / "seeds" / "articles.csv", [generated_article("950_00000000000000ad", "2023-03-01")])
    moved = {**generated_claim("m9004", meeting, "950_00000000000000ad"), "date_start": "2022-07-05", "date_end": "2022-07-05"}
    append(project / "seeds" / "event_mentions.csv", [moved])
    (project / "sources" / "950_00000000000000ad.txt").write_text("Generated headline\n\nGenerated claim 9001: held again.", encoding="utf-8")
    lines = (project / "seeds" / "event_participants.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (project / "seeds" / "event_participants.csv").write_text("".join(line for line in lines if not line.startswith("generated-event-3,")), encoding="utf-8")
    updated, _ = build_and_compare(project, tmp_path / "whole-3")
    assert {"fct_event_participants", "fct_event_knowledge"} <= updated
    assert "raw_event_mentions" in updated and "raw_event_participants" not in updated  # a line removed: read whole


def test_the_first_article_of_a_new_quarter_adds_its_periods_rows_in_place(project, tmp_path):
    """The models that join every period add the new periods' rows (and redo the events of the news)
    instead of being built whole."""
    add_generated_events(project, 8)
    assert cli(project, "build").returncode == 0
    periods = {period for (period,) in fetch(project, "SELECT period FROM rpt_periods")}
    planned = "SELECT min(event_id) FROM fct_events WHERE status = 'planned' AND event_type IN ('meeting', 'summit', 'visit')"
    event = fetch(project, planned)[0][0]
    day = fetch(project, "SELECT max(period_end) + 20 FROM rpt_periods WHERE period_kind = 'quarter'")[0][0].isoformat()
    append(project / "seeds" / "articles.csv", [generated_article("950_00000000000000ae", day)])
    append(project / "seeds" / "event_mentions.csv", [{**generated_claim("m9005", event, "950_00000000000000ae"), "date_start": day, "date_end": day}])
    (project / "sources" / "950_00000000000000ae.txt").write_text("Generated headline\n\nGenerated claim 9001: held again.", encoding="utf-8")
    updated, redone = build_and_compare(project, tmp_path / "whole")
    added = {period for (period,) in fetch(project, "SELECT period FROM rpt_periods")} - periods
    assert added and {"rpt_period_events", "rpt_period_status_changes"} <= updated
    assert redone["rpt_period_events"] == 1  # the event of the news, for every period; the rest only gained the new periods' rows
    in_new = f"SELECT count(*) FROM rpt_period_status_changes WHERE list_contains({sorted(added)}, period) AND event_id = '{event}'"
    assert fetch(project, in_new)[0][0] > 0  # the status change is a row of a new period


GRID = """-- description: Every event beside every level (a model that joins every row of a vocabulary).
-- grain: event_id, level
-- incremental: event_id
-- joins_all: stg_levels
WITH events AS (
    SELECT * FROM fct_events
),

levels AS (
    SELECT * FROM stg_levels
)

SELECT
    events.event_id,
    levels.level
FROM events
CROSS JOIN levels
"""


def test_a_row_a_joined_vocabulary_gains_adds_its_rows_for_every_event_in_place(project, tmp_path):
    (project / "sql" / "rpt_event_level_grid.sql").write_text(GRID, encoding="utf-8")
    assert cli(project, "build").returncode == 0
    append(project / "seeds" / "levels.csv", [{"level": "observer", "rank": "8", "description": "Observers alone."}])
    updated, redone = build_and_compare(project, tmp_path / "whole")
    assert "rpt_event_level_grid" in updated and redone["rpt_event_level_grid"] == 0  # no event changed: the new level's rows alone
    events = fetch(project, "SELECT count(*) FROM fct_events")[0][0]
    assert fetch(project, "SELECT count(*) FROM rpt_event_level_grid WHERE level = 'observer'")[0][0] == events


def test_a_changed_curated_title_builds_whole_the_models_that_look_other_events_up(project, tmp_path):
    add_generated_events(project, 8)
    assert cli(project, "build").returncode == 0
    edit(project / "seeds" / "events.csv", "Generated port_call 5,", "Generated port call five,")  # event 6 links to it
    updated, _ = build_and_compare(project, tmp_path / "whole")
    assert "stg_events" in updated  # changed rows, but keyed by event: updated for that event
    assert "rpt_period_status_changes" in updated  # the periods did not change
    assert "fct_events" not in updated and "fct_event_links" not in updated  # they read other events' titles


def test_a_row_updated_in_place_that_fails_a_test_fails_the_build_and_publishes_nothing(project):
    """Tests of a table updated in place read only its changed rows: those must still be tested."""
    add_generated_events(project, 8)
    assert cli(project, "build").returncode == 0
    modes = [mode for (mode,) in fetch(project, "SELECT DISTINCT mode FROM rpt_event_knowledge WHERE mode IS NOT NULL ORDER BY mode")]
    other = next(row["mode"] for row in csv.DictReader(open(project / "seeds" / "modes.csv", encoding="utf-8")) if row["mode"] not in modes)
    allowed = ", ".join(f"'{mode}'" for mode in modes)
    edit(project / "sql" / "rpt_event_knowledge.sql", "-- grain:", f"-- test: accepted_values(mode, {allowed})\n-- grain:")
    assert cli(project, "build").returncode == 0  # a new test runs on every row: all pass
    before = (project / "warehouse.duckdb").read_bytes()

    append(project / "seeds" / "articles.csv", [generated_article("950_00000000000000ab", "2026-05-04")])
    append(project / "seeds" / "event_mentions.csv", [{**generated_claim("m9002", "generated-event-0", "950_00000000000000ab"), "mode": other}])
    (project / "sources" / "950_00000000000000ab.txt").write_text("Generated headline\n\nGenerated claim 9001: held again.", encoding="utf-8")
    result = cli(project, "build")
    assert result.returncode == 1
    assert f"test accepted_values(mode, {allowed}) failed on rpt_event_knowledge: 1 offending row(s), first 1: mode={other}, rows=1" in result.stderr
    assert (project / "warehouse.duckdb").read_bytes() == before
    assert "updated in place for 1 event_id values, model rpt_event_knowledge" in result.stdout + result.stderr


def test_header_tests_are_scoped_to_changed_rows_and_checks_are_not(project):
    graph = engine.load_graph(engine.Project.at(project))
    tests = all_tests(graph)
    assert all(test.reads <= set(graph.nodes) for test in tests)
    for test in tests:
        whole_table = test.name in graph.checks
        assert (test.scoped is None) == whole_table, test.name
        assert (test.kept is not None) == test.name.startswith("relationships"), test.name  # what a reference points to
        assert whole_table or TOUCHED in test.scoped and test.on_rows("(SELECT 1)").sql != test.sql, test.name
    assert sum(test.name.startswith("grain(") for test in tests if test.scoped) == sum(bool(m.grain) for m in graph.models)


@pytest.mark.parametrize(
    "seed,line,problem",
    [
        ("events.csv", "generated-event-0,A second event with this id,meeting,ministerial,false,", "duplicate key (event_id): already used by an earlier row"),
        ("articles.csv", "950_00000000000000ac,Outlet 1,Generated Wire,,,en,2026-13-45,day,generated,Tokyo,Headline,,", "published_date: not a valid DATE"),
    ],
)
def test_a_bad_new_line_is_located_in_the_seed_file_as_a_whole_check_locates_it(project, seed, line, problem):
    add_generated_events(project, 2)
    assert cli(project, "build").returncode == 0
    before = (project / "warehouse.duckdb").read_bytes()
    with open(project / "seeds" / seed, "a", encoding="utf-8") as handle:
        handle.write(line + "\n")
    result = cli(project, "build")
    assert result.returncode == 1
    located = [text for text in result.stderr.splitlines() if problem in text]
    assert located and located[0].split(": ")[0] in cli(project, "check").stderr, result.stderr  # file:line:column as `check` says
    assert located[0].startswith(f"Error: seeds/{seed}:{len((project / 'seeds' / seed).read_text(encoding='utf-8').splitlines())}:")
    assert (project / "warehouse.duckdb").read_bytes() == before


def unlinked_topic(project: Path, event_id: str) -> str:
    """A second-level topic no row of event_topics.csv links to the event yet."""
    linked = {row["topic_id"] for row in csv.DictReader(open(project / "seeds" / "event_topics.csv", encoding="utf-8")) if row["event_id"] == event_id}
    topics = csv.DictReader(open(project / "seeds" / "topics.csv", encoding="utf-8"))
    return next(row["topic_id"] for row in topics if row["parent_topic_id"] and row["topic_id"] not in linked)


def generated_article(article_id: str, day: str) -> dict:
    return {
        "article_id": article_id,
        "outlet": "Outlet 1",
        "wire": "Generated Wire",
        "story_id": "",
        "url": "",
        "language": "en",
        "published_date": day,
        "published_precision": "day",
        "date_basis": "generated",
        "dateline": "Tokyo",
        "headline": "Generated headline",
        "note": "",
        "opening": "",
    }


def generated_claim(mention_id: str, event_id: str, article_id: str) -> dict:
    return {
        "mention_id": mention_id,
        "event_id": event_id,
        "article_id": article_id,
        "claimed_status": "held",
        "expected": "false",
        "party": "",
        "date_text": "",
        "date_start": "2026-05-01",
        "date_end": "2026-05-01",
        "date_precision": "day",
        "location": "Brussels",
        "mode": "in_person",
        "cited_source": "",
        "quote": "Generated claim 9001: held again.",
    }


HEADER_MISTAKES = [  # (model file, the right line, a wrong one, the error)
    (
        "fct_events",
        "-- incremental: event_id",
        "-- incremental: event_key",
        "3:1: the incremental key is not a column of fct_events: name one of its output columns, or remove the line (event_key)",
    ),
    ("fct_events", "-- looks_up: stg_events", "-- looks_up: stg_event", "4:1: looks_up names a table the query reads (stg_event)"),
    (
        "rpt_period_summary",
        "-- known_by: rpt_periods.period_end",
        "-- known_by: rpt_periods.period_last",
        "4:1: known_by: period_last is not a column of rpt_periods: name its key and day columns (period_last)",
    ),
    ("rpt_period_summary", "-- known_by: rpt_periods.period_end", "-- known_by: rpt_period_end", "4:1: known_by names <parent>.<column> (rpt_period_end)"),
]


def test_an_incremental_header_names_a_column_and_tables_the_model_reads(project):
    before = digest(project / "warehouse.duckdb")
    for model, right, wrong, error in HEADER_MISTAKES:
        edit(project / "sql" / f"{model}.sql", right, wrong)
        result = cli(project, "build")
        assert result.returncode == 1 and result.stderr.count("Error: ") == 1, result.stderr
        assert f"Error: sql/{model}.sql:{error}\n" in result.stderr
        edit(project / "sql" / f"{model}.sql", wrong, right)
    assert digest(project / "warehouse.duckdb") == before


def out_of_order_rows(project: Path) -> dict[str, int]:
    """For each model with `-- cluster_by:`, how many of its stored rows (in rowid order) come after a
    row with a larger value of those columns."""
    graph = engine.load_graph(engine.Project.at(project))
    found = {}
    for name, node in graph.nodes.items():
        if node.model and node.model.cluster_by:
            columns = ", ".join(node.model.cluster_by)
            sql = f"SELECT count(*) FROM (SELECT ({columns}) < lag(({columns})) OVER (ORDER BY rowid) AS back FROM {name}) WHERE back"
            found[name] = fetch(project, sql)[0][0]
    return found


def test_a_clustered_model_stores_its_rows_in_that_order_and_an_update_appends_them_in_order(project):
    stored = out_of_order_rows(project)
    assert "rpt_period_events" in stored  # one period's page then reads only that period's blocks
    assert stored == dict.fromkeys(stored, 0)
    add_generated_events(project, 8)
    assert cli(project, "build").returncode == 0
    # Rows redone in place are appended, in order: each update adds at most one sorted run.
    assert "rpt_period_cards" in updated_in_place(project)
    assert all(back <= 1 for back in out_of_order_rows(project).values())
    edit(project / "seeds" / "events.csv", "Generated port_call 5,", "Generated port call five,")
    assert cli(project, "build").returncode == 0
    assert "rpt_period_status_changes" in updated_in_place(project)
    assert all(back <= 2 for back in out_of_order_rows(project).values())


def test_a_cluster_by_column_must_be_an_output_column(project):
    before = digest(project / "warehouse.duckdb")
    edit(project / "sql" / "rpt_period_cards.sql", "-- cluster_by: period", "-- cluster_by: period_label")
    result = cli(project, "build")
    assert result.returncode == 1
    assert "sql/rpt_period_cards.sql:3:1: a cluster_by column is not a column of rpt_period_cards: name one of its output columns" in result.stderr
    assert digest(project / "warehouse.duckdb") == before
