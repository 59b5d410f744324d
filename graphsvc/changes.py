"""Network changes: what one write changed, and bringing a graph up to date with it.

Every network write logs a :class:`NetworkChange` in its own transaction (the store's change
log). A process holding the whole network graph applies the changes since its version by
re-reading only the parts they name and patching the graph in place with the functions below.

The patches are safe for threads reading the graph meanwhile: an adjacency or attribute dict
is never changed while it can be read; a new dict is built and put in place of the old one (a
reader keeps the one it holds), and the node dicts are copied before a node is added or
removed (so no reader's iteration sees the dict change size).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import networkx as nx

from graphsvc.model import Group, Holding, Library, RoutingTable, Serial
from graphsvc.network import holdings_table

CHANGE_KINDS = ("LIBRARY", "HOLDINGS", "TITLE_HOLDINGS", "ROUTING_TABLE", "GROUP", "SERIALS",
                "FULL")
_LIBRARY_FIELDS = tuple(f.name for f in dataclasses.fields(Library))
_TABLE_KEYS = ("ROUTES_TO:", "DO_NOT_ROUTE", "MANUAL:")


@dataclass(frozen=True, slots=True)
class NetworkChange:
    """What one write changed: ``kind`` (one of :data:`CHANGE_KINDS`) and the keys it touched.

    ``FULL`` (the default of a write that does not say) means "anything": a reader reloads.
    ``HOLDINGS`` names libraries whose holdings changed (a reader re-reads them whole);
    ``TITLE_HOLDINGS`` one library and the titles whose holdings of it changed (a reader
    re-reads those only): ``nlm_uids`` of that kind name no serial record to re-read.
    """

    kind: str = "FULL"
    libids: tuple[str, ...] = ()
    nlm_uids: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    version: int | None = None


FULL_CHANGE = NetworkChange("FULL")


@dataclass
class ChangedParts:
    """The parts a run of changes touched, each to be re-read once."""

    libraries: set[str] = dataclasses.field(default_factory=set)
    holdings: set[str] = dataclasses.field(default_factory=set)
    tables: set[str] = dataclasses.field(default_factory=set)
    groups: set[str] = dataclasses.field(default_factory=set)
    serials: set[str] = dataclasses.field(default_factory=set)
    #: libid -> titles whose holdings of it changed (libraries in ``holdings`` are re-read
    #: whole instead)
    title_holdings: dict[str, set[str]] = dataclasses.field(default_factory=dict)


_PART_OF = {"LIBRARY": "libraries", "HOLDINGS": "holdings", "ROUTING_TABLE": "tables"}


def changed_parts(changes: Iterable[NetworkChange]) -> ChangedParts | None:
    """The union of what ``changes`` touched, or ``None`` when one of them needs a reload.

    >>> parts = changed_parts([NetworkChange("HOLDINGS", ("ORUPAC",), ("1",)),
    ...                        NetworkChange("GROUP", groups=("PNW",))])
    >>> sorted(parts.holdings), sorted(parts.serials), sorted(parts.groups)
    (['ORUPAC'], ['1'], ['PNW'])
    >>> changed_parts([NetworkChange("FULL")]) is None
    True
    >>> parts = changed_parts([NetworkChange("TITLE_HOLDINGS", ("ORUPAC",), ("1", "2"))])
    >>> sorted(parts.title_holdings["ORUPAC"]), parts.serials
    (['1', '2'], set())
    """
    parts = ChangedParts()
    for change in changes:
        if change.kind not in CHANGE_KINDS or change.kind == "FULL":
            return None
        if change.kind == "TITLE_HOLDINGS":
            for libid in change.libids:
                parts.title_holdings.setdefault(libid, set()).update(change.nlm_uids)
            continue
        if change.kind in _PART_OF:
            getattr(parts, _PART_OF[change.kind]).update(change.libids)
        parts.serials.update(change.nlm_uids)
        parts.groups.update(change.groups)
    return parts


# --- patching a graph in place ------------------------------------------------------------

def _add_nodes(G: nx.MultiDiGraph, nodes: dict[str, dict]) -> None:
    """Add nodes (key -> attributes) on copies of the node dicts, swapped in at once."""
    fresh = {k: v for k, v in nodes.items() if k not in G._node}
    if not fresh:
        return
    node, succ, pred = dict(G._node), dict(G._succ), dict(G._pred)
    for key, attrs in fresh.items():
        node[key], succ[key], pred[key] = attrs, {}, {}
    G._node, G._adj, G._pred = node, succ, pred  # networkx resets its views on these


def _replace_out_edges(G: nx.MultiDiGraph, u: str, drop: Callable[[str, str], bool],
                       add: Iterable[tuple[str, str, dict]]) -> None:
    """Drop the out-edges ``(v, key)`` of ``u`` that ``drop`` names and add ``add``.

    The adjacency dicts of ``u`` and of each node whose edges change are rebuilt and swapped
    in; the others are shared with the old graph state.
    """
    add = list(add)
    _add_nodes(G, {v: {} for v, _, _ in add})
    new: dict[str, dict] = {}
    changed: set[str] = set()
    for v, keydict in G._succ[u].items():
        kept = {k: d for k, d in keydict.items() if not drop(v, k)}
        if len(kept) != len(keydict):
            changed.add(v)
        if kept:
            new[v] = kept if v in changed else keydict
    for v, key, data in add:
        if v not in changed:
            new[v] = dict(new.get(v, {}))
            changed.add(v)
        new.setdefault(v, {})[key] = data
    for v in changed:
        pred = dict(G._pred[v])
        if v in new:
            pred[u] = new[v]
        else:
            pred.pop(u, None)
        G._pred[v] = pred
    G._succ[u] = new


def replace_library(G: nx.MultiDiGraph, libid: str, library: Library | None,
                    groups: Iterable[str] = ()) -> None:
    """Put a library's record and group memberships in place (``None``: it is gone)."""
    if library is None:
        remove_node(G, libid)
        return
    attrs = {"kind": "library", **{name: getattr(library, name) for name in _LIBRARY_FIELDS}}
    if libid in G._node:
        G._node[libid] = attrs
    else:
        _add_nodes(G, {libid: attrs})
    _replace_out_edges(G, libid, lambda v, key: key == "MEMBER_OF",
                       [(code, "MEMBER_OF", {}) for code in groups])


