"""What routing derives from the whole graph and keeps per graph: the NLM's LIBID, each group's
members as a set, each borrower's routing-table cells as sets of libraries (until a library, a
group or a routing table changes: ``G.graph["links_version"]``), built ahead by
:func:`warm_routing`.
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

import networkx as nx

from graphsvc.derived import derived
from graphsvc.network import node_kind, routing_cells

_NLM_BY_GRAPH: WeakKeyDictionary[nx.MultiDiGraph, tuple[int, str | None]] = \
    WeakKeyDictionary()


def _is_nlm(G: nx.MultiDiGraph, libid: str | None) -> bool:
    data = G.nodes.get(libid) if libid is not None else None
    return data is not None and data.get("kind") == "library" and data.get("type") == "NLM"


def nlm_libid(G: nx.MultiDiGraph) -> str | None:
    """The NLM: the library node of type NLM (the lowest LIBID if there are several).

    Remembered per graph while its node count stays the same and the remembered node is
    still NLM, so routing many requests on one graph scans its nodes once.
    """
    remembered = _NLM_BY_GRAPH.get(G)
    if remembered is not None and remembered[0] == len(G) and (
            remembered[1] is None or _is_nlm(G, remembered[1])):
        return remembered[1]
    found = min((n for n, t in G.nodes(data="type") if t == "NLM" and _is_nlm(G, n)),
                default=None)
    _NLM_BY_GRAPH[G] = (len(G), found)
    return found


def warm_routing(G: nx.MultiDiGraph) -> None:
    """Build what routing derives from the whole graph, once per graph (or per change of its
    links or serials): each group's members, the NLM and the ISSN index. Otherwise the first
    requests a process routes build them, several threads at once (40-90 ms each at national
    scale, a worker's first requests 170-300 ms); a server builds them before it forks its
    workers and again after a change of links, in the background.

    >>> from graphsvc.model import Library, Network
    >>> from graphsvc.network import build_network
    >>> from graphsvc.derived import cached
    >>> G = build_network(Network(libraries=(Library("MDUNLM", "NLM", type="NLM"),)))
    >>> warm_routing(G); cached(G, "group_member_sets", "links_version") is not None
    True
    """
    from graphsvc.routing.title import issn_index

    group_member_sets(G)
    nlm_libid(G)
    issn_index(G)


def group_member_sets(G: nx.MultiDiGraph) -> dict[str, frozenset[str]]:
    """Each group's members, as a set, built once per graph until a library, a group or a
    routing table changes (``G.graph["links_version"]``)."""
    return derived(G, "group_member_sets", _member_sets, depends_on="links_version")


def _member_sets(G: nx.MultiDiGraph) -> dict[str, frozenset[str]]:
    found: dict[str, set[str]] = {}
    for u, v, key in G.edges(keys=True):
        if key == "MEMBER_OF":
            found.setdefault(v, set()).add(u)
    return {code: frozenset(members) for code, members in found.items()}


def cell_libraries(G: nx.MultiDiGraph, borrower: str) -> dict[int, frozenset[str]]:
    """A borrower's routing-table cells as sets of libraries, group entries expanded to their
    members (R12); remembered per borrower until a library, group or table changes."""
    remembered = derived(G, "cell_libraries", lambda G: {}, depends_on="links_version")
    found = remembered.get(borrower)
    if found is None:
        members = group_member_sets(G)
        found = remembered[borrower] = {
            cell: frozenset().union(*(members.get(entry, ()) if node_kind(G, entry) == "group"
                                      else (entry,) for entry in entries))
            for cell, entries in routing_cells(G, borrower).items()}
    return found
