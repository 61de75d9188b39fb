"""Issue 4: report tables and periodic HTML reports, checked on content and in a real headless Chromium."""

from __future__ import annotations

import functools
import re
import shutil
from pathlib import Path

import pytest
from additions import add_generated_events
from conftest import ROOT, Outcome, cli, edit, fetch, published

import warehouse_engine as engine
from warehouse_engine.models import find_references
from warehouse_engine.profiles import grouped, render_profiles
from warehouse_engine.reports import REPORT_LIST_LIMIT, render_index
from warehouse_engine.sqltext import parse_statements
from warehouse_engine.templates import report_environment


def render(project: Path, *args: str) -> Outcome:
    result = cli(project, "report", *args)
    assert result.returncode == 0, result.stderr
    return result


def page(project: Path, name: str) -> str:
    return (project / "site" / f"{name}.html").read_text(encoding="utf-8")


def card(html: str, event_id: str) -> str:
    match = re.search(rf'<article class="event[^"]*" id="event-{event_id}">(.*?)</article>', html, re.S)
    assert match, f"no card for {event_id}"
    return match.group(1)


def body_as_known(html: str) -> str:
    """The report without what changes on every rebuild (footer) or with later sources (the 'known now' part)."""
    html = html.split("<footer>")[0]
    return re.sub(r'\s*<section class="known-now">.*?</section>', "", html, flags=re.S).rstrip()


def test_default_report_renders_every_year_and_quarter_with_data_and_an_index(project):
    render(project)
    files = sorted(p.name for p in (project / "site").glob("*.html"))
    for name in ("2023", "2023-Q1", "2023-Q3", "2024", "2024-Q3", "2024-Q4", "all", "index"):
        assert f"{name}.html" in files
    index = page(project, "index")
    for name in files:
        if name != "index.html":
            assert f'href="{name}"' in index


def test_2023_q3_names_the_july_summit_and_its_three_principals(project):
    render(project, "--period", "2023-Q3")
    summit = card(page(project, "2023-Q3"), "summit-2023-07-brussels")
    assert "Japan–EU summit in Brussels" in summit and "2023-07-13" in summit
    for person in (
        "Fumio Kishida</a> (Prime Minister of Japan)",
        "Charles Michel</a> (President of the European Council)",
        "Ursula von der Leyen</a> (President of the European Commission)",
    ):
        assert person in summit
    # Every event is linked to its articles: headline, outlet, date, quote.
    assert "Japan, EU Mull Enhancing Security Cooperation at Summit Next Week</a>, Kyodo News (republished), 2023-07-03" in summit
    assert "expected to hold a regular summit" in summit


def test_2024_q4_shows_the_security_and_defence_partnership_as_agreed(project):
    render(project, "--period", "2024-Q4")
    html = page(project, "2024-Q4")
    sdp = card(html, "sdp-2024")
    assert '<span class="status done">agreed</span>' in sdp
    assert "Tokyo" in sdp and "Josep Borrell</a> (EU foreign policy chief)" in sdp
    happened = html.split("<h2>What happened</h2>")[1].split("<h2>")[0]
    assert "EU–Japan Security and Defence Partnership" in happened
    changes = html.split("<h2>What changed status</h2>")[1].split("<h2>")[0]
    assert re.search(r"2024-11-01</td><td><a href=\"#event-sdp-2024\">.*?negotiating.*?agreed", changes, re.S)


def test_a_period_shows_the_world_as_known_at_its_end(project):
    render(project, "--period", "2023-Q3")
    then = page(project, "2023-Q3")
    # As known on 2023-09-30 the summit was planned; 'held' was first reported on 2024-09-22.
    assert '<span class="status pending">planned</span>' in card(then, "summit-2023-07-brussels")
    assert "<h2>What is known now about this period's events</h2>" in then
    known_now = then.split("What is known now about this period's events")[1]
    assert re.search(
        r"Japan–EU summit in Brussels</td><td><span class=\"status pending\">planned</span></td><td><span class=\"status done\">held",
        known_now,
    )
    render(project, "--period", "all")
    assert '<span class="status done">held</span>' in card(page(project, "all"), "summit-2023-07-brussels")


