"""Reading the whole network, and the neighbourhood of one request, as graphs (mixed into
:class:`~graphsvc.store.neo4j.Neo4jStore`).

The whole network is read once (holdings page by page) and kept by
:class:`~graphsvc.store.cache.NetworkCache`, which brings it up to date from the change log
(:meth:`NetworkReadStore.catch_up`); a routing request reads only its neighbourhood.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import networkx as nx

from graphsvc import changes as patch
from graphsvc.changes import NetworkChange, changed_parts
from graphsvc.collector import collector_paused
from graphsvc.holdings_table import HoldingsTable
from graphsvc.model import Group, Holding, Library, Network, Region, RoutingTable
from graphsvc.network import add_holdings, build_network
from graphsvc.store import records, snapshots

CATCH_UP_LIMIT = 200  # more changes than this at once: reload instead
HOLDINGS_PAGE = 100  # libraries per query when the whole network is read
PAGES_AHEAD = 1  # holdings pages read while the one before is encoded


class NetworkReadStore:
    """The network as graphs: whole (:meth:`network`), caught up, or one neighbourhood."""

    def routing_graph(self, borrower: str, nlm_uid: str | None, *,
                      extra: Iterable[str] = ()) -> nx.MultiDiGraph:
        """The neighbourhood of one routing request as a network graph (complete=False)."""
        row = self.read("routing/neighbourhood", borrower=borrower, nlm_uid=nlm_uid,
                        extra=list(extra))[0]
        return _neighbourhood_graph(row, self.regions())


    def export_network(self) -> Network:
        """The whole network as a bundle."""
        libs, grps = self._libraries_and_groups()
        sers = tuple(records.serial_from(r["props"]) for r in self.read("network/all_serials"))
        holds = tuple(sorted(self._holdings_by_page(sorted(lib.libid for lib in libs)),
                             key=lambda h: (h.libid, h.nlm_uid, h.format)))
        tables = routing_tables(self.read("network/all_routing_links"))
        return Network(self.regions(), libs, grps, sers, holds, tables)

    def load_network(self, version: int | None = None) -> nx.MultiDiGraph:
        """The whole network graph at ``version``; holdings are read page by page (the next
        page read while one is encoded) straight into its compact holdings table (no
        :class:`Holding` made), with the cyclic collector paused meanwhile."""
        with collector_paused():
            libs, grps = self._libraries_and_groups()
            sers = tuple(records.serial_from(r["props"])
                         for r in self.read("network/all_serials"))
            tables = routing_tables(self.read("network/all_routing_links"))
            G = build_network(Network(self.regions(), libs, grps, sers, (), tables),
                              version=version)
            pages = self._pages_ahead("network/holdings_page",
                                      sorted(lib.libid for lib in libs), HOLDINGS_PAGE)
            add_holdings(G, HoldingsTable.of_fields(map(records.holding_fields, pages)))
        return G

    def libraries_network(self) -> nx.MultiDiGraph:
        """Regions, libraries and groups only, as a graph (``complete=False``): from the
        newest libraries snapshot in ``snapshot_dir`` when no change logged since touched
        them (:func:`graphsvc.store.snapshots.current_libraries`), else read."""
        if self.snapshot_dir is not None:
            found = snapshots.current_libraries(self, Path(self.snapshot_dir))
            if found is not None:
                return found
        return build_network(Network(self.regions(), *self._libraries_and_groups()),
                             complete=False)

    def _libraries_and_groups(self) -> tuple[tuple[Library, ...], tuple[Group, ...]]:
        libs = tuple(records.library_from(r["props"]) for r in self.read("network/all_libraries"))
        grps = tuple(records.group_from(r["props"], r["members"])
                     for r in self.read("network/all_groups"))
        return libs, grps

    def _holdings_by_page(self, libids: list[str], page: int = HOLDINGS_PAGE
                          ) -> Iterator[Holding]:
        for start in range(0, len(libids), page):
            for r in self.read("network/holdings_page", libids=libids[start:start + page]):
                yield from (records.holding_from_row(r["libid"], row) for row in r["holdings"])

    def _pages_ahead(self, name: str, libids: list[str], page: int,
                     ahead: int | None = None) -> Iterator[list]:
        """The records of query ``name`` for ``libids``, ``page`` LIBIDs a query, in order;
        ``ahead`` (default :data:`PAGES_AHEAD`, read at the call) queries run in threads of
        their own while the caller works on a page."""
        ahead = PAGES_AHEAD if ahead is None else ahead
        with ThreadPoolExecutor(ahead, thread_name_prefix="graphsvc-page") as pool:
            running: deque[Future] = deque()
            for start in range(0, len(libids), page):
                running.append(pool.submit(self.read, name, libids=libids[start:start + page]))
                if len(running) > ahead:
                    yield running.popleft().result()
            while running:
                yield running.popleft().result()

    def network_ready(self, *, max_age: float = 1.0) -> nx.MultiDiGraph | None:
        """The whole network graph if this process holds it, else ``None`` (and load it in
        the background); see :meth:`NetworkCache.ready` for how fresh it is."""
        return self.network_cache.ready(max_age=max_age)

    def network(self, *, max_age: float = 0.0) -> nx.MultiDiGraph:
        """The whole network graph, brought up to date when the network version changed.

        ``max_age``: seconds a checked version stays trusted before it is read again.
        """
        return self.network_cache.get(max_age=max_age)

    def catch_up(self, G: nx.MultiDiGraph, since: int) -> bool:
        """Bring ``G`` (the whole network at version ``since``) up to date in place by
        applying the logged changes after ``since``, re-reading only the parts they name.

        Returns ``False`` (``G`` unchanged) when the change log does not reach back to
        ``since``, holds too many changes, or one of them needs a full reload.
        """
        changes = self.changes_since(since)
        parts = changed_parts(changes) if changes else None
        if parts is None:
            return False
        G.graph.setdefault("serials_version", since)
        G.graph.setdefault("links_version", since)
        self._patch(G, parts)
        G.graph["version"] = changes[-1].version
        return True

    def changes_since(self, since: int) -> list[NetworkChange] | None:
        """The changes logged after version ``since``, oldest first, each with its version;
        ``None`` when the log does not reach back to ``since`` or holds more than
        ``CATCH_UP_LIMIT`` of them (a reader then reads the network whole)."""
        rows = self.read("network/changes_since", version=since, limit=CATCH_UP_LIMIT + 1)
        if [r["version"] for r in rows] != list(range(since + 1, since + 1 + len(rows))) \
                or len(rows) > CATCH_UP_LIMIT:
            return None
        return [NetworkChange(r["kind"], tuple(r["libids"] or ()), tuple(r["nlm_uids"] or ()),
                              tuple(r["groups"] or ()), r["version"]) for r in rows]

    def _patch(self, G: nx.MultiDiGraph, parts) -> None:
        if parts.serials:
            rows = self.read("network/serials_by_uid", nlm_uids=sorted(parts.serials))
            patch.replace_serials(G, [records.serial_from(r["props"]) for r in rows])
            G.graph["serials_version"] = object()  # a new ISSN index
        if parts.libraries or parts.groups or parts.tables:
            G.graph["links_version"] = object()  # new group member sets
        for libid in sorted(parts.libraries):
            found = self.library(libid)
            patch.replace_library(G, libid, found and found["library"],
                                  found["groups"] if found else ())
        if parts.groups:
            rows = self.read("network/groups_by_code", codes=sorted(parts.groups))
            found = {r["props"]["code"]: records.group_from(r["props"], r["members"])
                     for r in rows}
            for code in sorted(parts.groups):
                patch.replace_group(G, code, found.get(code))
        self.patch_changed_holdings(G, parts)
        if parts.tables:
            rows = self.read("network/routing_links_of", libids=sorted(parts.tables))
            tables = {t.libid: t for t in routing_tables(rows)}
            for libid in sorted(parts.tables):
                patch.replace_routing_table(G, tables.get(libid, RoutingTable(libid)))


# --- reading rows back into graphs ----------------------------------------------------------

def routing_tables(rows) -> tuple[RoutingTable, ...]:
    cells: dict[str, dict[int, list]] = {}
    dnr: dict[str, list[str]] = {}
    manual: dict[str, list] = {}
    for r in rows:
        if r["kind"] == "ROUTES_TO":
            cells.setdefault(r["libid"], {}).setdefault(r["cell"], []).append(
                (r["position"], r["target"]))
        elif r["kind"] == "DO_NOT_ROUTE":
            dnr.setdefault(r["libid"], []).append(r["target"])
        else:
            manual.setdefault(r["libid"], []).append((r["row"], r["target"]))
    libids = sorted(set(cells) | set(dnr) | set(manual))
    return tuple(RoutingTable(
        libid,
        {c: tuple(e for _, e in sorted(v)) for c, v in sorted(cells.get(libid, {}).items())},
        tuple(sorted(dnr.get(libid, ()))),
        tuple(e for _, e in sorted(manual.get(libid, ())))) for libid in libids)



def _neighbourhood_graph(row, regions: tuple[Region, ...]) -> nx.MultiDiGraph:
    libs = {p["libid"]: records.library_from(p) for p in row["libraries"] if p}
    if row["borrower"]:
        libs[row["borrower"]["libid"]] = records.library_from(row["borrower"])
    groups: dict[str, dict] = {}
    for m in row["memberships"]:
        if m["group"]:
            g = groups.setdefault(m["group"], {**m, "members": []})
            g["members"].append(m["member"])
    links = [link for link in row["links"] if link["kind"]]
    borrower = row["borrower"]["libid"] if row["borrower"] else None
    network = Network(
        regions=regions, libraries=tuple(libs.values()),
        groups=tuple(Group(c, g["name"] or "", g["kind"] or "LIBRARY_GROUP",
                           tuple(g["members"]), tuple(g["serves_states"] or ()))
                     for c, g in groups.items()),
        serials=tuple(records.serial_from(p) for p in row["serials"] if p),
        holdings=tuple(records.holding_from(h["libid"], h["nlm_uid"], h["props"])
                       for h in row["holdings"] if h["libid"]),
        routing_tables=routing_tables([{**link, "libid": borrower} for link in links])
        if borrower else ())
    G = build_network(network, complete=False)
    G.graph["version"] = row["version"] or 0
    return G
