"""Issue 7 (bad input): every malformed seed and model gives a clear file:line:column error, exit code 1,
and leaves the published file byte for byte as it was."""

from __future__ import annotations

from pathlib import Path

import pytest
from additions import add_generated_events
from conftest import PUBLISHED_FILES, cli, digest, duckdb_files, edit

from warehouse_engine import curation

CASES = sorted((Path(__file__).parent / "bad_seeds").glob("*.case"))


def read_case(path: Path) -> tuple[dict, bytes]:
    """A case file: '# what is wrong', '# seed:', '# mode:', '# expect:' lines, then the CSV bytes."""
    header, body = {}, path.read_bytes()
    lines = body.split(b"\n")
    for index, line in enumerate(lines):
        if not line.startswith(b"# "):
            body = b"\n".join(lines[index:])
            break
        key, _, value = line[2:].decode().partition(": ")
        header[key if value else "what"] = value or key
    return header, body


def apply_case(project: Path, header: dict, body: bytes) -> str:
    """Change the project's seeds as the case says; return the expected message."""
    target = project / "seeds" / header["seed"]
    if header["mode"] == "delete":
        target.unlink()
    elif header["mode"] == "replace":
        target.write_bytes(body)
    else:
        original = target.read_bytes()
        next_line = original.count(b"\n") + 1
        target.write_bytes(original + body)
        return header["expect"].replace("{next}", str(next_line))
    return header["expect"]


def test_the_corpus_is_at_least_thirty_documented_cases():
    assert len(CASES) >= 30
    for case in CASES:
        header, _ = read_case(case)
        assert {"what", "seed", "mode", "expect"} <= set(header), case.name


@pytest.mark.parametrize("case", [pytest.param(c, marks=() if c == CASES[0] else pytest.mark.slow) for c in CASES], ids=[c.stem for c in CASES])
def test_bad_seed_is_reported_and_nothing_is_published(project, case):
    header, body = read_case(case)
    expected = apply_case(project, header, body)
    published = project / "warehouse.duckdb"
    before = digest(published)

    build = cli(project, "build")
    assert build.returncode == 1
    assert f"Error: {expected}" in build.stderr, build.stderr
    assert "Traceback" not in build.stderr
    assert digest(published) == before
    assert duckdb_files(project) == PUBLISHED_FILES

    check = cli(project, "check")
    assert check.returncode == 1
    assert f"Error: {expected}" in check.stderr, check.stderr