LATER_ARTICLE = "005_00000000000000aa"


def add_article(project: Path, article_id: str, published: str, text: str) -> None:
    """A new source: its row in articles.csv and its text under sources/."""
    with open(project / "seeds" / "articles.csv", "a", encoding="utf-8") as handle:
        handle.write(f"{article_id},Test Outlet,Test Wire,,,en,{published},day,fixture,Brussels,Fixture headline {article_id},,\n")
    (project / "sources").mkdir(exist_ok=True)
    (project / "sources" / f"{article_id}.txt").write_text(text, encoding="utf-8")


def append_rows(project: Path, seed: str, *rows: str) -> None:
    with open(project / "seeds" / f"{seed}.csv", "a", encoding="utf-8") as handle:
        handle.writelines(row + "\n" for row in rows)


def as_known_every_day(project: Path, first: str, last: str) -> dict[str, list]:
    """Every day's answer of every as-known-on macro, for a range of days."""
    answers = {}
    with published(project) as con:
        for (day,) in con.execute(f"SELECT CAST(d AS DATE) FROM generate_series(DATE '{first}', DATE '{last}', INTERVAL 1 DAY) AS t(d)").fetchall():
            answers[str(day)] = [
                sorted(map(str, con.execute(f"SELECT * FROM {macro}(?)", [day]).fetchall()))
                for macro in ("events_as_known_on", "participants_as_known_on", "topics_as_known_on", "links_as_known_on")
            ]
    return answers


@pytest.mark.slow
def test_a_later_article_changes_no_earlier_report_and_no_earlier_day(project):
    """A 2025 article adds a participant, a place, a topic, a link, a day and a new title to the July 2023 summit."""
    render(project)
    earlier = {path.stem: body_as_known(path.read_text(encoding="utf-8")) for path in (project / "site").glob("20*.html")}
    known_before = as_known_every_day(project, "2022-01-01", "2025-03-02")
    add_article(
        project,
        LATER_ARTICLE,
        "2025-03-03",
        "The summit was held in the Europa building on July 13, 2023. A fixture official attended. Space was on the agenda. "
        "It followed up the vice-ministerial consultations.",
    )
    append_rows(
        project,
        "event_mentions",
        f'm900,summit-2023-07-brussels,{LATER_ARTICLE},held,false,,"July 13, 2023",2023-07-13,2023-07-13,day,"Europa building, Brussels",in_person,,'
        '"The summit was held in the Europa building on July 13, 2023."',
    )
    append_rows(project, "participants", "fixture-official,Fixture Official,person,EU,")
    append_rows(project, "event_participants", "summit-2023-07-brussels,fixture-official,m900,attendee,Fixture office,,stated")
    append_rows(project, "event_topics", "summit-2023-07-brussels,space,m900,stated")
    append_rows(project, "event_links", "summit-2023-07-brussels,follow_up_of,vm-consultations,m900,stated")
    append_rows(project, "event_labels", "summit-2023-07-brussels,m900,Japan–EU summit at the Europa building,,,stated")
    assert cli(project, "build").returncode == 0, "the fixture keeps every data test green"
    shutil.rmtree(project / "site")
    render(project)
    for name, body in earlier.items():
        assert body_as_known(page(project, name)) == body, name
    assert as_known_every_day(project, "2022-01-01", "2025-03-02") == known_before
    now = fetch(project, "SELECT date_start::VARCHAR, date_precision, location FROM fct_events WHERE event_id = 'summit-2023-07-brussels'")
    assert now == [("2023-07-13", "day", "Europa building, Brussels")]
    summit_now = card(page(project, "all"), "summit-2023-07-brussels")
    assert "Fixture Official" in summit_now and "follow up of" in summit_now and "Europa building" in summit_now
    assert "<h3>Japan–EU summit at the Europa building</h3>" in summit_now


