"""Indexes derived from a network graph, cached on the graph under one invalidation rule.

Routing's ISSN index, the coverage index and the referral index each cost a walk over the
graph, so each is built once per graph through :func:`derived` and kept in ``G.graph``.

The rule: a cached value is reused while the graph is the same object with the same
version and the same number of nodes. The version is ``G.graph["version"]`` (set by the store
on every network version it hands over; ``None`` on other graphs), or a narrower one that a
value names with ``depends_on`` (say ``"serials_version"``, moved only when serials change)
where the graph carries it. A value that is costly to rebuild may name ``max_lag``: an older
value built less than that many seconds ago is still served after a change, unless the
attribute it names with ``lag_while`` moved too (say ``"links_version"``: an index may lag
behind holdings, never behind a library's record).

Nothing cheaper notices a change made in place that keeps the node count and the version
(counting a multigraph's edges walks them all), so a caller that changes a graph it already
asked about, without bumping its version, calls :func:`forget` (or passes ``rebuild=True``).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

import networkx as nx

T = TypeVar("T")
_PREFIX = "_derived:"


def signature(G: nx.Graph, depends_on: str = "version") -> tuple:
    """What a derived value of ``G`` is valid for (see the module's rule).

    >>> G = nx.MultiDiGraph(version=7); G.add_node("A")
    >>> signature(G)[1:], signature(G, "serials_version")[1:]
    ((7, 1), (7, 1))
    """
    version = G.graph.get(depends_on, G.graph.get("version"))
    return id(G), version, G.number_of_nodes()


def derived(G: nx.Graph, name: str, build: Callable[[nx.Graph], T], *,
            depends_on: str = "version", max_lag: float = 0.0, lag_while: str | None = None,
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
    depends_on : str
        The graph attribute that versions what the value reads (default ``"version"``).
    max_lag : float
        Seconds an older value may still be served after the graph changed.
    lag_while : str, optional
        A graph attribute that must not have moved for an older value to be served.
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
    >>> G.graph["links_version"] = 1
    >>> derived(G, "lags", lambda g: len(g), max_lag=60, lag_while="links_version")
    2
    >>> G.add_node("C"); derived(G, "lags", lambda g: len(g), max_lag=60, lag_while="links_version")
    2
    >>> G.graph["links_version"] = 2
    >>> derived(G, "lags", lambda g: len(g), max_lag=60, lag_while="links_version")
    3
    """
    key = _PREFIX + name
    current = signature(G, depends_on)
    cached = G.graph.get(key)
    mark = G.graph.get(lag_while) if lag_while else None
    if not rebuild and cached is not None and (cached[0] == current or (
            time.monotonic() - cached[2] < max_lag and cached[3] == mark)):
        return cached[1]
    value = build(G)
    G.graph[key] = (current, value, time.monotonic(), mark)
    return value


def cached(G: nx.Graph, name: str, depends_on: str = "version"):
    """The value :func:`derived` holds for ``name`` if it is current, else ``None``."""
    found = G.graph.get(_PREFIX + name)
    return found[1] if found is not None and found[0] == signature(G, depends_on) else None


def forget(G: nx.Graph) -> None:
    """Drop every value derived from ``G`` (after changing it in place)."""
    for key in [k for k in G.graph if isinstance(k, str) and k.startswith(_PREFIX)]:
        del G.graph[key]