def replace_holdings(G: nx.MultiDiGraph, libid: str, holdings: Iterable[Holding],
                     serials: Iterable[Serial] = ()) -> None:
    """Put a library's holdings in place; serials the graph lacks are added first.

    An overlay change of the graph's holdings table
    (:meth:`~graphsvc.holdings_table.HoldingsTable.replace`): it costs the library's
    holdings, not the network's.
    """
    replace_serials(G, [s for s in serials if s.nlm_uid not in G._node])
    if libid not in G._node:
        return  # a library that is gone holds nothing
    holdings = list(holdings)
    _add_nodes(G, {h.nlm_uid: {} for h in holdings})  # a title unknown here, as an edge did
    holdings_table(G).replace(libid, holdings)


def replace_title_holdings(G: nx.MultiDiGraph, libid: str, titles: Iterable[str],
                           holdings: Iterable[Holding], serials: Iterable[Serial] = ()) -> None:
    """Put a library's holdings of ``titles`` in place (its others stay); serials the graph
    lacks are added first. Costs the changed holdings (and a copy of the library's rows)
    (:meth:`~graphsvc.holdings_table.HoldingsTable.replace_titles`)."""
    replace_serials(G, [s for s in serials if s.nlm_uid not in G._node])
    if libid not in G._node:
        return
    holdings = list(holdings)
    _add_nodes(G, {h.nlm_uid: {} for h in holdings})
    holdings_table(G).replace_titles(libid, titles, holdings)


def replace_routing_table(G: nx.MultiDiGraph, table: RoutingTable) -> None:
    """Put a borrower's routing cells, do-not-route list and manual map in place."""
    if table.libid not in G._node:
        return
    edges = [(entry, f"ROUTES_TO:{cell}", {"cell": int(cell), "position": position})
             for cell, entries in table.cells.items()
             for position, entry in enumerate(entries)]
    edges += [(libid, "DO_NOT_ROUTE", {}) for libid in table.do_not_route]
    edges += [(libid, f"MANUAL:{row}", {"row": row})
              for row, libid in enumerate(table.manual_map, start=1)]
    _replace_out_edges(G, table.libid, lambda v, key: key.startswith(_TABLE_KEYS), edges)


def replace_group(G: nx.MultiDiGraph, code: str, group: Group | None) -> None:
    """Put a group's record and members in place (``None``: it is gone)."""
    if group is None:
        remove_node(G, code)
        return
    attrs = {"kind": "group", "name": group.name, "group_kind": group.kind,
             "serves_states": group.serves_states}
    if code in G._node:
        G._node[code] = attrs
    else:
        _add_nodes(G, {code: attrs})
    old = {u for u, keys in G._pred[code].items() if "MEMBER_OF" in keys}
    members = set(group.members)
    for libid in sorted(old ^ members):
        if libid in G._node:
            _replace_out_edges(G, libid, lambda v, key: key == "MEMBER_OF" and v == code,
                               [(code, "MEMBER_OF", {})] if libid in members else [])


def replace_serials(G: nx.MultiDiGraph, serials: Iterable[Serial]) -> None:
    """Put serial records in place (new ones added)."""
    fresh = {}
    for s in serials:
        attrs = {"kind": "serial", "title": s.title, "issns": s.issns,
                 "continues": s.continues, "continued_by": s.continued_by,
                 "subjects": s.subjects}
        if s.nlm_uid in G._node:
            G._node[s.nlm_uid] = attrs
        else:
            fresh[s.nlm_uid] = attrs
    _add_nodes(G, fresh)


def remove_node(G: nx.MultiDiGraph, key: str) -> None:
    """Remove a node and its edges (on copies, as every patch here)."""
    if key not in G._node:
        return
    if G._node[key].get("kind") != "serial" and holdings_table(G).rows_of(key):
        holdings_table(G).replace(key, ())
    _replace_out_edges(G, key, lambda v, k: True, [])
    for u in list(G._pred[key]):
        _replace_out_edges(G, u, lambda v, k: v == key, [])
    node, succ, pred = dict(G._node), dict(G._succ), dict(G._pred)
    for d in (node, succ, pred):
        del d[key]
    G._node, G._adj, G._pred = node, succ, pred