AGREEMENT_ARTICLES = [  # published in another order than the milestones happened
    (
        "006_00000000000000b1",
        "2025-01-25",
        [
            ("m910", "signed", "false", "", "on January 20", "2025-01-20", "The partnership agreement was signed on January 20."),
            ("m911", "in_force", "true", "", "on April 1", "2025-04-01", "It is expected to enter into force on April 1."),
        ],
    ),
    (
        "006_00000000000000b2",
        "2025-04-15",
        [
            ("m912", "in_force", "false", "", "on April 1", "2025-04-01", "The agreement entered into force on April 1."),
            ("m913", "ratified", "false", "EU", "on March 20", "2025-03-20", "The EU ratified it on March 20 after the European Parliament consented."),
        ],
    ),
    (
        "006_00000000000000b3",
        "2025-05-10",
        [
            ("m914", "ratified", "false", "Japan", "on March 5", "2025-03-05", "Japan's Diet had ratified it on March 5."),
        ],
    ),
]


def add_fixture_agreement(project: Path) -> None:
    append_rows(project, "events", "fixture-agreement,Fixture partnership agreement,agreement,ministerial,false,A fixture.")
    for article_id, published_on, claims in AGREEMENT_ARTICLES:
        add_article(project, article_id, published_on, " ".join(quote for *_, quote in claims))
        for mention, status, expected, party, text, day, quote in claims:
            append_rows(project, "event_mentions", f'{mention},fixture-agreement,{article_id},{status},{expected},{party},{text},{day},{day},day,,,,"{quote}"')


def test_an_agreements_milestones_each_show_the_day_they_happened(project):
    add_fixture_agreement(project)
    assert cli(project, "build").returncode == 0
    path = "signed (2025-01-20) → ratified by Japan (2025-03-05) → ratified by EU (2025-03-20) → in force (2025-04-01)"
    assert fetch(project, "SELECT status, status_path FROM rpt_agreement_register WHERE event_id = 'fixture-agreement'") == [("in_force", path)]
    pipeline = fetch(
        project,
        "SELECT status, party, happened_start::VARCHAR, reported_on::VARCHAR, days_since_previous FROM rpt_status_pipeline "
        "WHERE event_id = 'fixture-agreement' ORDER BY step_number",
    )
    assert pipeline == [
        ("signed", None, "2025-01-20", "2025-01-25", None),
        ("ratified", "Japan", "2025-03-05", "2025-05-10", 44),
        ("ratified", "EU", "2025-03-20", "2025-04-15", 15),
        ("in_force", None, "2025-04-01", "2025-04-15", 12),
    ]
    promise = fetch(
        project,
        "SELECT status, promised_start::VARCHAR, delivered_start::VARCHAR, outcome, slip_days FROM rpt_promise_delivery WHERE event_id = 'fixture-agreement'",
    )
    assert promise == [("in_force", "2025-04-01", "2025-04-01", "as promised", 0)], "no slip is computed from the day a milestone was reported"
    render(project, "--period", "2025-Q1")
    render(project, "--period", "2025-Q2")
    first, second = page(project, "2025-Q1"), page(project, "2025-Q2")
    pipeline_of = lambda html: html.split("<h2>Status pipeline</h2>")[1].split("<h2>")[0]  # noqa: E731
    assert "2025-01-20" in pipeline_of(first) and "2025-03-20" not in pipeline_of(first), "as known on 31 March only the signature was reported"
    for day in ("2025-01-20", "2025-03-05", "2025-03-20", "2025-04-01"):
        assert day in pipeline_of(second), day
    assert '<a href="#event-fixture-agreement">Fixture partnership agreement</a>' in first.split("<h2>What happened</h2>")[1].split("<h2>")[0]


def test_text_from_seeds_is_escaped(project):
    edit(project / "seeds" / "events.csv", "Japan–EU summit in Brussels,", '<script>alert(1)</script> & "summit",')
    assert cli(project, "build").returncode == 0
    render(project, "--period", "2023-Q3")
    html = page(project, "2023-Q3")
    assert "<script" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;summit&#34;" in html


def test_an_empty_period_renders_a_clear_page(project):
    render(project, "--period", "2019-03")
    html = page(project, "2019-03")
    assert "No recorded events in this period." in html
    assert "2019-03-01 to 2019-03-31" in html


