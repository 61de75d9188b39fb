"""Report periods: years, quarters, months, ranges and all."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .errors import Problem, WarehouseError

PERIOD_FORMS = "a year (2024), a quarter (2024-Q4), a month (2024-11), a range (2023-01-01..2023-06-30) or all"


@dataclass(frozen=True)
class Period:
    label: str
    start: dt.date
    end: dt.date

    @property
    def slug(self) -> str:
        return self.label.replace("..", "_")

    @property
    def title(self) -> str:
        return "All periods, as known now" if self.label == "all" else self.label


ALL_TIME = Period("all", dt.date(1900, 1, 1), dt.date(9999, 12, 31))


def parse_period(text: str) -> Period:
    """2024, 2024-Q4, 2024-11, 2023-01-01..2023-06-30 or all."""
    text = text.strip()
    try:
        if text == "all":
            return ALL_TIME
        if re.fullmatch(r"\d{4}", text):
            return Period(text, dt.date(int(text), 1, 1), dt.date(int(text), 12, 31))
        if match := re.fullmatch(r"(\d{4})-Q([1-4])", text):
            year, quarter = int(match.group(1)), int(match.group(2))
            start = dt.date(year, 3 * quarter - 2, 1)
            return Period(text, start, month_end(year, 3 * quarter))
        if match := re.fullmatch(r"(\d{4})-(\d{2})", text):
            year, month = int(match.group(1)), int(match.group(2))
            return Period(text, dt.date(year, month, 1), month_end(year, month))
        if match := re.fullmatch(r"(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})", text):
            start, end = dt.date.fromisoformat(match.group(1)), dt.date.fromisoformat(match.group(2))
            if end >= start:
                return Period(text, start, end)
    except ValueError:
        pass
    raise WarehouseError(Problem("--period", None, None, f"not a period; use {PERIOD_FORMS}", text))


def month_end(year: int, month: int) -> dt.date:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return following - dt.timedelta(days=1)