BAD_MODELS = [
    # (what, file, content or edit, expected message)
    ("syntax error", "sql/stg_levels.sql", ("FROM raw_levels", "FROM raw_levels WHERE ("), "sql/stg_levels.sql:10:10: syntax error"),
    (
        "unknown table",
        "sql/stg_levels.sql",
        ("FROM raw_levels", "FROM raw_levles"),
        "sql/stg_levels.sql:7:19: unknown table raw_levles; did you mean raw_levels? (raw_levles)",
    ),
    (
        "second statement",
        "sql/stg_levels.sql",
        ("SELECT * FROM final", "SELECT * FROM final;\nSELECT 1"),
        "sql/stg_levels.sql:19:1: a model is exactly one SELECT",
    ),
    (
        "DDL in a model",
        "sql/int_broken.sql",
        "-- description: x\nCREATE TABLE x AS SELECT 1",
        "sql/int_broken.sql:2:1: a model is a SELECT, not CREATE (no DDL or DML in models)",
    ),
    (
        "DML in a model",
        "sql/int_broken.sql",
        "-- description: x\nDELETE FROM stg_levels",
        "sql/int_broken.sql:2:1: a model is a SELECT, not DELETE",
    ),
    ("unknown header key", "sql/stg_levels.sql", ("-- grain: level", "-- grian: level"), "sql/stg_levels.sql:2:1: unknown header line"),
    (
        "missing description",
        "sql/int_broken.sql",
        "SELECT 1 AS x FROM stg_levels",
        "sql/int_broken.sql:1:1: every model needs a '-- description: …' header line",
    ),
    ("cycle", "sql/int_a.sql", "-- description: a\nSELECT * FROM int_b", "cycle: int_a → int_b → int_a"),
    (
        "duplicate model name",
        "sql/more/stg_levels.sql",
        "-- description: again\nSELECT * FROM raw_levels",
        "duplicate model name stg_levels",
    ),
    (
        "reading a later layer",
        "sql/stg_levels.sql",
        ("FROM raw_levels", "FROM fct_events"),
        "sql/stg_levels.sql:7:19: a stg_ model cannot read the later layer fct_",
    ),
    (
        "reading a seed outside staging",
        "sql/int_broken.sql",
        "-- description: x\nSELECT * FROM raw_levels",
        "sql/int_broken.sql:2:15: only stg_ models read seeds",
    ),
    (
        "runtime error mid-build",
        "sql/stg_levels.sql",
        ("rank AS level_rank", "CAST(CASE WHEN rank = 4 THEN 'x' ELSE rank::VARCHAR END AS INTEGER) AS level_rank"),
        "DuckDB could not build stg_levels: Conversion Error",
    ),
    (
        "failing data test",
        "sql/stg_levels.sql",
        ("        level,\n", "        'leaders' AS level,\n"),
        "sql/stg_levels.sql:2:1: test grain(level) is unique failed on stg_levels: 1 offending row(s), first 1: level=leaders, copies=7",
    ),
    (
        "documented column missing",
        "sql/stg_levels.sql",
        ("-- column level: Level name.", "-- column levle: Level name."),
        "documented column levle is not in the output of stg_levels",
    ),
]


@pytest.mark.parametrize("what,path,change,expected", BAD_MODELS, ids=[b[0] for b in BAD_MODELS])
def test_bad_model_is_reported_and_nothing_is_published(project, what, path, change, expected):
    target = project / path
    if isinstance(change, tuple):
        edit(target, *change)
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(change, encoding="utf-8")
    if what == "cycle":
        (project / "sql" / "int_b.sql").write_text("-- description: b\nSELECT * FROM int_a", encoding="utf-8")
    published = project / "warehouse.duckdb"
    before = digest(published)
    result = cli(project, "build")
    assert result.returncode == 1, result.stdout
    assert expected in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert digest(published) == before
    assert duckdb_files(project) == PUBLISHED_FILES


HEADER_TYPOS = [
    (
        "relationships(topic_id, dim_topics.topic_id)",
        "relationships(topic_id, dim_topicz.topic_id)",
        "relationships test names unknown model dim_topicz; did you mean dim_topics?",
    ),
    ("events_have_mentions", "events_have_mentionz", "no custom check sql/checks/events_have_mentionz.sql"),
]


@pytest.mark.parametrize("right,typo,message", HEADER_TYPOS, ids=["relationships", "custom check"])
def test_a_typo_in_a_header_test_fails_check_and_plan_before_anything_is_built(project, right, typo, message):
    model = next(p for p in sorted((project / "sql").glob("*.sql")) if f"-- test: {right}" in p.read_text(encoding="utf-8"))
    edit(model, f"-- test: {right}", f"-- test: {typo}")
    line = next(n for n, text in enumerate(model.read_text(encoding="utf-8").splitlines(), 1) if typo in text)
    before = digest(project / "warehouse.duckdb")
    for command in ("check", "plan", "build"):
        result = cli(project, command)
        assert result.returncode == 1, command
        assert f"Error: sql/{model.name}:{line}:10: {message}" in result.stderr, (command, result.stderr)
        assert "data tests" not in result.stderr and "built model" not in result.stderr, "nothing ran"
    assert digest(project / "warehouse.duckdb") == before


def test_a_custom_check_that_reads_an_unknown_table_fails_check(project):
    (project / "sql" / "checks" / "broken.sql").write_text("-- description: x\nSELECT * FROM fct_eventz", encoding="utf-8")
    edit(project / "sql" / "fct_events.sql", "-- test: events_have_mentions", "-- test: events_have_mentions\n-- test: broken")
    result = cli(project, "check")
    assert result.returncode == 1
    assert "Error: sql/checks/broken.sql:2:15: unknown table fct_eventz; did you mean fct_events?" in result.stderr


