"""Coverage use cases: one title's holders by year, summaries, disaster what-if, GeoJSON.

Every answer is computed on the whole-network graph of this process (:meth:`store.network`,
cached by network version) and its coverage index (cached on the graph). Building the index
of a national network takes seconds, so a server keeps both warm in a background thread
(:func:`~graphsvc.services.coverage_warm.keep_warm`, with the rest of that machinery in
:mod:`graphsvc.services.coverage_warm`) and a what-if answers from the warm index.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable
from typing import TypeVar

import networkx as nx

from graphsvc import coverage, forked
from graphsvc.coverage.search import find_serials
from graphsvc.coverage.whatif import TitleImpact
from graphsvc.services.coverage_warm import (
    NETWORK_MAX_AGE, expect_index, keep_warm, network_graph, warm,
)
from graphsvc.services.requests import lender_report
from graphsvc.store.contract import Store

T = TypeVar("T")

#: Days of request history the 75% fill-rate standard is judged on.
PERFORMANCE_DAYS = 365

#: Seconds a whole-network read may take in its child before it is done in this process.
APART_TIMEOUT_S = 300.0


def apart(compute: Callable[[], T]) -> T:
    """``compute()``, a read of the whole network (a summary, a what-if, the last copies), in
    a forked child (:func:`graphsvc.forked.apart`): the pages of the graph and its index that
    it reads stay shared with the host's other processes (a summary of the national network
    made 96-151 MB a worker's own)."""
    return forked.apart(compute, timeout=APART_TIMEOUT_S)


def _today(at: dt.date | None) -> dt.date:
    return at or dt.date.today()


# --- one title ---------------------------------------------------------------------------------

def serial(store: Store, nlm_uid: str, *, at: dt.date | None = None) -> dict:
    """:func:`graphsvc.coverage.serial_coverage` as plain data, with each region's years of
    zero and one active holder called out.

    Raises :class:`~graphsvc.errors.NotFound` for an unknown title.
    """
    G = network_graph(store)
    cov = coverage.serial_coverage(G, nlm_uid, at=_today(at))
    view = dataclasses.asdict(cov)
    view["single_holder_years"] = [{"year": y, "libid": lib} for y, lib in cov.single_holder_years]
    view["regions"] = region_years(sorted(G.graph.get("regions", {})), view["years"])
    return view


def region_years(regions: Iterable[str], years: list[dict]) -> list[dict]:
    """Per region, the years with no active holder in it and the years with exactly one.

    >>> found = region_years(["1", "5"], [{"year": 2000, "by_region": {"5": 1}},
    ...                                   {"year": 2001, "by_region": {"5": 2, "1": 1}}])
    >>> found[0]
    {'region': '1', 'gap_years': [2000], 'single_holder_years': [2001]}
    >>> found[1]
    {'region': '5', 'gap_years': [], 'single_holder_years': [2000]}
    """
    return [{"region": code,
             "gap_years": [y["year"] for y in years if not y["by_region"].get(code)],
             "single_holder_years": [y["year"] for y in years if y["by_region"].get(code) == 1]}
            for code in regions]


# --- title search ---------------------------------------------------------------------------

def search_titles(store: Store, text: str, *, limit: int = 20) -> list[dict]:
    """:func:`graphsvc.coverage.search.find_serials` on the stored network, first page."""
    return list(find_serials(network_graph(store), text, limit=limit).serials)


def search_serials(store: Store, text: str, *, limit: int = 20, offset: int = 0) -> dict:
    """One page of :func:`graphsvc.coverage.search.find_serials` on the stored network:
    ``{"q", "total", "offset", "limit", "serials"}``."""
    found = find_serials(network_graph(store), text, limit=limit, offset=offset)
    return {"q": text, "total": found.total, "offset": offset, "limit": limit,
            "serials": list(found.serials)}


# --- a region or state -------------------------------------------------------------------------

def lender_performance(store: Store, *, at: dt.date) -> dict[str, dict]:
    """Fill rates of the lenders over the :data:`PERFORMANCE_DAYS` days up to ``at``."""
    frm = at - dt.timedelta(days=PERFORMANCE_DAYS - 1)
    return {s["libid"]: s for s in lender_report(store, frm=frm, to=at)["lenders"]}


#: The summary's lists that are paged (a national network has thousands of each).
PAGED_LISTS = ("single_holder_titles", "not_reviewed", "level_2_holdings", "routing_problems",
               "below_standard")


def summary(store: Store, *, region: str | None = None, state: str | None = None,
            at: dt.date | None = None, max_listed: int = 100, offset: int = 0,
            limit: int = 100) -> dict:
    """:func:`graphsvc.coverage.coverage_summary` as plain data, with the lenders' fill rates
    read from the request history (lenders without receipts are not judged).

    Each list of :data:`PAGED_LISTS` holds the items ``offset`` to ``offset + limit`` of its
    ``totals``, so the answer stays small for the whole network.

    Raises :class:`~graphsvc.errors.NotFound` for an unknown region.
    """
    day = _today(at)
    G = network_graph(store)
    performance = lender_performance(store, at=day)
    return apart(lambda: _summary_view(G, region, state, day, performance, max_listed,
                                       slice(offset, offset + limit)))


