"""Curation checks: what the seeds say is what the articles say.

Every quote and every story opening is found in its article's text (sources/<article_id>.txt, when the text is there), and
every date written relative to publication is resolved as the rules of domain.md resolve it
(relative_dates). Problems are located at the seed's file, line and column.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

from .cache import Cache, hash_text
from .errors import Problem, Progress, quiet
from .project import Project
from .relative_dates import agrees, resolve

QUOTE_FRAGMENTS = re.compile(r"\s*…\s*")


def curation_problems(project: Project, progress: Progress = quiet) -> list[Problem]:
    """Every quote not in its article and every relative date resolved otherwise than by the rules.

    An article whose text is not under the sources folder is a warning (through `progress`), not a
    problem. A clean result is remembered for the same seeds and texts, so unchanged runs skip it.
    """
    articles_path, mentions_path = project.seeds_dir / "articles.csv", project.seeds_dir / "event_mentions.csv"
    if not (articles_path.is_file() and mentions_path.is_file()):
        return []  # the loader reports missing seeds
    texts = source_texts(project)
    cache = Cache(project, "curation")
    key = hash_text(articles_path.read_bytes(), mentions_path.read_bytes(), *(f"{name}={body}" for name, body in sorted(texts.items())))
    if cache.get("clean") == key:
        return []
    published = {row["article_id"]: row.get("published_date", "") for _line, row in read_rows(articles_path)}
    missing = sorted(article for article in published if article not in texts)
    if missing:
        shown = ", ".join(missing[:5]) + (", …" if len(missing) > 5 else "")
        progress(f"warning: no text under {project.rel(project.sources_dir)} for {len(missing)} article(s) ({shown}); their quotes are not checked")
    problems = []
    where, column = project.rel(articles_path), header_columns(articles_path)
    for line, row in read_rows(articles_path):
        problems += verbatim_problems(where, line, column.get("opening", 1), row, "opening", texts)
    where, column = project.rel(mentions_path), header_columns(mentions_path)
    for line, row in read_rows(mentions_path):
        problems += verbatim_problems(where, line, column.get("quote", 1), row, "quote", texts)
        problems += date_problems(where, line, column.get("date_start", 1), row, published)
    if not problems:
        cache.put("clean", key)
        cache.save()
    return problems


def source_texts(project: Project) -> dict[str, str]:
    folder = project.sources_dir
    if not folder.is_dir():
        return {}
    return {path.stem: path.read_text(encoding="utf-8", errors="replace") for path in sorted(folder.glob("*.txt")) if path.is_file()}


def header_columns(path: Path) -> dict[str, int]:
    """Column number (from 1) of each name in the CSV header."""
    header = next(csv.reader([path.read_text(encoding="utf-8-sig").splitlines()[0]]))
    return {name: number for number, name in enumerate(header, start=1)}


def read_rows(path: Path):
    """(line, row) for every record of a CSV file, the line being where the record starts."""
    with open(path, encoding="utf-8-sig", errors="replace", newline="") as handle:
        reader = csv.DictReader(handle)
        _ = reader.fieldnames  # reads the header
        previous = reader.line_num
        for row in reader:
            yield previous + 1, row
            previous = reader.line_num


def verbatim_problems(where: str, line: int, column: int, row: dict, field: str, texts: dict[str, str]) -> list[Problem]:
    """The row's `field` (a quote, a story's opening) is in its article's text, fragment by fragment."""
    text = texts.get(row.get("article_id", ""))
    if text is None or not row.get(field):
        return []
    story = normalise(text)
    return [
        Problem(where, line, column, f"the {field} is not in the text of {row['article_id']}: copy it exactly, joining fragments with …", fragment)
        for fragment in QUOTE_FRAGMENTS.split(row[field])
        if fragment and normalise(fragment) not in story
    ]


def normalise(text: str) -> str:
    """Spacing and the shape of quotation marks do not count."""
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return " ".join(text.split())


def date_problems(where: str, line: int, column: int, row: dict, published: dict[str, str]) -> list[Problem]:
    written, day = row.get("date_text") or "", published.get(row.get("article_id", ""), "")
    try:
        publication = dt.date.fromisoformat(day)
        start = dt.date.fromisoformat(row["date_start"]) if row.get("date_start") else None
        end = dt.date.fromisoformat(row["date_end"]) if row.get("date_end") else None
    except ValueError:
        return []  # the loader reports malformed dates
    spans = resolve(written, publication) if written else None
    if spans is None or agrees(spans, start, end):
        return []
    allowed = " or ".join(f"{s or '…'}..{e or '…'}" for s, e in spans)
    return [
        Problem(
            where,
            line,
            column,
            f"'{written}' in an article published {publication} resolves to {allowed} by the rules of domain.md, not {start}..{end}",
            f"{start}..{end}",
        )
    ]
