"""The graph contract: what the store hands to the rules.

A network is a :class:`networkx.MultiDiGraph`:

Nodes (keyed by their natural identifier; group codes start with a letter and never equal a
LIBID, NLM Unique IDs start with a digit, so keys never clash)

- library ``libid``: ``kind="library"`` and every :class:`~graphsvc.model.Library` field
  (``out_of_office`` as a tuple of :class:`~graphsvc.model.DateRange`).
- group ``code``: ``kind="group"``, ``name``, ``group_kind``, ``serves_states``.
- serial ``nlm_uid``: ``kind="serial"``, ``title``, ``issns``, ``continues``,
  ``continued_by``, ``subjects``.

Edges (the edge key names the relation)

- ``libid -> code``, key ``"MEMBER_OF"``.
- ``borrower -> libid|code``, key ``"ROUTES_TO:<cell>"``: ``cell``, ``position``.
- ``borrower -> libid``, key ``"DO_NOT_ROUTE"``.
- ``borrower -> libid``, key ``"MANUAL:<row>"``: ``row``.

Holdings are not edges: every holding sits in compact columns in ``G.graph["holdings"]``, a
:class:`~graphsvc.holdings_table.HoldingsTable` (:func:`holdings_table`); read them with
:func:`holdings_of`, :func:`holders_of` or the table itself.

Graph attributes: ``holdings``, ``regions`` (code -> Region), ``state_region`` (state ->
region code), ``version`` (the network version the store read it at, or ``None``),
``complete`` (True when the graph is the whole network, False for a request's neighbourhood).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import networkx as nx

from graphsvc.holdings_table import HoldingsTable
from graphsvc.model import Group, Holding, Library, Network, RoutingTable, Serial

_LIBRARY_FIELDS = tuple(f.name for f in dataclasses.fields(Library))


def build_network(bundle: Network, *, version: int | None = None,
                  complete: bool = True) -> nx.MultiDiGraph:
    """Build the network graph from a bundle of records.

    Examples
    --------
    >>> from graphsvc.model import Library, Network
    >>> G = build_network(Network(libraries=(Library("ORUPAC", "Pacific"),)))
    >>> G.nodes["ORUPAC"]["kind"], G.nodes["ORUPAC"]["name"]
    ('library', 'Pacific')
    """
    # what routing's and the referral index's caches of links and serials are versioned by
    G = nx.MultiDiGraph(version=version, complete=complete, links_version=version,
                        serials_version=version)
    G.graph["regions"] = {r.code: r for r in bundle.regions}
    G.graph["state_region"] = {s: r.code for r in bundle.regions for s in r.states}
    for library in bundle.libraries:
        add_library(G, library)
    for group in bundle.groups:
        add_group(G, group)
    for serial in bundle.serials:
        add_serial(G, serial)
    add_holdings(G, HoldingsTable.of(bundle.holdings))
    for table in bundle.routing_tables:
        add_routing_table(G, table)
    return G


def add_library(G: nx.MultiDiGraph, library: Library) -> None:
    G.add_node(library.libid, kind="library",
               **{name: getattr(library, name) for name in _LIBRARY_FIELDS})


def add_group(G: nx.MultiDiGraph, group: Group) -> None:
    G.add_node(group.code, kind="group", name=group.name, group_kind=group.kind,
               serves_states=group.serves_states)
    for member in group.members:
        G.add_edge(member, group.code, key="MEMBER_OF")


def add_serial(G: nx.MultiDiGraph, serial: Serial) -> None:
    G.add_node(serial.nlm_uid, kind="serial", title=serial.title, issns=serial.issns,
               continues=serial.continues, continued_by=serial.continued_by,
               subjects=serial.subjects, med_abbr=serial.med_abbr, iso_abbr=serial.iso_abbr)


def add_holdings(G: nx.MultiDiGraph, table: HoldingsTable) -> None:
    """Make ``table`` the graph's holdings; a holder or title that is not a node becomes a
    bare node (as an edge to it made one)."""
    G.graph["holdings"] = table
    for key in (*table.libids.items, *table.uids.items):
        if key not in G._node:
            G.add_node(key)


def add_holding(G: nx.MultiDiGraph, holding: Holding) -> None:
    """Add (or replace: same library, title and format) one holding. It rewrites the
    library's holdings in the table: build a whole network with :func:`build_network`."""
    table = holdings_table(G)
    kept = [h for h in table.holdings_of(holding.libid)
            if (h.nlm_uid, h.format) != (holding.nlm_uid, holding.format)]
    table.replace(holding.libid, [*kept, holding])
    for key in (holding.libid, holding.nlm_uid):
        if key not in G._node:
            G.add_node(key)


