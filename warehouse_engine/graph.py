"""Seeds, models and custom checks as one graph, checked before anything runs."""

from __future__ import annotations

import difflib
import graphlib
from dataclasses import dataclass, field
from typing import Optional

from .cache import Cache, content_hash, hash_text
from .contract import SeedContract, read_contract
from .errors import Problem, raise_if
from .models import LAYERS, Model, load_checks, load_macros, load_models
from .ordering import topological_order
from .project import ENGINE_VERSION, Project
from .seeds import check_seed_files


@dataclass
class Node:
    """A seed or a model: something that becomes a versioned table and a public view."""

    name: str
    kind: str  # "seed" or "model"
    parents: list[str]
    own_hash: str  # the node's own content (SQL or CSV bytes + contract)
    content: str = ""  # a seed's sha256 of its CSV bytes, which its load must match
    fingerprint: str = ""  # own content + parents' fingerprints + engine version
    seed: Optional[SeedContract] = None
    model: Optional[Model] = None

    def own_docs(self) -> dict[str, str]:
        """Column descriptions the node itself declares (contract comments, or `-- column` lines)."""
        if self.seed:
            return {c.name: c.comment for c in self.seed.columns if c.comment}
        return dict(self.model.column_docs)


@dataclass
class Graph:
    project: Project
    nodes: dict[str, Node]  # in build order
    checks: dict[str, Model] = field(default_factory=dict)  # custom checks by name
    macros: dict[str, Model] = field(default_factory=dict)  # table macros by name

    def children(self, name: str) -> list[str]:
        return [other.name for other in self.nodes.values() if name in other.parents]

    def downstream(self, name: str) -> set[str]:
        found: set[str] = set()
        waiting = [name]
        while waiting:
            for child in self.children(waiting.pop()):
                if child not in found:
                    found.add(child)
                    waiting.append(child)
        return found

    def metadata(self, name: str) -> dict:
        """Descriptions that become COMMENT ON in the published file: the node's own, and for a column
        it does not describe, the description of the same column in the nearest upstream node that
        does. A column is described once, where it comes from."""
        node = self.nodes[name]
        columns: dict[str, str] = {}
        waiting, seen = [name], {name}
        while waiting:  # breadth first: the nearest description wins
            current = waiting.pop(0)
            for column, text in self.nodes[current].own_docs().items():
                columns.setdefault(column, text)
            for parent in self.nodes[current].parents:
                if parent not in seen:
                    seen.add(parent)
                    waiting.append(parent)
        description = node.seed.comment or "" if node.seed else node.model.description
        return {"description": description, "columns": columns}

    @property
    def models(self) -> list[Model]:
        return [n.model for n in self.nodes.values() if n.model]


def load_graph(project: Project) -> Graph:
    """Contract, seeds, models and checks read and checked: unknown tables, layer rules, cycles and
    the tests each model declares.

    Raises with every problem before anything is built; hashing seeds is the only file-size work.
    """
    contracts = read_contract(project)
    models = load_models(project) if project.sql_dir.exists() else {}
    checks = load_checks(project)
    macros = load_macros(project)
    problems = check_seed_files(project, contracts)
    known = set(models) | set(contracts)
    for model in models.values():
        problems += check_references(model, models, contracts)
        problems += check_declared_tests(model, known, checks)
    for check in [*checks.values(), *macros.values()]:
        problems += [unknown_table(check, name, known) for name in check.references if name not in known]
    order = model_order(models, problems)
    raise_if(problems)
    nodes = seed_nodes(project, contracts)
    for name in order:
        model = models[name]
        # How it may be updated in place, and the order of its rows, are part of what it is: a changed header builds it whole once.
        how = [f"incremental {model.incremental} looks up {model.looks_up} joins all {model.joins_all}"] if model.incremental else []
        how += [f"known by {'.'.join(model.known_by)}"] if model.known_by else []
        how += [f"cluster by {model.cluster_by}"] if model.cluster_by else []
        nodes[name] = Node(name, "model", sorted(r for r in model.references if r in known), hash_text("model", model.normalized_sql, *how), model=model)
    for node in nodes.values():  # seeds first, then models: a failing seed stops the build before any model runs
        parent_prints = [f"{p}={nodes[p].fingerprint}" for p in node.parents]
        node.fingerprint = hash_text(ENGINE_VERSION, node.own_hash, *parent_prints)
    return Graph(project, nodes, checks, macros)


