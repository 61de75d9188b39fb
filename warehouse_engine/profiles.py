"""Profile pages: one page per person and per agreement or mechanism, with its whole history across
periods, as known now (every claim and its source, milestones, meetings, offices held)."""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Optional

import jinja2

from .errors import Progress, quiet

Read = Callable[..., list[dict]]  # read(query name, subjects=ids or None for all) → rows of reports/queries/<name>.sql


def render_profiles(
    env: jinja2.Environment, read: Read, out_dir: Path, footer: dict, linked: Optional[set[tuple[str, str]]] = None, progress: Progress = quiet
) -> list[Path]:
    """Write person-<id>.html and agreement-<id>.html beside the period pages: every one, or only
    those in `linked` (the (kind, subject) pairs the period pages just written link to); returns the files.

    Each query runs once for every subject (its `subject` column says whose row it is), not once a page,
    and reads only the subjects to write (`$subjects`) when some are chosen.
    """
    written = []
    chosen = {kind: None if linked is None else sorted(subject for k, subject in linked if k == kind) for kind in ("person", "agreement")}
    people = read("people", subjects=chosen["person"])
    agreements = read("agreements", subjects=chosen["agreement"])
    records = grouped(read("person", subjects=chosen["person"]))
    for person in people:
        page = env.get_template("person.html.j2").render(person=person, rows=records.get(person["participant_id"], []), footer=footer)
        written.append(write(out_dir / page_name("person", person["participant_id"]), page))
    section_names = ("agreement_milestones", "agreement_meetings", "dialogue_meetings", "claims")
    sections = {name: grouped(read(name, subjects=chosen["agreement"])) for name in section_names}
    template = env.get_template("agreement.html.j2")
    for agreement in agreements:
        subject = agreement["event_id"]
        page = template.render(
            agreement=agreement,
            milestones=sections["agreement_milestones"].get(subject, []),
            meetings=sections["agreement_meetings"].get(subject, []),
            dialogue_meetings=sections["dialogue_meetings"].get(subject, []),
            claims=sections["claims"].get(subject, []),
            footer=footer,
        )
        written.append(write(out_dir / page_name("agreement", subject), page))
    progress(f"wrote {len(people)} person pages and {len(agreements)} agreement and mechanism pages")
    return written


def page_name(kind: str, subject: str) -> str:
    """person-<id>.html or agreement-<id>.html, as the templates link to them."""
    return f"{kind}-{subject}.html"


def grouped(rows: list, key: str | int = "subject") -> dict[str, list]:
    """Rows (dictionaries, or tuples with `key` an index) by the value of `key`, in their order."""
    groups: dict[str, list] = {}
    for row in rows:
        groups.setdefault(row[key], []).append(row)
    return groups


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path