def test_compiled_templates_are_kept_for_the_next_run_and_never_outlive_their_source(project):
    render(project, "--period", "2019-03")
    assert list((project / ".cache").glob("templates-*/*.cache")), "the next run loads the compiled templates"
    edit(project / "reports" / "period.html.j2", "No recorded events in this period.", "Nothing recorded in this period.")
    render(project, "--period", "2019-03")
    assert "Nothing recorded in this period." in page(project, "2019-03")


@pytest.mark.parametrize("period", ["2024-Q5", "2024-13", "24", "2024-02-30..2024-03-01", "2024-05-01..2024-01-01", "last year"])
def test_a_malformed_period_is_a_clear_error(project, period):
    result = cli(project, "report", "--period", period)
    assert result.returncode == 1
    assert (
        f"Error: --period: not a period; use a year (2024), a quarter (2024-Q4), a month (2024-11), a range (2023-01-01..2023-06-30) or all ({period})"
        in result.stderr
    )


def test_range_and_month_periods(project):
    render(project, "--period", "2024-09-01..2024-11-30")
    html = page(project, "2024-09-01_2024-11-30")
    assert "sdp-2024" in html and "2024-09-01 to 2024-11-30" in html
    render(project, "--period", "2023-01")
    assert "sannino-mori-2023-01" in page(project, "2023-01")


def test_reports_are_self_contained_with_charts_and_a_footer(project):
    render(project)
    for path in (project / "site").glob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert not re.search(r"<script|<link|@import|url\(|src=\"http|href=\"http", html), path.name
        footer = html.split("<footer>")[1]
        assert "Generated at 20" in footer and str(project / "warehouse.duckdb") in footer
        assert re.search(r"raw_events</td><td>v1</td>", footer) and re.search(r"rpt_period_summary</td><td>v1</td>", footer)
    html = page(project, "2024")
    for title in (
        "Japan–EU events over time by level of the highest principals",
        "Japan–EU events touching each top-level topic",
        "Where each agreement, mechanism or initiative stands at the end of the period",
    ):
        assert f"<figcaption>{title}</figcaption>" in html and f"<title>{title}</title>" in html
    assert html.count("<svg") == 3
    assert ">Level</text>" in html and ">Date</text>" in html and "Filled: happened · hollow: announced · ringed: a dialogue's first meeting" in html
    assert "Table version of the chart" in html


@pytest.mark.slow
def test_run_does_the_main_job_in_one_command(fresh_project):
    result = cli(fresh_project, "run")
    assert result.returncode == 0, result.stderr
    assert (fresh_project / "warehouse.duckdb").exists()
    assert (fresh_project / "site" / "index.html").exists() and (fresh_project / "site" / "catalog.html").exists()
    assert "Published build 1" in result.stdout
    again = cli(fresh_project, "run")
    assert "Nothing changed" in again.stdout


def test_the_catalog_documents_every_public_table_with_lineage(project):
    result = cli(project, "docs")
    assert result.returncode == 0, result.stderr
    html = page(project, "catalog")
    section = html.split('id="rpt_agreement_register"')[1].split("</section>")[0]
    assert "Register of Japan–EU agreements and mechanisms" in section
    assert "Tests: grain(event_id) is unique" in section
    assert 'href="#rpt_status_pipeline">rpt_status_pipeline</a>' in section  # upstream
    assert re.search(r"<code>title</code></td><td>VARCHAR</td><td>[^<]*</td><td>[^<]*raw_events.title[^<]*</td>", section)
    assert re.search(r"<code>status_path</code>.*raw_event_mentions.claimed_status", section)
    for view in ("raw_events", "stg_events", "fct_events", "rpt_period_summary"):
        assert f'id="{view}"' in html


def test_hostile_text_in_a_model_description_is_escaped_in_the_catalog(project):
    edit(
        project / "sql" / "rpt_source_coverage.sql",
        "-- description: Sources per event:",
        "-- description: <img src=x onerror=alert(1)> Sources per event:",
    )
    assert cli(project, "build").returncode == 0
    assert cli(project, "docs").returncode == 0
    html = page(project, "catalog")
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt; Sources per event" in html


