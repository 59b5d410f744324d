"""Indexes derived from a network graph, cached on the graph under one invalidation rule.

Routing's ISSN index, the coverage index and the referral index each cost a walk over the
graph, so each is built once per graph through :func:`derived` and kept in ``G.graph``.

The rule: a cached value is reused while the graph is the same object with the same
``version`` (set by the store on every network version it hands over; ``None`` on other
graphs) and the same number of nodes. Nothing cheaper notices a change made in place that
keeps the node count (counting a multigraph's edges walks them all), so a caller that adds
edges or changes attributes of a graph it already asked about calls :func:`forget` (or
passes ``rebuild=True``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import networkx as nx

T = TypeVar("T")
_PREFIX = "_derived:"


def signature(G: nx.Graph) -> tuple:
    """What a derived value of ``G`` is valid for (see the module's rule).

    >>> G = nx.MultiDiGraph(version=7); G.add_node("A")
    >>> signature(G)[1:]
    (7, 1)
    """
    return id(G), G.graph.get("version"), G.number_of_nodes()


def derived(G: nx.Graph, name: str, build: Callable[[nx.Graph], T], *,
            rebuild: bool = False) -> T:
    """``build(G)``, computed once per graph (by :func:`signature`) and cached on it.

    Parameters
    ----------
    G : networkx.Graph
        The network graph.
    name : str
        What is derived (``"issn_index"``, ``"coverage_index"``, ...); one cache slot each.
    build : callable
        Computes the value from ``G``.
    rebuild : bool
        Build anew even if the cached value looks valid.

    Returns
    -------
    The cached or newly built value.

    Examples
    --------
    >>> G = nx.MultiDiGraph(); G.add_node("A")
    >>> first = derived(G, "nodes", lambda g: sorted(g))
    >>> derived(G, "nodes", lambda g: sorted(g)) is first
    True
    >>> G.add_node("B"); derived(G, "nodes", lambda g: sorted(g))
    ['A', 'B']
    """
    key = _PREFIX + name
    current = signature(G)
    cached = G.graph.get(key)
    if not rebuild and cached is not None and cached[0] == current:
        return cached[1]
    value = build(G)
    G.graph[key] = (current, value)
    return value


def cached(G: nx.Graph, name: str):
    """The value :func:`derived` holds for ``name`` if it is still valid, else ``None``."""
    found = G.graph.get(_PREFIX + name)
    return found[1] if found is not None and found[0] == signature(G) else None


def forget(G: nx.Graph) -> None:
    """Drop every value derived from ``G`` (after changing it in place)."""
    for key in [k for k in G.graph if isinstance(k, str) and k.startswith(_PREFIX)]:
        del G.graph[key]