def _summary_view(G: nx.MultiDiGraph, region: str | None, state: str | None, day: dt.date,
                  performance: dict, max_listed: int, page: slice) -> dict:
    s = coverage.coverage_summary(G, region=region, state=state, at=day,
                                  performance=performance, max_listed=max_listed)
    name, offset, limit = _namer(G), page.start, page.stop - page.start
    return {
        "region": s.region, "state": s.state, "at": s.at, "libraries": s.libraries,
        "titles": s.titles, "holdings": s.holdings,
        "single_holder_titles": [{"nlm_uid": uid, "title": name(uid, "title"), "libid": lib}
                                 for uid, lib in s.single_holder_titles[page]],
        "titles_held_only_outside": s.titles_held_only_outside,
        "titles_held_only_outside_listed": list(s.titles_held_only_outside_listed),
        "not_reviewed": [{"libid": lib, "name": name(lib, "name"), "last_reviewed": day_}
                         for lib, day_ in s.not_reviewed[page]],
        "level_2_holdings": [{"libid": lib, "nlm_uid": uid, "format": fmt}
                             for lib, uid, fmt in s.level_2_holdings[page]],
        "routing_problems": [dataclasses.asdict(p) for p in s.routing_problems[page]],
        "below_standard": [{"libid": lib, "name": name(lib, "name"), "fill_rate": rate,
                            "received": performance[lib]["received"]}
                           for lib, rate in s.below_standard[page]],
        "performance_from": day - dt.timedelta(days=PERFORMANCE_DAYS - 1),
        "lenders_with_requests": sum(p["received"] > 0 for p in performance.values()),
        "totals": {list_: len(getattr(s, list_)) for list_ in PAGED_LISTS},
        "offset": offset, "limit": limit,
    }


def last_copies(store: Store, *, at: dt.date | None = None, max_listed: int = 100) -> dict:
    """Per region, the titles whose only active holder in the network is there."""
    day, G = _today(at), network_graph(store)
    return apart(lambda: _last_copies_view(G, day, max_listed))


def _last_copies_view(G: nx.MultiDiGraph, day: dt.date, max_listed: int) -> dict:
    from graphsvc.coverage.last_copy import last_copies_by_region

    regions = last_copies_by_region(G, at=day, max_listed=max_listed)
    return {"at": day, "regions": [
        {"region": r.region, "titles": r.titles, "libraries": r.libraries,
         "listed": [{"nlm_uid": uid, "title": title, "libid": lib}
                    for uid, title, lib in r.listed]} for r in regions]}


def _namer(G: nx.MultiDiGraph) -> Callable[[str, str], str]:
    def name(node: str, attribute: str) -> str:
        return G.nodes[node].get(attribute, "") if node in G else ""
    return name


# --- what-if -----------------------------------------------------------------------------------

def what_if(store: Store, *, libraries: Iterable[str] = (), states: Iterable[str] = (),
            regions: Iterable[str] = (), at: dt.date | None = None, max_listed: int = 200,
            backups_per_title: int = 3,
            progress: Callable[[str], object] | None = None) -> dict:
    """:func:`graphsvc.coverage.what_if` on the stored network, as plain data.

    Raises :class:`~graphsvc.errors.NotFound` naming every unknown library and region.
    """
    G = network_graph(store, progress=progress)
    if progress:
        progress("what-if")
    day = _today(at)
    return apart(lambda: what_if_view(coverage.what_if(
        G, libraries=libraries, states=states, regions=regions, at=day, max_listed=max_listed,
        backups_per_title=backups_per_title)))


def what_if_view(found: coverage.WhatIf) -> dict:
    """A :class:`~graphsvc.coverage.WhatIf` as plain data (titles with their flags)."""
    area = dataclasses.asdict(found.area)
    area["centroid"] = list(found.area.centroid) if found.area.centroid else None
    return {"at": found.at, "area": area, "counts": dataclasses.asdict(found.counts),
            "lost": [_impact(t) for t in found.lost],
            "dropped_to_one": [_impact(t) for t in found.dropped_to_one],
            "borrowers_cut_off_in_cells_1_3":
                [dataclasses.asdict(b) for b in found.borrowers_cut_off_in_cells_1_3],
            "borrowers_cut_off": [dataclasses.asdict(b) for b in found.borrowers_cut_off]}


def _impact(t: TitleImpact) -> dict:
    return {**dataclasses.asdict(t), "last_holder_lost": t.last_holder_lost,
            "dropped_to_one": t.dropped_to_one}


# --- maps --------------------------------------------------------------------------------------

def libraries_geojson(store: Store, *, region: str | None = None, nlm_uid: str | None = None,
                      holders_only: bool = False) -> dict:
    """:func:`graphsvc.coverage.libraries_geojson` on the stored network; with ``nlm_uid``
    and ``holders_only``, only the libraries holding the title."""
    G = network_graph(store) if nlm_uid is not None else _libraries_graph(store)
    found = coverage.libraries_geojson(G, region=region, nlm_uid=nlm_uid)
    if nlm_uid is not None and holders_only:
        found["features"] = [f for f in found["features"] if f["properties"]["holds"]]
    return found


def _libraries_graph(store: Store) -> nx.MultiDiGraph:
    """The whole network graph if this process holds it, else the libraries, groups and
    regions read in three small queries (the map right after a start needs no holdings)."""
    return store.network_ready(max_age=NETWORK_MAX_AGE) or store.libraries_network()


def regions(store: Store) -> list[dict]:
    """The network's regions (code, name, states), for the dashboard's choices."""
    return [{"code": r.code, "name": r.name, "states": list(r.states)} for r in store.regions()]


__all__ = ["expect_index", "keep_warm", "lender_performance", "libraries_geojson",
           "network_graph", "region_years", "regions", "search_serials", "search_titles",
           "serial", "summary",
           "warm", "what_if", "what_if_view"]


def title_changes(store: Store, *, libid: str | None = None) -> list[dict]:
    """Holdings left on ceased titles that have a successor (DOCLINE's title-change report)."""
    import dataclasses

    from graphsvc.coverage.title_changes import title_change_report

    return [dataclasses.asdict(f)
            for f in title_change_report(store.network(max_age=NETWORK_MAX_AGE), libid=libid)]