FIGURES = ("happened", "status_changes", "announced_for_later", "cooperation_events", "context_events", "articles")


def page_figures(html: str) -> list[int]:
    section = html.split('aria-label="Headline figures"')[1].split("</section>")[0]
    return [int(n) for n in re.findall(r"<b>(\d+)</b>", section)]


def index_figures(html: str) -> dict[str, list[int]]:
    rows = re.findall(r'<tr><td><a href="([^"]+)\.html">.*?</a></td>\s*((?:<td>\d+</td>)+)</tr>', html, re.S)
    return {slug: [int(n) for n in re.findall(r"<td>(\d+)</td>", cells)] for slug, cells in rows}


def test_a_range_period_recomputes_the_same_figures_as_the_published_quarter(project):
    render(project, "--period", "2024-Q4")
    render(project, "--period", "2024-10-01..2024-12-31")
    quarter, same_range = page(project, "2024-Q4"), page(project, "2024-10-01_2024-12-31")
    assert page_figures(same_range) == page_figures(quarter)
    same_body = body_as_known(same_range).replace("2024-10-01_2024-12-31", "2024-Q4").split("<h2>What happened</h2>")[1]
    assert same_body == body_as_known(quarter).split("<h2>What happened</h2>")[1]


def test_rendering_one_period_keeps_the_index_listing_every_period(project):
    render(project, "--period", "2024-Q4")
    index = page(project, "index")
    assert 'href="2024-Q4.html"' in index
    assert '2023-Q3 <span class="meta">(not rendered: <code>warehouse report --period 2023-Q3</code>)' in index


def test_period_models_are_the_models_that_read_rpt_periods(project):
    graph = engine.load_graph(engine.Project.at(project))
    per_period = {name for name in graph.downstream("rpt_periods") if "period" in graph.nodes[name].model.grain}
    assert set(engine.PERIOD_MODELS) == per_period
    order = list(graph.nodes)
    assert list(engine.PERIOD_MODELS) == sorted(engine.PERIOD_MODELS, key=order.index)


@pytest.mark.parametrize("name", ["happened", "announced", "changes", "promises", "coverage", "who_meets_whom", "now_known"])
def test_a_capped_list_is_the_first_rows_of_the_whole_list(project, name):
    """The queries pick a period's first rows before reading them whole; the pick must agree with the order shown."""
    queries = project / "reports" / "queries"
    with published(project) as con:
        periods = [engine.parse_period(label) for (label,) in con.execute("SELECT period FROM rpt_periods").fetchall()]
        capped = grouped(engine.read_report(con, queries, name, periods, limit=1), "period")
        whole = grouped(engine.read_report(con, queries, name, periods, limit=100_000), "period")
    assert set(capped) == set(whole)
    assert all(capped[period] == rows[:1] for period, rows in whole.items()), name
    assert any(len(rows) > 1 for rows in whole.values()), f"{name}: no period has a list to cap"


def test_capped_milestones_are_those_of_the_first_agreements_of_the_whole_list(project):
    queries = project / "reports" / "queries"
    with published(project) as con:
        periods = [engine.parse_period(label) for (label,) in con.execute("SELECT period FROM rpt_periods").fetchall()]
        capped = grouped(engine.read_report(con, queries, "milestones", periods, limit=1), "period")
        whole = grouped(engine.read_report(con, queries, "milestones", periods, limit=100_000), "period")
    assert set(capped) == set(whole)
    assert all(capped[period] == [row for row in rows if row["event_id"] == rows[0]["event_id"]] for period, rows in whole.items())
    assert any(len({row["event_id"] for row in rows}) > 1 for rows in whole.values()), "no period has a register to cap"