def holdings_table(G: nx.MultiDiGraph) -> HoldingsTable:
    """The graph's holdings table (an empty one is put on a graph that has none)."""
    table = G.graph.get("holdings")
    if table is None:
        table = G.graph["holdings"] = HoldingsTable()
    return table


def add_routing_table(G: nx.MultiDiGraph, table: RoutingTable) -> None:
    for cell, entries in table.cells.items():
        for position, entry in enumerate(entries):
            G.add_edge(table.libid, entry, key=f"ROUTES_TO:{cell}", cell=int(cell),
                       position=position)
    for libid in table.do_not_route:
        G.add_edge(table.libid, libid, key="DO_NOT_ROUTE")
    for row, libid in enumerate(table.manual_map, start=1):
        G.add_edge(table.libid, libid, key=f"MANUAL:{row}", row=row)


# --- reading the graph ------------------------------------------------------------------

def node_kind(G: nx.MultiDiGraph, key: str) -> str | None:
    return G.nodes[key].get("kind") if key in G else None


def libraries(G: nx.MultiDiGraph) -> Iterator[str]:
    """LIBIDs of every library node, in insertion order."""
    return (n for n, kind in G.nodes(data="kind") if kind == "library")


def serials(G: nx.MultiDiGraph) -> Iterator[str]:
    return (n for n, kind in G.nodes(data="kind") if kind == "serial")


def groups(G: nx.MultiDiGraph) -> Iterator[str]:
    return (n for n, kind in G.nodes(data="kind") if kind == "group")


def library(G: nx.MultiDiGraph, libid: str) -> Library:
    """The :class:`Library` record of a library node."""
    data = G.nodes[libid]
    return Library(**{name: data[name] for name in _LIBRARY_FIELDS if name in data})


def group_members(G: nx.MultiDiGraph, code: str) -> list[str]:
    return [u for u, _, key in G.in_edges(code, keys=True) if key == "MEMBER_OF"]


def groups_of(G: nx.MultiDiGraph, libid: str) -> list[str]:
    return [v for _, v, key in G.out_edges(libid, keys=True) if key == "MEMBER_OF"]


def holdings_of(G: nx.MultiDiGraph, libid: str) -> list[Holding]:
    """Every holding a library reports, in title order (made from the table on each call)."""
    return holdings_table(G).holdings_of(libid)


def holders_of(G: nx.MultiDiGraph, nlm_uid: str) -> list[Holding]:
    """Every holding of a title, one per library and format."""
    if nlm_uid not in G:
        return []
    return holdings_table(G).holders_of(nlm_uid)


def routing_cells(G: nx.MultiDiGraph, libid: str) -> dict[int, list[str]]:
    """A borrower's routing table: cell -> entries (LIBIDs or group codes) in stored order."""
    cells: dict[int, list[tuple[int, str]]] = {}
    for _, entry, key, d in G.out_edges(libid, keys=True, data=True):
        if key.startswith("ROUTES_TO:"):
            cells.setdefault(d["cell"], []).append((d["position"], entry))
    return {cell: [e for _, e in sorted(entries)] for cell, entries in sorted(cells.items())}


def do_not_route(G: nx.MultiDiGraph, libid: str) -> set[str]:
    return {v for _, v, key in G.out_edges(libid, keys=True) if key == "DO_NOT_ROUTE"}


