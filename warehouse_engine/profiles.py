"""Profile pages: one page per person and per agreement or mechanism, with its whole history across
periods, as known now (every claim and its source, milestones, meetings, offices held)."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import jinja2

from .errors import Progress, quiet

Read = Callable[..., list[dict]]  # read(query name, subject=…) → rows of reports/queries/<name>.sql


def render_profiles(env: jinja2.Environment, read: Read, out_dir: Path, footer: dict, progress: Progress = quiet) -> list[Path]:
    """Write person-<id>.html and agreement-<id>.html beside the period pages; returns the files."""
    written = []
    people = read("people")
    for person in people:
        rows = read("person", subject=person["participant_id"])
        page = env.get_template("person.html.j2").render(person=person, rows=rows, footer=footer)
        written.append(write(out_dir / f"person-{person['participant_id']}.html", page))
    agreements = read("agreements")
    for agreement in agreements:
        subject = agreement["event_id"]
        page = env.get_template("agreement.html.j2").render(
            agreement=agreement,
            milestones=read("agreement_milestones", subject=subject),
            meetings=read("agreement_meetings", subject=subject),
            dialogue_meetings=read("dialogue_meetings", subject=subject),
            claims=read("claims", subject=subject),
            footer=footer,
        )
        written.append(write(out_dir / f"agreement-{subject}.html", page))
    progress(f"wrote {len(people)} person pages and {len(agreements)} agreement and mechanism pages")
    return written


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path