def test_a_capped_person_page_lists_the_first_events_of_the_whole_record_and_counts_them_all(project, tmp_path):
    queries = project / "reports" / "queries"
    with published(project) as con:
        capped = grouped(engine.read_report(con, queries, "person", limit=1))
        whole = grouped(engine.read_report(con, queries, "person", limit=100_000))
    assert set(capped) == set(whole)
    assert all(capped[person] == rows[:1] and rows[0]["events_in_all"] == len(rows) for person, rows in whole.items())
    assert any(len(rows) > 1 for rows in whole.values()), "no person has a record to cap"
    busiest = max(whole, key=lambda person: len(whole[person]))
    footer = {"generated_at": "", "warehouse": "", "period": engine.ALL_TIME, "versions": []}
    with published(project) as con:
        read = functools.partial(engine.read_report, con, queries, limit=1)
        (path,) = render_profiles(report_environment(engine.Project.at(project)), read, tmp_path, footer, {("person", busiest)})
    assert f"Showing the first 1 of {len(whole[busiest])} events" in path.read_text(encoding="utf-8")


def test_report_queries_read_only_report_tables():
    for path in sorted((ROOT / "reports" / "queries").glob("*.sql")):
        (query,) = parse_statements(path.read_text(encoding="utf-8"), path.name)
        references, problems = find_references(query, path.read_text(encoding="utf-8"), path.name)
        assert problems == [] and references, path.name
        assert all(name.startswith("rpt_") for name in references), (path.name, sorted(references))


def chart(html: str, title: str) -> str:
    return html.split(f"<figcaption>{title}</figcaption>")[1].split("</svg>")[0]


@pytest.fixture(params=["real seeds", pytest.param("real seeds and 100 generated additions", marks=pytest.mark.slow)])
def rendered(request, project):
    """The built project, or the project with a hundred generated events (2018 to 2026) built, rendered."""
    if request.param != "real seeds":
        add_generated_events(project, 100)
        assert cli(project, "build").returncode == 0
    render(project)
    return project


def test_every_page_figure_is_the_sql_figure(rendered):
    """Headline figures (index and page), the topic chart, the timeline and the dialogue meetings of
    every period page, each recomputed from the published tables."""
    summary = {row[0]: list(row[1:]) for row in fetch(rendered, f"SELECT period, {', '.join(FIGURES)} FROM rpt_period_summary WHERE has_events")}
    index = index_figures(page(rendered, "index"))
    assert set(index) == set(summary) and len(summary) > 3
    empty = [period for (period,) in fetch(rendered, "SELECT period FROM rpt_period_summary WHERE NOT has_events ORDER BY period_start, period_kind DESC")]
    assert not any((rendered / "site" / f"{period}.html").exists() for period in empty)
    assert not empty or f"No page for {', '.join(empty)}:" in page(rendered, "index")
    for period, figures in summary.items():
        html = page(rendered, period)
        assert index[period] == figures, period
        assert page_figures(html) == figures, period
        totals = dict(
            fetch(
                rendered,
                "SELECT t.parent_label, count(DISTINCT t.event_id) FROM rpt_event_topics AS t INNER JOIN rpt_period_events AS e ON e.event_id = t.event_id "
                "WHERE e.period = ? AND t.known_from <= e.period_end AND NOT t.is_context GROUP BY ALL",
                [period],
            )
        )
        bars = re.findall(r"<rect[^>]*><title>([^<]+): (\d+)</title>", chart(html, "Japan–EU events touching each top-level topic"))
        assert {label: int(value) for label, value in bars} == {label: n for label, n in totals.items() if n}, period
        timeline = chart(html, "Japan–EU events over time by level of the highest principals")
        xs = [float(x) for x in re.findall(r'<circle cx="([\d.]+)"', timeline)]
        axis = [float(x) for x in re.findall(r'<line x1="([\d.]+)"[^>]*x2="([\d.]+)"', timeline)[0]] if xs else []
        assert all(min(axis) <= x <= max(axis) for x in xs), period
        if xs:
            assert re.search(r'text-anchor="middle">\d{4}(-\d{2})?</text>', timeline), f"{period}: the date axis has labels"
        meetings = fetch(  # the first REPORT_LIST_LIMIT meetings are listed
            rendered,
            "SELECT count(*), count(*) FILTER (is_first_meeting) FROM (SELECT * FROM rpt_period_dialogue_meetings WHERE period = ? AND dated_in_period "
            "ORDER BY dialogue_title, meeting_number, event_id LIMIT ?)",
            [period, REPORT_LIST_LIMIT],
        )
        ladder = html.split("<h3>Meetings of dialogues in this period</h3>")[1].split("<h2>")[0]
        assert (ladder.count("· meeting "), ladder.count(">first meeting</span>")) == meetings[0], period


