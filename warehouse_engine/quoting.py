"""SQL literals and identifiers, quoted for DuckDB."""

from __future__ import annotations


def sql_string(text: str) -> str:
    """A SQL string literal."""
    return "'" + str(text).replace("'", "''") + "'"


def sql_name(name: str) -> str:
    """A quoted SQL identifier, optionally schema-qualified as 'schema.name'."""
    return ".".join('"' + part.replace('"', '""') + '"' for part in name.split("."))
