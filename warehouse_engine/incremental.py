"""Incremental models: a model whose header says `-- incremental: <key>` is updated in place, for the
keys whose upstream rows changed, instead of being built again whole, when the build can show that
no other row of it can differ.

What the header promises, for data that passes the data tests: the model's rows for a key are
computed from the rows of that key in each parent that has the key as a column, and from every other
parent only by looking rows up by that parent's own key. A parent listed under `-- looks_up:` is also
read for other keys (another event's title). Such parents, and parents without the key, may only have
gained rows: a row they gained has a new key, which only changed rows of the model's own parents can
refer to. A parent listed under `-- joins_all:` (report periods, joined by date range) may only have
gained rows, one such parent at a time: each row of the model comes from one row of it, so a row it
gained adds the model's rows for that row alone (the first article of a new quarter adds the quarter's
rows) and changes no other. With `-- known_by: <parent>.<day>` (a period's last day in rpt_periods)
the promise about parents without the key is another: the rows for a key read their rows only when
known (their `known_from`) by that key's day, and rows with a `known_until` only before that day (what
was known until a later claim). A row such a parent gained, lost or changed then touches the keys whose
day is on or after its `known_from` (or, when only its `known_until` changed, after the earlier of the
two): news published today changes no earlier period as known at its end. Anything else (a parent
rebuilt whole, a row changed in such a parent, half the table or more to redo) builds the model whole,
as before. A test compares every in-place update with a whole build of the same seeds."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import duckdb

from .graph import Graph
from .models import Model
from .quoting import sql_name, sql_string
from .versions import COPY, Plan, PublishedState

# Updating in place pays while it redoes part of the table (a period model redoing 29 % of its rows took
# 0.6 s against 1.7 s whole); beyond this share of a table's rows (and this many rows, for small tables,
# where either way is quick), it is built whole.
IN_PLACE_SHARE = 0.5
IN_PLACE_ROWS = 1000
COMPARED_MODEL_ROWS = 100_000  # a model built whole is compared with its published rows up to this size
LOST = "lost__"  # the column of compared rows that tells the old version's rows from the new one's


@dataclass(frozen=True)
class Change:
    """How a node's rows differ from the version the build replaces: `rows`, a temp table of the rows
    either version has and the other has not (None: built whole, not compared); `grew_only` when the
    old version lost or changed no row."""

    rows: Optional[str]
    grew_only: bool = False


WHOLE = Change(None)


class Changes:
    """The changes of the seeds and models a build has done so far, and the in-place updates they allow."""

    def __init__(self, con: duckdb.DuckDBPyConnection, public: str, previous: Optional[str], read_by_updates: set[str] = frozenset()):
        self.con, self.public, self.previous = con, public, previous  # previous: the published file's alias, None if not a copy of it
        self.read_by_updates = read_by_updates  # nodes whose changed rows models updated in place need (else their keys do)
        self.known: dict[str, Change] = {}

    def built_whole(self, name: str) -> None:
        self.known[name] = WHOLE

    def grown(self, name: str, new_rows: str) -> int:
        """A seed grew by the rows of the temp table `new_rows` and lost none; returns how many."""
        self.known[name] = Change(new_rows, grew_only=True)
        return self.con.execute(f"SELECT count(*) FROM {new_rows}").fetchone()[0]

    def compare_with_published(self, name: str, is_seed: bool) -> None:
        """Find the rows of a node built whole that differ from its published table: a seed always
        (its rows are mostly appended, which is quick to see), a model when it is small."""
        old, new = f"{self.previous}.main.{sql_name(name)}", self.table(name)
        if self.previous is None or not self.exists(self.previous, name) or self.columns(old) != self.columns(new):
            self.built_whole(name)
            return
        if not is_seed and self.con.execute(f"SELECT count(*) FROM {new}").fetchone()[0] > COMPARED_MODEL_ROWS:
            self.built_whole(name)
            return
        self.known[name] = self.appended(name, old, new) or self.difference(name, old, new)

    def appended(self, name: str, old: str, new: str) -> Optional[Change]:
        """The change when the old rows are, one by one, the first rows of the new table (a seed file
        that only gained lines, loaded in file order): the rest. Found in one pass, without hashing
        every row; None when it is not so."""
        old_count, new_count = (self.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in (old, new))
        if new_count < old_count:
            return None
        pairs = f"(SELECT {old} AS row FROM {old}) AS before POSITIONAL JOIN (SELECT {new} AS row FROM {new} WHERE rowid < {old_count}) AS after"
        if self.con.execute(f"SELECT count(*) FROM {pairs} WHERE before.row IS DISTINCT FROM after.row").fetchone()[0]:
            return None
        rows = changed_rows(name)
        self.con.execute(f"CREATE OR REPLACE TEMP TABLE {rows} AS SELECT * FROM {new} WHERE rowid >= {old_count}")
        return Change(rows, grew_only=True)

    def difference(self, name: str, old: str, new: str) -> Change:
        """The rows only one of `old` and `new` has (as multisets), the old version's marked LOST."""
        rows = changed_rows(name)
        only_in = "SELECT *, {} AS " + LOST + " FROM (SELECT * FROM {} EXCEPT ALL SELECT * FROM {})"
        self.con.execute(f"CREATE OR REPLACE TEMP TABLE {rows} AS {only_in.format('true', old, new)}")
        lost = self.con.execute(f"SELECT count(*) FROM {rows}").fetchone()[0]
        self.con.execute(f"INSERT INTO {rows} {only_in.format('false', new, old)}")
        return Change(rows, grew_only=lost == 0)

    def update_in_place(self, name: str, model: Model, parents: list[str]) -> Optional[int]:
        """Redo the model's rows for the keys its parents changed, if that is allowed (see the module
        docstring); returns how many keys were redone, or None when it must be built whole."""
        key = model.incremental
        key_type = dict(self.columns(self.table(name))).get(key)  # the touched keys are cast to it: with none touched, NULL has a type of its own
        if self.previous is None or key_type is None:
            return None
        touched = self.touched_keys(model, parents)
        if touched is None:
            return None
        keys = f"temp.main.{sql_name('touched__' + name)}"
        self.con.execute(f"CREATE OR REPLACE TEMP TABLE {keys} AS SELECT DISTINCT CAST({sql_name(key)} AS {key_type}) AS touched_key FROM ({touched})")
        count, unkeyed = self.con.execute(f"SELECT count(touched_key), count(*) - count(touched_key) FROM {keys}").fetchone()
        of_touched = f"{sql_name(key)} IN (SELECT touched_key FROM {keys})"
        rows = self.con.execute(f"SELECT count(*) FROM {self.table(name)}").fetchone()[0]
        redone = self.con.execute(f"SELECT count(*) FROM {self.table(name)} WHERE {of_touched}").fetchone()[0]  # a filter DuckDB pushes into the scan
        if unkeyed or redone > max(IN_PLACE_SHARE * rows, IN_PLACE_ROWS):
            self.con.execute(f"DROP TABLE {keys}")
            return None
        restricted = [p for p in parents if key in self.column_names(p) and p not in model.looks_up]
        self.redo(name, model, key, keys, restricted)
        for parent in self.joined_grown(model):
            self.add_rows_of_new(name, model, key, keys, parent)
        self.con.execute(f"DROP TABLE {keys}")  # its changed rows, kept in `known`, say the rest
        return count

    def touched_keys(self, model: Model, parents: list[str]) -> Optional[str]:
        """A query of the keys whose rows may change, from the changed rows of the parents; None when
        a parent's change does not allow an update in place."""
        key = model.incremental
        queries = [f"SELECT NULL AS {sql_name(key)} WHERE false"]
        for parent in parents:
            change = self.known.get(parent)
            if change is None or change.rows is not None and self.is_empty(change.rows):
                continue  # not built, or no row changed
            if change.rows is None or parent in model.joins_all and not (change.grew_only and self.joined_grown(model) == [parent]):
                return None
            if parent in model.joins_all:
                continue  # its new rows add rows of their own (add_rows_of_new), for every key
            has_key = key in self.column_names(parent)
            if has_key:
                queries.append(f"SELECT {sql_name(key)} FROM {change.rows}")
            if not has_key and model.known_by:
                known_later = self.keys_known_after(model, change.rows)
                if known_later is None:
                    return None
                queries.append(known_later)
            elif (parent in model.looks_up or not has_key) and not change.grew_only:
                return None
        return " UNION ALL ".join(queries)

    def joined_grown(self, model: Model) -> list[str]:
        """The `joins_all` parents that gained rows in this build."""
        return [p for p in model.joins_all if p in self.known and self.known[p].rows is not None and not self.is_empty(self.known[p].rows)]

    def add_rows_of_new(self, name: str, model: Model, key: str, keys: str, parent: str) -> None:
        """Insert the model's rows for the rows a `joins_all` parent gained (its SQL reads a temp view of
        them in the parent's place), except for the keys just redone with every row of it; they join the
        changed rows."""
        change, added = self.known[parent], f"temp.main.{sql_name('added__' + name)}"
        new_rows = f"SELECT * EXCLUDE ({LOST}) FROM {change.rows}" if LOST in self.names(change.rows) else f"SELECT * FROM {change.rows}"
        self.con.execute(f"CREATE OR REPLACE TEMP VIEW {sql_name(parent)} AS {new_rows}")
        try:
            of_others = f"{sql_name(key)} NOT IN (SELECT touched_key FROM {keys})"
            self.con.execute(f"CREATE OR REPLACE TEMP TABLE {added} AS SELECT * FROM (\n{model.text}\n) WHERE {of_others}{model.storage_order}")
        finally:
            self.con.execute(f"DROP VIEW IF EXISTS temp.main.{sql_name(parent)}")
        self.con.execute(f"INSERT INTO {self.table(name)} BY NAME SELECT * FROM {added}")
        rows = self.known[name].rows
        if name in self.read_by_updates:
            self.con.execute(f"INSERT INTO {rows} BY NAME SELECT *, false AS {LOST} FROM {added}")
        else:
            self.con.execute(f"INSERT INTO {rows} SELECT DISTINCT {sql_name(key)} FROM {added}")
        self.con.execute(f"DROP TABLE {added}")

    def keys_known_after(self, model: Model, rows: str) -> Optional[str]:
        """A query of the keys whose `known_by` day is on or after the first day a parent's changed rows
        were known; None when a row does not say when it became known."""
        query = self.first_day_changed(rows)
        if query is None:
            return None
        first, undated = self.con.execute(query).fetchone()
        if undated:
            return None
        parent, day = model.known_by
        return f"SELECT DISTINCT {sql_name(model.incremental)} FROM {self.table(parent)} WHERE {sql_name(day)} >= {sql_string(str(first))}"

    def first_day_changed(self, rows: str) -> Optional[str]:
        """A query of the first day on which the changed rows make a difference, and of how many rows
        have no `known_from`; None without that column. A row with `known_until` counts only while
        known: when an old and a new version differ only there (a claim closed what was known until
        then), they differ from the earlier of the two days on."""
        columns = self.names(rows)
        if "known_from" not in columns:
            return None
        if "known_until" not in columns or LOST not in columns:
            return f"SELECT min(known_from), count(*) - count(known_from) FROM {rows}"
        same = ", ".join(sql_name(column) for column in columns if column not in ("known_until", LOST))
        versions = (
            f"SELECT min(known_from) AS known_from, min(known_until) AS closed, count(*) AS versions, count(DISTINCT {LOST}) AS sides,"
            f" count(*) - count(known_from) AS undated FROM {rows} GROUP BY {same}"
        )
        return f"SELECT min(CASE WHEN versions = 2 AND sides = 2 THEN closed ELSE known_from END), sum(undated) FROM ({versions})"

    def redo(self, name: str, model: Model, key: str, keys: str, restricted: list[str]) -> None:
        """Delete the rows of the touched keys and insert them again from the model's own SQL, which
        reads each restricted parent through a temp view of its rows for those keys (temp objects
        come first in DuckDB's name lookup, so the SQL runs unchanged)."""
        table, old = self.table(name), f"temp.main.{sql_name('old__' + name)}"
        of_touched = f"{sql_name(key)} IN (SELECT touched_key FROM {keys})"
        compared = name in self.read_by_updates  # else no update in place reads its changed rows: the keys redone stand for them
        for parent in restricted:
            self.con.execute(f"CREATE OR REPLACE TEMP VIEW {sql_name(parent)} AS SELECT * FROM {self.table(parent)} WHERE {of_touched}")
        try:
            if compared:
                self.con.execute(f"CREATE OR REPLACE TEMP TABLE {old} AS SELECT * FROM {table} WHERE {of_touched}")
            self.con.execute(f"DELETE FROM {table} WHERE {of_touched}")
            self.con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM (\n{model.text}\n) WHERE {of_touched}{model.storage_order}")
        finally:
            for parent in restricted:
                self.con.execute(f"DROP VIEW IF EXISTS temp.main.{sql_name(parent)}")
        if compared:
            self.known[name] = self.difference(name, old, f"(SELECT * FROM {table} WHERE {of_touched})")
            self.con.execute(f"DROP TABLE {old}")
        else:
            self.con.execute(f"CREATE OR REPLACE TEMP TABLE {changed_rows(name)} AS SELECT touched_key AS {sql_name(key)} FROM {keys}")
            self.known[name] = Change(changed_rows(name))

    def kept_values(self, name: str, column: str) -> bool:
        """Whether every value of `column` the published `name` held is still there: the node was not
        rebuilt, or no changed row holds a value it no longer has."""
        change = self.known.get(name)
        if change is None:
            return True
        if change.rows is None or column not in self.names(change.rows):
            return False
        value = sql_name(column)
        still_there = f"SELECT 1 FROM {self.table(name)} AS now WHERE now.{value} = changed.{value}"
        gone = f"SELECT 1 FROM {change.rows} AS changed WHERE changed.{value} IS NOT NULL AND NOT EXISTS ({still_there}) LIMIT 1"
        return self.con.execute(gone).fetchone() is None

    def changed_rows_now(self, name: str, key: str) -> str:
        """A subquery of the current rows of a model updated in place whose key has a changed row."""
        of_changed = f"{sql_name(key)} IN (SELECT {sql_name(key)} FROM {self.known[name].rows})"
        return f"(SELECT * FROM {self.table(name)} WHERE {of_changed})"

    def table(self, name: str) -> str:
        return f"{self.public}.main.{sql_name(name)}"

    def exists(self, database: str, name: str) -> bool:
        query = "SELECT count(*) FROM duckdb_tables() WHERE database_name = ? AND schema_name = 'main' AND table_name = ?"
        return self.con.execute(query, [database, name]).fetchone()[0] > 0

    def columns(self, table: str) -> list[tuple[str, str]]:
        return [(row[0], row[1]) for row in self.con.execute(f"DESCRIBE {table}").fetchall()]

    def names(self, table: str) -> list[str]:
        return [column for column, _type in self.columns(table)]

    def column_names(self, name: str) -> list[str]:
        return self.names(self.table(name))

    def is_empty(self, table: str) -> bool:
        return self.con.execute(f"SELECT count(*) FROM (SELECT 1 FROM {table} LIMIT 1)").fetchone()[0] == 0


def changed_rows(name: str) -> str:
    return f"temp.main.{sql_name('changed__' + name)}"


def in_place_candidates(graph: Graph, plan: Plan, state: PublishedState) -> set[str]:
    """Incremental models whose SQL is the same as their current version's and whose current table
    starts in the public file (a copy of the published one): only their parents changed."""
    if state.public_source != COPY:
        return set()
    found = set()
    for step in plan.steps:
        node, current = graph.nodes.get(step.node), state.current.get(step.node)
        if node and node.model and node.model.incremental and step.action == "changed" and current and step.old_version != step.new_version:
            if current.own_hash == node.own_hash:
                found.add(node.name)
    return found
