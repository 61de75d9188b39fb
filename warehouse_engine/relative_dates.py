"""Dates written relative to an article's publication, resolved by the rules of domain.md.

    "said Monday"            the most recent Monday on or before publication
    "as early as Wednesday"  the next Wednesday after publication (an earliest date, not a firm one)
    "on Tuesday"             the nearest Tuesday before or after (the tense is not in the words)
    "next week"              Monday to Sunday of the week after publication
    "later this month"       the day after publication to the end of the month
    "by the end of the year" publication to 31 December of its year
    "last July"              the most recent July before the month of publication
    "last year"              the calendar year before publication
    "July 13", "in July 2023", "in 2021", "since 2022"   those days, months and years
    "two-day … from July 11", "three-day … through Monday"   spans counted from their known end

resolve() gives the spans the words allow, or None when the words are not a date these rules cover
(then nothing is checked).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Optional

Span = tuple[Optional[dt.date], Optional[dt.date]]  # None: that end is not fixed by the words

WEEKDAYS = {name.lower(): number for number, name in enumerate(calendar.day_name)}
MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}
PAST_MARKERS = ("said", "earlier", "last", "was", "were", "held")
FUTURE_MARKERS = ("as early as", "will", "next", "scheduled", "expected")


def resolve(text: str, published: dt.date) -> Optional[list[Span]]:
    """The spans `text` may stand for, written in an article published on `published`."""
    words = " ".join(text.lower().replace(".", " ").split())
    for rule in (next_week, later_this_month, end_of_year, last_year, last_month, weekday, month_day, month_year, year):
        spans = rule(words, published)
        if spans is not None:
            return spans
    return None


def span_length(words: str) -> Optional[int]:
    """The N of a 'N-day' span ('a two-day summit'), when the words give one."""
    match = re.search(r"\b(two|three|four|five|six|seven)-day\b", words)
    return NUMBERS[match.group(1)] if match else None


def next_week(words: str, published: dt.date) -> Optional[list[Span]]:
    if "next week" not in words:
        return None
    monday = published + dt.timedelta(days=7 - published.weekday())
    return [(monday, monday + dt.timedelta(days=6))]


def later_this_month(words: str, published: dt.date) -> Optional[list[Span]]:
    if "later this month" not in words:
        return None
    return [(published + dt.timedelta(days=1), month_end(published.year, published.month))]


def end_of_year(words: str, published: dt.date) -> Optional[list[Span]]:
    if "end of the year" not in words and "end of this year" not in words:
        return None
    return [(published, dt.date(published.year, 12, 31))]


def last_year(words: str, published: dt.date) -> Optional[list[Span]]:
    if not re.search(r"\blast year\b", words):
        return None
    return [(dt.date(published.year - 1, 1, 1), dt.date(published.year - 1, 12, 31))]


def last_month(words: str, published: dt.date) -> Optional[list[Span]]:
    match = re.search(r"\blast (" + "|".join(MONTHS) + r")\b", words)
    if not match:
        return None
    month = MONTHS[match.group(1)]
    year = published.year if month < published.month else published.year - 1
    return [(dt.date(year, month, 1), month_end(year, month))]


def weekday(words: str, published: dt.date) -> Optional[list[Span]]:
    match = re.search(r"\b(" + "|".join(WEEKDAYS) + r")\b", words)
    if not match:
        return None
    target = WEEKDAYS[match.group(1)]
    before = published - dt.timedelta(days=(published.weekday() - target) % 7)  # on or before publication
    after = published + dt.timedelta(days=(target - published.weekday() - 1) % 7 + 1)  # strictly after
    if any(marker in words for marker in FUTURE_MARKERS):
        candidates = [after]
    elif any(re.search(rf"\b{marker}\b", words) for marker in PAST_MARKERS):
        candidates = [before]
    else:
        candidates = [before, after]
    days = span_length(words)
    if re.search(r"\b(through|until|till)\b", words):  # the weekday ends the span
        return [(day - dt.timedelta(days=days - 1) if days else None, day) for day in candidates]
    return [(day, day + dt.timedelta(days=days - 1) if days else day) for day in candidates]


def month_day(words: str, published: dt.date) -> Optional[list[Span]]:
    match = re.search(r"\b(" + "|".join(MONTHS) + r") (\d{1,2})\b(?!,? \d{4})", words)
    if not match:
        return None
    try:
        day = dt.date(published.year, MONTHS[match.group(1)], int(match.group(2)))
    except ValueError:
        return None
    days = span_length(words)
    if re.search(r"\b(through|until|till)\b", words):
        return [(day - dt.timedelta(days=days - 1) if days else None, day)]
    return [(day, day + dt.timedelta(days=days - 1) if days else day)]


def month_year(words: str, published: dt.date) -> Optional[list[Span]]:
    match = re.search(r"\b(" + "|".join(MONTHS) + r") (\d{4})\b", words)
    if not match:
        return None
    year, month = int(match.group(2)), MONTHS[match.group(1)]
    return [(dt.date(year, month, 1), month_end(year, month))]


def year(words: str, published: dt.date) -> Optional[list[Span]]:
    match = re.search(r"\b(?:in|since|during) (\d{4})\b", words)
    if not match:
        return None
    value = int(match.group(1))
    return [(dt.date(value, 1, 1), dt.date(value, 12, 31))]


def month_end(year_number: int, month: int) -> dt.date:
    return dt.date(year_number, month, calendar.monthrange(year_number, month)[1])


def agrees(spans: list[Span], start: Optional[dt.date], end: Optional[dt.date]) -> bool:
    """Whether a stored resolution is one the words allow (an end the words leave open is not compared)."""
    return any((want_start is None or want_start == start) and (want_end is None or want_end == end) for want_start, want_end in spans)
