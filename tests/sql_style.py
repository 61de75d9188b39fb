"""The house style of sql/ models, checked on sqlglot's tokens and syntax tree (not on regular
expressions over text, which cannot tell a keyword from a column named `alias`)."""

from __future__ import annotations

import sqlglot
from sqlglot import exp
from sqlglot.dialects.dialect import Dialect
from sqlglot.tokens import Token, TokenType

DUCKDB = Dialect.get_or_raise("duckdb")
KEYWORDS = DUCKDB.tokenizer_class.KEYWORDS
FUNCTIONS = DUCKDB.parser_class.FUNCTIONS
NOT_KEYWORDS = {TokenType.VAR, TokenType.IDENTIFIER, TokenType.STRING, TokenType.NUMBER}
JOIN_KINDS = {TokenType.INNER, TokenType.LEFT, TokenType.RIGHT, TokenType.FULL, TokenType.CROSS, TokenType.OUTER, TokenType.SEMI, TokenType.ANTI}


def style_problems(text: str) -> list[str]:
    """Every way the model text breaks the house style, as 'line N: what' where one line is at fault."""
    tokens = DUCKDB.tokenize(text)
    query = sqlglot.parse_one(text, dialect="duckdb")
    return keyword_case(tokens) + join_kinds(tokens) + implicit_aliases(query, tokens) + layout(query) + copied_imports(query)


def keyword_case(tokens: list[Token]) -> list[str]:
    """Keywords upper-case; function names (a keyword or not) may be lower-case."""
    problems = []
    for token, following in zip(tokens, tokens[1:] + [None]):
        is_keyword = token.token_type not in NOT_KEYWORDS and token.text.upper() in KEYWORDS
        is_function = following is not None and following.token_type == TokenType.L_PAREN and token.text.upper() in FUNCTIONS
        if is_keyword and not is_function and token.text != token.text.upper():
            problems.append(f"line {token.line}: write the keyword {token.text!r} in upper case")
    return problems


def join_kinds(tokens: list[Token]) -> list[str]:
    """Every JOIN says which kind it is (INNER, LEFT, CROSS, …)."""
    return [
        f"line {token.line}: say which kind of JOIN (INNER, LEFT, RIGHT, FULL or CROSS)"
        for before, token in zip(tokens, tokens[1:])
        if token.token_type == TokenType.JOIN and before.token_type not in JOIN_KINDS
    ]


def implicit_aliases(query: exp.Expression, tokens: list[Token]) -> list[str]:
    """Every column and table alias is introduced by AS."""
    previous = {}
    for before, token in zip(tokens, tokens[1:]):
        previous[token.start] = before
    problems = []
    for alias in [*query.find_all(exp.Alias), *query.find_all(exp.TableAlias)]:
        name = alias.args.get("alias") if isinstance(alias, exp.Alias) else alias.this
        if isinstance(alias.parent, exp.CTE) or not isinstance(name, exp.Identifier) or "start" not in name.meta:
            continue
        before = previous.get(name.meta["start"])
        if before is not None and before.token_type != TokenType.ALIAS:
            problems.append(f"line {name.meta['line']}: write AS before the alias {name.name}")
    return problems


def layout(query: exp.Expression) -> list[str]:
    """Import CTEs (SELECT * FROM one table) first, then logic CTEs, then `final`, then SELECT * FROM final."""
    ctes = ctes_of(query)
    imports = [is_import(cte.this) for cte in ctes]
    problems = []
    if not imports or not imports[0]:
        problems.append("start with an import CTE: name AS (SELECT * FROM other_model)")
    if imports != sorted(imports, reverse=True):
        problems.append("import CTEs come first, before any logic CTE")
    if not ctes or ctes[-1].alias != "final":
        problems.append("the last CTE is named final")
    outer = query.copy()
    outer.set("with_", None)
    if outer.sql(dialect="duckdb") != "SELECT * FROM final":
        problems.append("end with SELECT * FROM final")
    return problems


def copied_imports(query: exp.Expression) -> list[str]:
    """An import CTE read more than once says NOT MATERIALIZED: DuckDB would otherwise copy the table
    (the columns read) into memory for the query, which at 10M events is gigabytes spilled to disk."""
    reads = [table.name for table in query.find_all(exp.Table) if not table.db]
    return [
        f"the import CTE {cte.alias} is read {reads.count(cte.alias)} times: write {cte.alias} AS NOT MATERIALIZED ("
        for cte in ctes_of(query)
        if is_import(cte.this) and reads.count(cte.alias) > 1 and cte.args.get("materialized") is not False
    ]


def ctes_of(query: exp.Expression) -> list[exp.CTE]:
    return list(query.args["with_"].expressions) if query.args.get("with_") else []


def is_import(select: exp.Expression) -> bool:
    return (
        isinstance(select, exp.Select)
        and [e.sql() for e in select.expressions] == ["*"]
        and isinstance(select.args.get("from_"), exp.From)
        and isinstance(select.args["from_"].this, exp.Table)
        and all(not select.args.get(key) for key in select.args if key not in ("expressions", "from_"))
    )