def test_every_coverage_row_is_recomputed_from_the_published_tables(rendered):
    """Stories, outlets, first report and lead of each event in a page's coverage table, from its
    sources known by the period's end."""
    recompute = (
        "SELECT e.event_id, count(DISTINCT s.story_key), count(DISTINCT s.outlet_label), CAST(min(s.known_from) AS VARCHAR), "
        "coalesce(CAST(date_diff('day', min(s.known_from), e.date_start) AS VARCHAR), '—') "
        "FROM rpt_period_events AS e INNER JOIN rpt_event_sources AS s ON s.event_id = e.event_id AND s.known_from <= e.period_end "
        "WHERE e.period = ? AND NOT e.is_context GROUP BY e.event_id, e.date_start"
    )
    checked = 0
    for (period,) in fetch(rendered, "SELECT period FROM rpt_period_summary WHERE has_events"):
        html = page(rendered, period)
        table = html.split("<th>Days before it happened</th></tr>")[1].split("</table>")[0] if "<th>Days before it happened</th>" in html else ""
        shown = re.findall(r'<tr><td><a href="#event-([^"]+)">[^<]*</a></td><td>(\d+)</td><td>(\d+)</td><td>([^<]+)</td><td>([^<]+)</td></tr>', table)
        expected = {(event, str(stories), str(outlets), first, lead) for event, stories, outlets, first, lead in fetch(rendered, recompute, [period])}
        assert {tuple(row) for row in shown} <= expected and len(shown) == min(len(expected), REPORT_LIST_LIMIT), period
        checked += len(shown)
    assert checked > 10


def test_a_promise_whose_date_passed_unreported_is_shown_overdue_and_later_kept(project):
    render(project, "--period", "2023-Q3")
    render(project, "--period", "all")
    promises = page(project, "2023-Q3").split("<h2>Promise against delivery</h2>")[1].split("<h2>")[0]
    assert re.search(r"Japan–EU summit in Brussels</a></td><td>held</td><td>July 13 \(2023-07-13\)</td><td>—</td><td>overdue</td>", promises)
    now = page(project, "all").split("<h2>Promise against delivery</h2>")[1].split("<h2>")[0]
    assert re.search(r"Japan–EU summit in Brussels</a></td><td>held</td><td>July 13 \(2023-07-13\)</td><td>2023-07-01</td><td>as promised</td><td>0</td>", now)
    expected = fetch(
        project,
        "SELECT count(*) FROM rpt_period_promises AS p INNER JOIN rpt_period_events AS e ON e.event_id = p.event_id AND e.period = p.period "
        "WHERE p.period = '2023-Q3' AND NOT p.is_context",
    )[0][0]
    assert promises.count("<tr>") - 1 == expected


def test_the_catalog_shows_each_models_sql_and_can_be_searched_without_the_network(project):
    assert cli(project, "docs").returncode == 0
    html = page(project, "catalog")
    section = html.split('id="rpt_period_summary"')[1].split("</section>")[0]
    assert 'SQL of the model</summary><pre class="sql">-- description: The headline figures of every period' in section
    assert '<input id="search" type="search"' in html and 'data-search="rpt_period_summary ' in html
    assert not re.search(r"<script[^>]+src=|<link|@import|url\(|src=\"http", html)


