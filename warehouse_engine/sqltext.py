"""SQL files read with sqlglot: their statements, and where each one starts."""

from __future__ import annotations

import sqlglot
from sqlglot.dialects.dialect import Dialect
from sqlglot.tokens import Token, TokenType

from .errors import Problem, WarehouseError, position_of


def tokens_of(text: str) -> list[Token]:
    return Dialect.get_or_raise("duckdb").tokenize(text)


def statement_starts(text: str) -> list[tuple[int, int]]:
    """Line and column of the first token of each statement in the text."""
    return [position_of(text, start) for start, _end in statement_spans(text)]


def statement_spans(text: str) -> list[tuple[int, int]]:
    """Start and end offsets (end exclusive, the semicolon left out) of each statement in the text."""
    spans: list[list[int]] = []
    at_start = True
    for token in tokens_of(text):
        if token.token_type == TokenType.SEMICOLON:
            at_start = True
        elif at_start:
            spans.append([token.start, token.end + 1])
            at_start = False
        else:
            spans[-1][1] = token.end + 1
    return [(start, end) for start, end in spans]


def parse_statements(text: str, where: str) -> list[sqlglot.exp.Expression]:
    """Every statement of a SQL file, parsed as DuckDB's dialect; a syntax error is a located problem."""
    try:
        return [s for s in sqlglot.parse(text, dialect="duckdb") if s is not None]
    except sqlglot.errors.ParseError as error:
        first = error.errors[0]
        description = first["description"].split(". Line")[0]
        raise WarehouseError(Problem(where, first["line"], first["col"], f"syntax error: {description}", first.get("highlight"))) from None
    except sqlglot.errors.TokenError as error:
        raise WarehouseError(Problem(where, None, None, f"syntax error: {error}")) from None