@pytest.mark.parametrize(
    "change,message",
    [
        (
            ("Japan and the European Union are considering the establishment of a hotline", "Japan and the European Union have agreed to establish a hotline"),
            ":14: the quote is not in the text of 000_c5158528375a78ba: copy it exactly, joining fragments with … "
            "(Japan and the European Union have agreed to establish a hotline",
        ),
        (
            ("as early as Wednesday,2023-01-25,2023-01-25", "as early as Wednesday,2023-01-18,2023-01-18"),
            ":8: 'as early as Wednesday' in an article published 2023-01-24 resolves to 2023-01-25..2023-01-25 by the rules of domain.md, "
            "not 2023-01-18..2023-01-18",
        ),
    ],
    ids=["altered quote", "wrongly resolved relative date"],
)
def test_check_rejects_what_the_articles_do_not_say(project, change, message):
    path = project / "seeds" / "event_mentions.csv"
    edit(path, *change)
    line = next(n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if change[1] in text)
    before = digest(project / "warehouse.duckdb")
    for command in ("check", "build"):
        result = cli(project, command)
        assert result.returncode == 1, command
        assert f"Error: seeds/event_mentions.csv:{line}{message}" in result.stderr, result.stderr
    assert digest(project / "warehouse.duckdb") == before


def test_check_rejects_a_story_opening_the_article_does_not_have(project):
    path = project / "seeds" / "articles.csv"
    edit(path, "are considering establishing regular ministerial-level talks", "have agreed on regular ministerial-level talks")
    line = next(n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "have agreed on" in text)
    result = cli(project, "check")
    assert result.returncode == 1
    assert f"Error: seeds/articles.csv:{line}:13: the opening is not in the text of 001_17b39c3ba67188ab" in result.stderr, result.stderr


def test_an_article_without_its_text_is_a_warning_not_an_error(project):
    (project / "sources" / "000_c5158528375a78ba.txt").unlink()
    result = cli(project, "check")
    assert result.returncode == 0, result.stderr
    assert "warning: no text under sources for 1 article(s) (000_c5158528375a78ba); their quotes are not checked" in result.stderr


def test_a_long_check_of_the_claims_is_announced_and_a_repeat_is_not(project, monkeypatch):
    monkeypatch.setattr(curation, "NOTICE_BYTES", 1)  # the real claims are far under the threshold
    (project / ".cache" / "curation.json").unlink()
    first = cli(project, "check")
    assert first.returncode == 0, first.stderr
    assert "checking the quotes and dates of seeds/event_mentions.csv (0 MiB); later builds check only the lines added" in first.stderr
    second = cli(project, "check")
    assert second.returncode == 0 and "checking the quotes" not in second.stderr


def test_rows_added_after_a_clean_run_are_checked_at_their_lines_and_a_changed_text_checks_every_row(project):
    add_generated_events(project, 2)
    path = project / "seeds" / "event_mentions.csv"
    edit(path, "Generated claim 5001:", "Altered claim 5001:")  # the article's text still says "Generated"
    line = next(n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "Altered claim 5001:" in text)
    result = cli(project, "check")
    assert result.returncode == 1
    assert f"Error: seeds/event_mentions.csv:{line}:14: the quote is not in the text of 900_0000000000000000" in result.stderr, result.stderr
    edit(path, "Altered claim 5001:", "Generated claim 5001:")
    assert cli(project, "check").returncode == 0
    text = project / "sources" / "000_c5158528375a78ba.txt"
    text.write_text(text.read_text(encoding="utf-8").replace("considering the establishment of a hotline", "thinking about a hotline"), encoding="utf-8")
    result = cli(project, "check")
    assert result.returncode == 1 and "the quote is not in the text of 000_c5158528375a78ba" in result.stderr, result.stderr