def manual_map(G: nx.MultiDiGraph, libid: str) -> list[str]:
    rows = [(d["row"], v) for _, v, key, d in G.out_edges(libid, keys=True, data=True)
            if key.startswith("MANUAL:")]
    return [v for _, v in sorted(rows)]


def region_of(G: nx.MultiDiGraph, libid: str) -> str | None:
    return G.graph.get("state_region", {}).get(G.nodes[libid].get("state"))


def routing_table(G: nx.MultiDiGraph, libid: str) -> RoutingTable:
    return RoutingTable(libid, {c: tuple(e) for c, e in routing_cells(G, libid).items()},
                        tuple(sorted(do_not_route(G, libid))), tuple(manual_map(G, libid)))


def library_records(G: nx.MultiDiGraph) -> Network:
    """The regions, libraries and groups a graph was built from (no serials, holdings or
    routing tables)."""
    libs = tuple(library(G, n) for n in libraries(G))
    grps = tuple(Group(c, G.nodes[c]["name"], G.nodes[c]["group_kind"],
                       tuple(sorted(group_members(G, c))), tuple(G.nodes[c]["serves_states"]))
                 for c in groups(G))
    return Network(tuple(G.graph.get("regions", {}).values()), libs, grps)


def serial_record(G: nx.MultiDiGraph, nlm_uid: str) -> Serial:
    """The :class:`Serial` a serial node was made from."""
    d = G.nodes[nlm_uid]
    return Serial(nlm_uid, d["title"], tuple(d["issns"]), d["continues"], d["continued_by"],
                  tuple(d.get("subjects", ())), d.get("med_abbr"), d.get("iso_abbr"))


def library_holdings(G: nx.MultiDiGraph, libid: str) -> tuple[list[Holding], dict[str, Serial]]:
    """A library's holdings in the order of their titles' names (then format), and the
    serials they name: what ``Neo4jStore.holdings`` reads, from the graph."""
    serials_of = {uid: serial_record(G, uid) for uid in holdings_table(G).titles_of(libid)}
    held = sorted(holdings_of(G, libid),
                  key=lambda h: (serials_of[h.nlm_uid].title, h.format, h.nlm_uid))
    return held, serials_of


def libraries_graph(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The graph of ``G``'s regions, libraries and groups only (``complete=False``), at its
    version: what the coverage map reads before a process holds the whole network.

    >>> from graphsvc.model import Holding, Library, Network
    >>> G = build_network(Network(libraries=(Library("ORUPAC", "Pacific"),),
    ...                           holdings=(Holding("ORUPAC", "0255562"),)), version=4)
    >>> L = libraries_graph(G)
    >>> sorted(L), L.graph["version"], L.graph["complete"]
    (['ORUPAC'], 4, False)
    """
    return build_network(library_records(G), version=G.graph.get("version"), complete=False)


def to_bundle(G: nx.MultiDiGraph) -> Network:
    """The records a graph was built from (inverse of :func:`build_network`)."""
    records = library_records(G)
    regions, libs, grps = records.regions, records.libraries, records.groups
    sers = tuple(serial_record(G, uid) for uid in serials(G))
    holds = tuple(h for lib in libs for h in holdings_of(G, lib.libid))
    tables = tuple(t for lib in libs for t in (routing_table(G, lib.libid),)
                   if t.cells or t.do_not_route or t.manual_map)
    return Network(regions, libs, grps, sers, holds, tables)


def canonical(net: Network) -> Network:
    """The same records in key order, for comparing networks read from different places."""
    return Network(
        tuple(sorted(net.regions, key=lambda r: r.code)),
        tuple(sorted(net.libraries, key=lambda lib: lib.libid)),
        tuple(sorted((Group(g.code, g.name, g.kind, tuple(sorted(g.members)), g.serves_states)
                      for g in net.groups), key=lambda g: g.code)),
        tuple(sorted(net.serials, key=lambda s: s.nlm_uid)),
        tuple(sorted(net.holdings, key=lambda h: (h.libid, h.nlm_uid, h.format))),
        tuple(sorted(net.routing_tables, key=lambda t: t.libid)))