def seed_nodes(project: Project, contracts: dict[str, SeedContract]) -> dict[str, Node]:
    nodes: dict[str, Node] = {}
    hashes = Cache(project, "hashes")
    for table, contract in contracts.items():
        path = project.seeds_dir / contract.csv_name
        content = content_hash(path, hashes) if path.is_file() else "missing"
        nodes[table] = Node(table, "seed", contract.parents, hash_text("seed", contract.ddl, content), content=content, seed=contract)
    hashes.save()
    return nodes


def model_order(models: dict[str, Model], problems: list[Problem]) -> list[str]:
    """Models in build order; a cycle is added to `problems`, located at the reference that closes it."""
    try:
        return topological_order({name: sorted(r for r in m.references if r in models and r != name) for name, m in models.items()})
    except graphlib.CycleError as error:
        cycle = error.args[1][:-1]  # graphlib gives [a, b, …, a] with each node depending on the next
        cycle = list(reversed(cycle))  # reading order: a reads b reads … reads a
        start = cycle.index(min(cycle))
        cycle = cycle[start:] + cycle[:start]
        reader, read = cycle[-1], cycle[0]
        line, column = models[reader].references[read]
        problems.append(Problem(models[reader].where, line, column, "cycle: " + " → ".join(cycle + [cycle[0]]), read))
        return []


def check_references(model: Model, models: dict[str, Model], contracts: dict) -> list[Problem]:
    problems = []
    known = set(models) | set(contracts)
    for name, (line, column) in model.references.items():
        if name == model.name:
            problems.append(Problem(model.where, line, column, "a model cannot read itself", name))
        elif name in contracts:
            if model.layer != "stg":
                problems.append(Problem(model.where, line, column, f"only stg_ models read seeds; read the stg_ model of {name} instead", name))
        elif name in models:
            if LAYERS.index(models[name].layer) > LAYERS.index(model.layer):
                problems.append(Problem(model.where, line, column, f"a {model.layer}_ model cannot read the later layer {models[name].layer}_", name))
        else:
            problems.append(unknown_table(model, name, known))
    return problems


def unknown_table(model: Model, name: str, known: set[str]) -> Problem:
    line, column = model.references[name]
    close = difflib.get_close_matches(name, sorted(known), n=1)
    hint = f"; did you mean {close[0]}?" if close else "; it is neither a model in sql/ nor a seed in seeds/schema.sql"
    return Problem(model.where, line, column, f"unknown table {name}{hint}", name)


def check_declared_tests(model: Model, known: set[str], checks: dict[str, Model]) -> list[Problem]:
    """A relationships test names a known model; a custom check exists under sql/checks/."""
    problems = []
    for spec in model.tests:
        if spec.kind == "relationships":
            other = spec.args[1].split(".")[0]
            if other not in known:
                close = difflib.get_close_matches(other, sorted(known), n=1)
                hint = f"; did you mean {close[0]}?" if close else ""
                problems.append(Problem(model.where, spec.line, spec.column, f"relationships test names unknown model {other}{hint}", spec.text))
        elif spec.kind == "custom" and spec.args[0] not in checks:
            close = difflib.get_close_matches(spec.args[0], sorted(checks), n=1)
            hint = f"; did you mean {close[0]}?" if close else ""
            problems.append(
                Problem(
                    model.where,
                    spec.line,
                    spec.column,
                    f"no custom check sql/checks/{spec.args[0]}.sql: write a SELECT there that returns offending rows{hint}",
                    spec.text,
                )
            )
    return problems
