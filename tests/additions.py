"""Generated valid additions to the curated seeds, as a curator following the README would add them:
an article (with its text under sources/) and the event, claims, participants, topics and links it
reports. Used to show that adding valid data never breaks the suite."""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

KINDS = [  # (event_type, level, claims as (status, expected, party))
    ("meeting", "ministerial", [("held", True, ""), ("held", False, "")]),
    ("meeting", "vice-ministerial", [("held", False, "")]),
    ("summit", "leaders", [("held", True, ""), ("held", False, "")]),
    ("dialogue", "director-general", [("proposed", False, ""), ("established", False, "")]),
    (
        "agreement",
        "ministerial",
        [("negotiating", False, ""), ("signed", False, ""), ("ratified", False, "Japan"), ("ratified", False, "EU"), ("in_force", False, "")],
    ),
    ("port_call", "operational", [("held", False, "")]),
    ("decision", "institutional", [("approved", False, "EU")]),
    ("exercise", "operational", [("planned", False, ""), ("cancelled", False, "")]),
]


def append(path: Path, rows: list[dict]) -> None:
    with open(path, encoding="utf-8", newline="") as handle:
        fields = next(csv.reader(handle))
    with open(path, "a", encoding="utf-8", newline="") as handle:
        csv.DictWriter(handle, fieldnames=fields, lineterminator="\n").writerows(rows)


def add_generated_events(project: Path, count: int, seed: int = 7) -> None:
    """Append `count` events, each reported by one or two new articles, to the project's seeds."""
    rng = random.Random(seed)
    seeds, sources = project / "seeds", project / "sources"
    sources.mkdir(exist_ok=True)
    articles, events, claims, people, event_people, event_topics, links = [], [], [], [], [], [], []
    topics = [row["topic_id"] for row in csv.DictReader(open(seeds / "topics.csv", encoding="utf-8")) if row["parent_topic_id"]]
    claim_number = 5000
    dialogue = ""
    for number in range(count):
        kind, level, steps = KINDS[number % len(KINDS)]
        event_id = f"generated-event-{number}"
        events.append(
            {
                "event_id": event_id,
                "title": f"Generated {kind} {number}",
                "event_type": kind,
                "level": level,
                "is_context": "false",
                "description": "Generated to show that valid additions keep the suite green.",
            }
        )
        published = dt.date(2018, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 8))
        story = f"generated-story-{number // 2}" if number % 5 == 0 else ""
        article_ids = []
        for part in range(1 + (len(steps) > 2)):
            article_id = f"{900 + number % 100:03d}_{number * 4 + part:016x}"
            day = published + dt.timedelta(days=40 * part)
            article_ids.append((article_id, day))
            articles.append(
                {
                    "article_id": article_id,
                    "outlet": f"Outlet {number % 7}",
                    "wire": "Generated Wire",
                    "story_id": story,
                    "url": "",
                    "language": "en",
                    "published_date": day.isoformat(),
                    "published_precision": "day",
                    "date_basis": "generated",
                    "dateline": "Tokyo",
                    "headline": f"Generated headline {number}",
                    "note": "",
                    "opening": "",
                }
            )
        texts: dict[str, list[str]] = {article_id: [] for article_id, _ in article_ids}
        first_claim = None
        for index, (status, expected, party) in enumerate(steps):
            article_id, day = article_ids[min(index * len(article_ids) // len(steps), len(article_ids) - 1)]
            happened = day - dt.timedelta(days=rng.randrange(1, 20)) if not expected else day + dt.timedelta(days=rng.randrange(5, 30))
            quote = f"Generated claim {claim_number}: the {kind} {number} is {status} ({'expected' if expected else 'reported'})."
            texts[article_id].append(quote)
            dated = status not in ("proposed", "negotiating", "planned")
            claims.append(
                {
                    "mention_id": f"m{claim_number}",
                    "event_id": event_id,
                    "article_id": article_id,
                    "claimed_status": status,
                    "expected": str(expected).lower(),
                    "party": party,
                    "date_text": "",
                    "date_start": happened.isoformat() if dated else "",
                    "date_end": happened.isoformat() if dated else "",
                    "date_precision": "day" if dated else "unknown",
                    "location": "Tokyo" if kind in ("meeting", "summit") else "",
                    "mode": "in_person" if kind in ("meeting", "summit") else "",
                    "cited_source": "",
                    "quote": quote,
                }
            )
            first_claim = first_claim or f"m{claim_number}"
            claim_number += 1
        for article_id, lines in texts.items():
            (sources / f"{article_id}.txt").write_text("\n\n".join([f"Generated headline {number}", *lines]), encoding="utf-8")
        person = f"generated-person-{number}"
        people.append(
            {"participant_id": person, "name": f"Generated Person {number}", "kind": "person", "side": ["Japan", "EU"][number % 2], "description": ""}
        )
        event_people.append(
            {
                "event_id": event_id,
                "participant_id": person,
                "mention_id": first_claim,
                "role": "principal",
                "title_at_time": "Generated office",
                "organisation_id": "",
                "basis": "curated",
            }
        )
        event_topics.append({"event_id": event_id, "topic_id": rng.choice(topics), "mention_id": first_claim, "basis": "curated"})
        if kind == "dialogue":
            dialogue = event_id
        elif kind in ("meeting", "summit") and dialogue and number % 2:  # some meetings belong to the latest dialogue
            links.append({"event_id": event_id, "link_type": "part_of", "linked_event_id": dialogue, "mention_id": first_claim, "basis": "curated"})
        elif number and number % 3 == 0:
            links.append(
                {
                    "event_id": event_id,
                    "link_type": rng.choice(["part_of", "follow_up_of", "outcome_of"]),
                    "linked_event_id": f"generated-event-{number - 1}",
                    "mention_id": first_claim,
                    "basis": "curated",
                }
            )
    for name, rows in (
        ("articles", articles),
        ("events", events),
        ("event_mentions", claims),
        ("participants", people),
        ("event_participants", event_people),
        ("event_topics", event_topics),
        ("event_links", links),
    ):
        append(seeds / f"{name}.csv", rows)
