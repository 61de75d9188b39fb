"""Problems located by file, line and column, and the one exception that carries them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterable, Optional

Progress = Callable[[str], None]


def quiet(_message: str) -> None:
    """The default progress callback: say nothing."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one input, located as precisely as we can."""

    path: str
    line: Optional[int]
    column: Optional[int]
    message: str
    value: Optional[str] = None

    def __str__(self) -> str:
        where = ":".join(str(part) for part in (self.path, self.line, self.column) if part is not None)
        value = "" if self.value is None else f" ({shorten(self.value)})"
        return f"{where}: {self.message}{value}"


class WarehouseError(Exception):
    """Every failure the user can fix. Carries all problems found, each with file, line and column."""

    def __init__(self, problems: Iterable[Problem] | Problem | str):
        if isinstance(problems, (Problem, str)):
            problems = [problems]
        self.problems = [p if isinstance(p, Problem) else Problem("warehouse", None, None, p) for p in problems]
        super().__init__("\n".join(str(p) for p in self.problems))


def shorten(text: str, limit: int = 80) -> str:
    text = str(text).replace("\n", "\\n").replace("\r", "\\r")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def raise_if(problems: list[Problem]) -> None:
    if problems:
        raise WarehouseError(problems)


def position_of(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


def duckdb_position(error: Exception, text: str) -> tuple[Optional[int], Optional[int]]:
    """Line and column in `text` from a DuckDB error's 'LINE n:' excerpt and caret, when it has one.
    The excerpt is a window on the line as DuckDB got it ('...' where a long line is cut, and on line 1
    any prefix we sent before `text`): the column is found by matching the excerpt to `text`'s line."""
    match = re.search(r"LINE (\d+): (.*)\n(\s*)\^", str(error))
    if not match:
        return None, None
    line, shown = int(match.group(1)), match.group(2)
    caret = len(match.group(3)) - len(f"LINE {line}: ")  # index in `shown`
    lines = text.splitlines()
    if line > len(lines):
        return line, caret + 1
    before, after = shown[:caret].removeprefix("..."), shown[caret:].removesuffix("...")
    for cut in range(len(before) + 1):  # the most context that matches: a prefix we sent is not in `text`
        found = lines[line - 1].find(before[cut:] + after)
        if found >= 0:
            return line, found + len(before) - cut + 1
    return line, caret + 1
