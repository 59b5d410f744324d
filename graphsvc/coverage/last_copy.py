"""Last-copy guard: which titles and years a holdings change would leave with no holder, or one.

A library's holdings are compared with what they would become (a new list, or none when it
closes). A year loses its last copy when it had an active holder (FULL, not out of office,
not NLM, above Level 2) before the change and none after; it drops to one when it had two or
more. Both the whole network and the library's own region are judged.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import networkx as nx

from graphsvc.coverage.index import OPEN_BEGIN, OPEN_END, holding_years, merge_intervals
from graphsvc.coverage.status import active_libraries, as_day
from graphsvc.model import Holding
from graphsvc.network import holders_of, holdings_of, region_of

Interval = tuple[int, int]


@dataclass(frozen=True)
class CopyRisk:
    """Years of one title that a change leaves with no holder (``lost``) or one (``single``),
    in the ``network`` or in the library's ``region``."""

    nlm_uid: str
    title: str
    scope: str
    region: str | None
    lost_years: tuple[Interval, ...]
    single_years: tuple[Interval, ...]


def last_copy_risks(G: nx.MultiDiGraph, libid: str, new_holdings: Sequence[Holding] | None, *,
                    at: dt.date | dt.datetime) -> list[CopyRisk]:
    """What replacing ``libid``'s holdings by ``new_holdings`` (``None``: the library closes)
    would leave with no holder or a single holder.

    Examples
    --------
    >>> from graphsvc.coverage.examples import three_library_network
    >>> G = three_library_network()
    >>> [(r.scope, r.lost_years, r.single_years)
    ...  for r in last_copy_risks(G, "WAUUHS", [], at=dt.date(2026, 11, 23))]
    [('network', ((1980, 1989),), ((1990, 2000),)), ('region', ((1980, 1989),), ((1990, 2000),))]
    """
    day = as_day(at)
    active = active_libraries(G, day)
    before = _years_by_title(holdings_of(G, libid)) if libid in active else {}
    after = _years_by_title(new_holdings or ()) if libid in active and new_holdings else {}
    region = region_of(G, libid)
    risks = []
    for uid in sorted(before.keys() | after.keys()):
        if before.get(uid, []) == after.get(uid, []):
            continue
        others = _other_holders(G, uid, libid, active)
        in_region = {lib: iv for lib, iv in others.items() if region_of(G, lib) == region}
        for scope, holders in (("network", others), ("region", in_region)):
            lost, single = year_changes(holders.values(), before.get(uid, []),
                                        after.get(uid, []), at_year=day.year)
            if lost or single:
                title = G.nodes[uid].get("title", "") if uid in G else ""
                risks.append(CopyRisk(uid, title, scope, region if scope == "region" else None,
                                      tuple(lost), tuple(single)))
    return risks


def _years_by_title(holdings: Iterable[Holding]) -> dict[str, list[Interval]]:
    found: dict[str, list[Interval]] = defaultdict(list)
    for holding in holdings:
        found[holding.nlm_uid] += holding_years(holding.ranges) or []
    return {uid: merge_intervals(years) for uid, years in found.items() if years}


def _other_holders(G: nx.MultiDiGraph, uid: str, libid: str,
                   active: set[str]) -> dict[str, list[Interval]]:
    return {lib: years for lib, years in _years_of_holders(holders_of(G, uid)).items()
            if lib != libid and lib in active}


def _years_of_holders(holdings: Iterable[Holding]) -> dict[str, list[Interval]]:
    found: dict[str, list[Interval]] = defaultdict(list)
    for holding in holdings:
        found[holding.libid] += holding_years(holding.ranges) or []
    return {lib: merge_intervals(years) for lib, years in found.items() if years}


def year_changes(others: Iterable[list[Interval]], before: list[Interval],
                 after: list[Interval], *, at_year: int) -> tuple[list[Interval], list[Interval]]:
    """Runs of years that go from some holders to none, and from two or more to one.

    >>> year_changes([[(2000, 2010)]], [(1995, 2005)], [], at_year=2026)
    ([(1995, 1999)], [(2000, 2005)])
    """
    others = [list(iv) for iv in others]
    stated = [b for iv in (*others, before, after) for b, _ in iv if b != OPEN_BEGIN]
    if not stated:
        return [], []
    first = min(stated)
    counts = [0] * (at_year - first + 1)
    for intervals in others:
        _add(counts, intervals, first, at_year, 1)
    mine_before, mine_after = [0] * len(counts), [0] * len(counts)
    _add(mine_before, before, first, at_year, 1)
    _add(mine_after, after, first, at_year, 1)
    lost, single = [], []
    for i, base in enumerate(counts):
        was, now = base + mine_before[i], base + mine_after[i]
        if was >= 1 and now == 0:
            _extend(lost, first + i)
        elif was >= 2 and now == 1:
            _extend(single, first + i)
    return lost, single


def _add(counts: list[int], intervals: list[Interval], first: int, last: int, n: int) -> None:
    for begin, end in intervals:
        begin = first if begin == OPEN_BEGIN else max(begin, first)
        end = last if end == OPEN_END else min(end, last)
        for year in range(begin, end + 1):
            counts[year - first] += n


def _extend(runs: list[Interval], year: int) -> None:
    if runs and runs[-1][1] == year - 1:
        runs[-1] = (runs[-1][0], year)
    else:
        runs.append((year, year))


def risk_view(risk: CopyRisk) -> dict:
    """A risk as the API shows it (year runs as ``{"first", "last"}``)."""
    return {"nlm_uid": risk.nlm_uid, "title": risk.title, "scope": risk.scope,
            "region": risk.region,
            "lost_years": [{"first": b, "last": e} for b, e in risk.lost_years],
            "single_years": [{"first": b, "last": e} for b, e in risk.single_years]}


@dataclass(frozen=True)
class RegionLastCopies:
    """The titles whose only active holder in the network is in ``region``."""

    region: str | None
    titles: int
    libraries: int
    listed: tuple[tuple[str, str, str], ...]  # (nlm_uid, title, holder LIBID), the first ones


def last_copies_by_region(G: nx.MultiDiGraph, *, at: dt.date | dt.datetime,
                          max_listed: int = 100) -> list[RegionLastCopies]:
    """Per region, the network's last copies its libraries hold (titles with one active
    holder in the whole network; the coverage summary's single-holder titles), by region.

    >>> from graphsvc.coverage.examples import three_library_network
    >>> [(r.region, r.titles) for r in last_copies_by_region(three_library_network(),
    ...                                                       at=dt.date(2026, 11, 23))]
    [('5', 0)]
    """
    from graphsvc.coverage.index import coverage_index
    from graphsvc.coverage.summary import single_holder_titles

    index = coverage_index(G)
    active = active_libraries(G, as_day(at))
    found: dict[str | None, list[tuple[str, str]]] = {code: [] for code in
                                                       G.graph.get("regions", {})}
    for uid, lib in single_holder_titles(index, sorted(index.libraries), active):
        found.setdefault(region_of(G, lib), []).append((uid, lib))
    return [RegionLastCopies(code, len(pairs), len({lib for _, lib in pairs}),
                             tuple((uid, G.nodes[uid].get("title", "") if uid in G else "", lib)
                                   for uid, lib in pairs[:max_listed]))
            for code, pairs in sorted(found.items(), key=lambda kv: str(kv[0]))]
