"""Dependency order: each name after the names it depends on."""

from __future__ import annotations

import graphlib


def topological_order(parents: dict[str, list[str]]) -> list[str]:
    """Names ordered so that each comes after its parents (parents outside the mapping are ignored),
    ties broken by name. Raises graphlib.CycleError on a cycle."""
    sorter = graphlib.TopologicalSorter({name: [p for p in deps if p in parents] for name, deps in parents.items()})
    sorter.prepare()
    order: list[str] = []
    while sorter.is_active():
        ready = sorted(sorter.get_ready())
        order.extend(ready)
        sorter.done(*ready)
    return order