def test_a_page_per_agreement_and_per_person_linked_from_the_period_pages(project):
    add_fixture_agreement(project)
    assert cli(project, "build").returncode == 0
    render(project)
    agreement = page(project, "agreement-fixture-agreement")
    milestones = agreement.split("<h2>Milestones</h2>")[1].split("<h2>")[0]
    for day in ("2025-01-20", "2025-03-05", "2025-03-20", "2025-04-01"):
        assert day in milestones
    assert agreement.count("<blockquote>") == fetch(project, "SELECT count(*) FROM rpt_event_sources WHERE event_id = 'fixture-agreement'")[0][0]
    person = page(project, "person-kishida-fumio")
    offices = fetch(project, "SELECT count(*) FROM rpt_event_participants WHERE participant_id = 'kishida-fumio'")[0][0]
    assert person.count("<td>principal</td>") + person.count("<td>attendee</td>") + person.count("<td>party</td>") == offices
    assert "Prime Minister of Japan" in person
    assert 'href="person-kishida-fumio.html">Fumio Kishida</a>' in page(project, "2023-Q3")
    assert 'href="agreement-sdp-2024.html"' in page(project, "2024-Q4") and 'href="agreement-fixture-agreement.html"' in page(project, "index")


def test_one_period_writes_the_profile_pages_it_links_to_as_a_full_run_writes_them(project, tmp_path):
    render(project)
    render(project, "--period", "2023-Q3", "--out", str(tmp_path))
    linked = set(re.findall(r'href="((?:person|agreement)-[^"]+\.html)"', page(project, "2023-Q3")))
    profiles = {path.name for path in tmp_path.glob("*-*.html") if path.name.startswith(("person-", "agreement-"))}
    assert profiles == {name for name in linked if (project / "site" / name).exists()} and len(profiles) > 3
    assert any(name.startswith("agreement-") for name in profiles) and any(name.startswith("person-") for name in profiles)
    before_footer = lambda path: path.read_text(encoding="utf-8").split("<footer>")[0]  # noqa: E731
    for name in profiles:
        assert before_footer(tmp_path / name) == before_footer(project / "site" / name), name
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert set(re.findall(r'href="((?:person|agreement)-[^"]+\.html)"', index)) == profiles  # no link to a page not written


def test_the_index_lists_the_first_people_and_agreements_and_says_how_many_there_are(project, tmp_path):
    queries = project / "reports" / "queries"
    with published(project) as con:
        whole = {name: engine.read_report(con, queries, name) for name in ("people", "agreements")}
        footer = {"generated_at": "", "warehouse": "", "period": engine.ALL_TIME, "versions": []}
        html = render_index(report_environment(engine.Project.at(project)), con, queries, tmp_path, footer, limit=1)
    agreements, people = html.split("<h2>Agreements, mechanisms and dialogues</h2>")[1].split("<h2>People</h2>")
    assert len(whole["people"]) > 1 and len(whole["agreements"]) > 1
    assert agreements.count("<li>") == 1 and whole["agreements"][0]["title"] in agreements
    assert people.count("<li>") == 1 and whole["people"][0]["participant_name"] in people
    assert f"Showing the first 1 of {len(whole['agreements'])} agreements and mechanisms" in agreements
    assert f"Showing the first 1 of {len(whole['people'])} people" in people


def test_the_period_pages_alone_are_the_pages_of_a_full_run(project, tmp_path):
    render(project)
    out = tmp_path / "pages"
    written = engine.render_reports(engine.Project.at(project), out_dir=out, only_periods=True)
    assert sorted(path.name for path in written) == sorted(path.name for path in out.iterdir())
    assert {path.name for path in written} == {path.name for path in (project / "site").glob("*.html") if path.stem[0].isdigit() or path.stem == "all"}
    assert body_as_known(page(project, "2024-Q4")) == body_as_known((out / "2024-Q4.html").read_text(encoding="utf-8"))


def test_a_broken_report_query_is_a_clear_error_naming_its_file(project):
    edit(project / "reports" / "queries" / "coverage.sql", "count(DISTINCT sources.story_key)", "count(DISTINCT sources.no_such_column)")
    result = cli(project, "report", "--period", "2023-Q3")
    assert result.returncode == 1
    assert f"Error: {project / 'reports' / 'queries' / 'coverage.sql'}" in result.stderr, result.stderr
    assert "no_such_column" in result.stderr
    assert "Traceback" not in result.stderr
