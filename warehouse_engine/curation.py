"""Curation checks: what the seeds say is what the articles say.

Every quote and every story opening is found in its article's text (sources/<article_id>.txt, when the text is there), and
every date written relative to publication is resolved as the rules of domain.md resolve it
(relative_dates). Problems are located at the seed's file, line and column.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from dataclasses import dataclass
from pathlib import Path

from .cache import Cache, hash_text
from .errors import Problem, Progress, quiet
from .project import Project
from .relative_dates import agrees, resolve

QUOTE_FRAGMENTS = re.compile(r"\s*…\s*")
CHUNK = 1 << 20  # bytes read at a time when hashing a seed
NOTICE_BYTES = 32 << 20  # claims to check beyond this size (half a second of checking) are announced first


def curation_problems(project: Project, progress: Progress = quiet) -> list[Problem]:
    """Every quote not in its article and every relative date resolved otherwise than by the rules.

    An article whose text is not under the sources folder is a warning (through `progress`), not a
    problem. What a clean run checked is remembered: the same seeds and texts are not checked again,
    and rows appended since are the only ones checked (see `resume_points`).
    """
    articles_path, mentions_path = project.seeds_dir / "articles.csv", project.seeds_dir / "event_mentions.csv"
    if not (articles_path.is_file() and mentions_path.is_file()):
        return []  # the loader reports missing seeds
    texts = source_texts(project)
    text_hashes = {name: hash_text(body) for name, body in texts.items()}
    cache = Cache(project, "curation")
    checked = cache.get("checked") if isinstance(cache.get("checked"), dict) else {}
    entries = checked.get("files") if isinstance(checked.get("files"), list) and len(checked["files"]) == 2 else [None, None]
    files = [FileSeen.of(path, entry) for path, entry in zip((articles_path, mentions_path), entries)]
    if checked.get("texts") == text_hashes and all(seen.unchanged for seen in files):
        return []
    published, new_articles = {}, set()  # article id → publication date; the articles added since the last clean run
    for line, row in read_rows(articles_path):
        published[row["article_id"]] = row.get("published_date", "")
        if line > files[0].lines:
            new_articles.add(row["article_id"])
    missing = sorted(article for article in published if article not in texts)
    if missing:
        shown = ", ".join(missing[:5]) + (", …" if len(missing) > 5 else "")
        progress(f"warning: no text under {project.rel(project.sources_dir)} for {len(missing)} article(s) ({shown}); their quotes are not checked")
    (articles_checked, articles_offset), (mentions_checked, mentions_offset) = resume_points(files, checked.get("texts"), text_hashes, new_articles)
    problems = []
    where, column = project.rel(articles_path), header_columns(articles_path)
    for line, row in read_rows(articles_path, articles_offset, articles_checked):
        problems += verbatim_problems(where, line, column.get("opening", 1), row, "opening", texts)
    where, column = project.rel(mentions_path), header_columns(mentions_path)
    unchecked = files[1].now[0] - mentions_offset
    if unchecked > NOTICE_BYTES:
        progress(f"checking the quotes and dates of {where} ({unchecked >> 20} MiB); later builds check only the lines added")
    for line, row in read_rows(mentions_path, mentions_offset, mentions_checked):
        if row.get("article_id") in texts:  # the checks are cheap; calling them for millions of rows is not
            problems += verbatim_problems(where, line, column.get("quote", 1), row, "quote", texts)
        if row.get("date_text"):
            problems += date_problems(where, line, column.get("date_start", 1), row, published)
    if not problems:
        cache.put("checked", {"files": [seen.now for seen in files], "texts": text_hashes})
        cache.save()
    return problems


@dataclass(frozen=True)
class FileSeen:
    """A seed file against what the last clean run checked of it (`entry`: [size, sha256, lines])."""

    now: list  # the entry for the file as it is
    intact: bool  # it starts with the bytes checked, which end a line
    lines: int  # lines checked
    size: int  # bytes checked

    @classmethod
    def of(cls, path: Path, entry) -> "FileSeen":
        """One pass over the file in chunks (a seed may be gigabytes): the checked bytes, then the rest."""
        size, digest, lines = entry if isinstance(entry, list) and len(entry) == 3 else (0, "", 0)
        hasher, length, newlines, last, intact = hashlib.sha256(), 0, 0, b"", False
        with open(path, "rb") as handle:
            for limit in (size, None):  # the bytes checked, then the rest
                while chunk := handle.read(CHUNK if limit is None else min(CHUNK, limit - length)):
                    hasher.update(chunk)
                    length, newlines, last = length + len(chunk), newlines + chunk.count(b"\n"), chunk[-1:]
                if limit is not None:
                    intact = 0 < size == length and last == b"\n" and hasher.hexdigest() == digest
        return cls([length, hasher.hexdigest(), newlines], intact, lines, size)

    @property
    def unchanged(self) -> bool:
        return self.intact and self.size == self.now[0]


def resume_points(files: list[FileSeen], texts_checked, text_hashes: dict[str, str], new_articles: set[str]) -> list[tuple[int, int]]:
    """Where each file's unchecked rows start, as (lines checked, byte offset), when the files only
    gained rows since the last clean run (`new_articles`: the articles among them) and the texts only
    gained files, each for a new article; else (0, 0): check every row."""
    every_row = [(0, 0)] * len(files)
    if not isinstance(texts_checked, dict) or not all(seen.intact for seen in files):
        return every_row
    changed_texts = {name for name, digest in text_hashes.items() if texts_checked.get(name) != digest}
    if set(texts_checked) - set(text_hashes) or not changed_texts <= new_articles:
        return every_row
    return [(seen.lines, seen.size) for seen in files]


def source_texts(project: Project) -> dict[str, str]:
    folder = project.sources_dir
    if not folder.is_dir():
        return {}
    return {path.stem: path.read_text(encoding="utf-8", errors="replace") for path in sorted(folder.glob("*.txt")) if path.is_file()}


def header_columns(path: Path) -> dict[str, int]:
    """Column number (from 1) of each name in the CSV header."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        header = next(csv.reader([handle.readline()]))
    return {name: number for number, name in enumerate(header, start=1)}


def read_rows(path: Path, offset: int = 0, lines_before: int = 0):
    """(line, row) for every record of a CSV file, the line being where the record starts; from the
    byte `offset` (the start of a line, after `lines_before` lines) when given."""
    with open(path, "rb") as raw:
        header = next(csv.reader([raw.readline().decode("utf-8-sig", errors="replace")]))
        raw.seek(offset or raw.tell())
        handle = io.TextIOWrapper(raw, encoding="utf-8", errors="replace", newline="")
        reader = csv.reader(handle)  # not csv.DictReader: half the time on a seed of millions of rows
        base = lines_before if offset else 1  # lines before the first record read
        previous = base
        for values in reader:
            if values:  # a blank line is no record
                yield previous + 1, dict(zip(header, values))
            previous = reader.line_num + base


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
    """The dates of a row that gives a date in words agree with what the words resolve to."""
    written, day = row["date_text"], published.get(row.get("article_id", ""), "")
    try:
        publication = dt.date.fromisoformat(day)
        start = dt.date.fromisoformat(row["date_start"]) if row.get("date_start") else None
        end = dt.date.fromisoformat(row["date_end"]) if row.get("date_end") else None
    except ValueError:
        return []  # the loader reports malformed dates
    spans = resolve(written, publication)
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
