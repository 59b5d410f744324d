"""Disaster what-if: take libraries offline and see which titles, years and borrowers suffer.

Only titles that an active offline library holds above Level 2 can change, so only those are
examined, each by a sweep over its holders' year intervals (see :mod:`.index`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import networkx as nx

from graphsvc.coverage.area import (
    Area, BackupLender, affected_area, distances_km, nearest_holders,
)
from graphsvc.coverage.index import TitleHolders, coverage_index, span
from graphsvc.coverage.reach import FIRST_CELLS, BorrowerImpact, cut_off_borrowers
from graphsvc.coverage.status import active_libraries, as_day
from graphsvc.errors import NotFound
from graphsvc import network
from graphsvc.network import node_kind


@dataclass(frozen=True)
class YearRun:
    """Years ``first..last``; ``libid`` is the one holder left when a run drops to one."""

    first: int
    last: int
    libid: str | None = None

    @property
    def years(self) -> int:
        return self.last - self.first + 1


@dataclass(frozen=True)
class TitleImpact:
    nlm_uid: str
    title: str
    holders_before: int
    holders_after: int
    lost_years: tuple[YearRun, ...]  # active holders before, none after
    single_years: tuple[YearRun, ...]  # two or more before, exactly one after
    backups: tuple[BackupLender, ...] = ()

    @property
    def last_holder_lost(self) -> bool:
        return self.holders_after == 0

    @property
    def dropped_to_one(self) -> bool:
        return self.holders_after == 1 and self.holders_before >= 2


@dataclass(frozen=True)
class WhatIfCounts:
    offline_libraries: int
    titles_affected: int
    titles_losing_last_holder: int
    titles_losing_years: int
    title_years_lost: int
    titles_dropping_to_one: int
    title_years_dropping_to_one: int
    borrowers_cut_off_in_cells_1_3: int
    borrowers_cut_off: int


@dataclass(frozen=True)
class WhatIf:
    at: dt.date
    area: Area
    counts: WhatIfCounts
    lost: tuple[TitleImpact, ...]
    dropped_to_one: tuple[TitleImpact, ...]
    borrowers_cut_off_in_cells_1_3: tuple[BorrowerImpact, ...]
    borrowers_cut_off: tuple[BorrowerImpact, ...]


def offline_libraries(G: nx.MultiDiGraph, *, libraries: Iterable[str] = (),
                      states: Iterable[str] = (), regions: Iterable[str] = ()) -> set[str]:
    """The libraries named, plus every library of the states and regions named.

    Raises :class:`NotFound` naming every unknown library and region; a state without
    libraries simply adds none.
    """
    libids, states, regions = set(libraries), set(states), set(regions)
    problems = [{"field": "libraries", "message": f"unknown library {x!r}"}
                for x in sorted(libids) if node_kind(G, x) != "library"]
    problems += [{"field": "regions", "message": f"unknown region {x!r}"}
                 for x in sorted(regions - G.graph.get("regions", {}).keys())]
    if problems:
        msg = "; ".join(p["message"] for p in problems)
        raise NotFound(msg, problems=problems)
    state_region = G.graph.get("state_region", {})
    for lib in network.libraries(G):
        state = G.nodes[lib].get("state")
        if state in states or state_region.get(state) in regions:
            libids.add(lib)
    return libids


def what_if(G: nx.MultiDiGraph, *, libraries: Iterable[str] = (), states: Iterable[str] = (),
            regions: Iterable[str] = (), at: dt.date, max_listed: int = 200,
            backups_per_title: int = 3) -> WhatIf:
    """What the network loses when some libraries go offline (a disaster, a closure).

    Holders are active libraries (FULL, not out of office on ``at``, not NLM) with a holding
    above Level 2; years follow :func:`~graphsvc.coverage.serials.serial_coverage`.

    Parameters
    ----------
    G : the whole-network graph.
    libraries, states, regions : what goes offline (states and regions by library state).
    at : the day of the question.
    max_listed : how many titles each of ``lost`` and ``dropped_to_one`` lists (all counted).
    backups_per_title : how many backup lenders to suggest per listed title.

    Returns
    -------
    WhatIf
        ``lost``: titles with years (or, without stated years, the whole title) that lose
        their last active holder, most years first; ``dropped_to_one``: titles with years
        (or the whole title) going from two or more holders to one; each listed title has
        ``backups``, its nearest remaining active holders by great-circle distance from the
        centroid of the offline libraries (none when nothing remains; backups are suggested
        for the title, whatever years they hold); borrowers (active, not
        offline) whose table reached an active lender and now reaches none, in cells 1-3 and
        in any cell; the ``area`` to draw; ``counts``.

    Raises
    ------
    NotFound
        For an unknown library or region.

    Examples
    --------
    >>> from graphsvc.coverage.examples import three_library_network
    >>> w = what_if(three_library_network(), libraries=["WAUUHS"], at=dt.date(2026, 11, 23))
    >>> [(t.nlm_uid, t.lost_years) for t in w.lost]
    [('0255562', (YearRun(first=1980, last=1989, libid=None),))]
    >>> w.lost[0].single_years, [b.libid for b in w.lost[0].backups]
    ((YearRun(first=1990, last=2000, libid='ORUPAC'),), ['ORUPAC'])
    >>> w.counts.title_years_lost, [b.libid for b in w.borrowers_cut_off]
    (10, [])
    """
    day = as_day(at)
    offline = offline_libraries(G, libraries=libraries, states=states, regions=regions)
    active = active_libraries(G, day)
    impacts = _title_impacts(G, offline, active, day.year)
    lost = sorted((t for t in impacts if t.lost_years or t.last_holder_lost),
                  key=lambda t: (not t.last_holder_lost, -_years(t.lost_years), t.nlm_uid))
    single = sorted((t for t in impacts if t.single_years or t.dropped_to_one),
                    key=lambda t: (not t.dropped_to_one, -_years(t.single_years), t.nlm_uid))
    area = affected_area(G, offline)
    with_backups = _with_backups(G, area, active - offline, lost[:max_listed],
                                 single[:max_listed], backups_per_title)
    first_cells = cut_off_borrowers(G, offline, active, cells=FIRST_CELLS)
    any_cell = cut_off_borrowers(G, offline, active)
    counts = WhatIfCounts(
        len(offline), len(impacts), sum(t.last_holder_lost for t in lost),
        sum(bool(t.lost_years) for t in lost), sum(_years(t.lost_years) for t in lost),
        sum(t.dropped_to_one for t in single), sum(_years(t.single_years) for t in single),
        len(first_cells), len(any_cell))
    return WhatIf(day, area, counts, tuple(with_backups[t.nlm_uid] for t in lost[:max_listed]),
                  tuple(with_backups[t.nlm_uid] for t in single[:max_listed]),
                  tuple(first_cells), tuple(any_cell))


def _years(runs: Iterable[YearRun]) -> int:
    return sum(run.years for run in runs)


def _title_impacts(G: nx.MultiDiGraph, offline: set[str], active: set[str],
                   at_year: int) -> list[TitleImpact]:
    index = coverage_index(G)
    affected = set().union(*(index.counted_titles.get(lib, ()) for lib in offline & active))
    active_flags = bytes(lib in active for lib in index.library_ids)
    offline_flags = bytes(lib in offline for lib in index.library_ids)
    impacts = []
    for uid in sorted(affected):
        title = index.titles[uid]
        before = [code for code in title.holder_codes if active_flags[code]]
        after = sum(not offline_flags[code] for code in before)
        lost, single = year_changes(title, at_year, active=active_flags,
                                    offline=offline_flags, library_ids=index.library_ids)
        name = G.nodes[uid].get("title", "") if uid in G else ""
        impacts.append(TitleImpact(uid, name, len(before), after, tuple(lost), tuple(single)))
    return impacts


def year_changes(title: TitleHolders, at_year: int, *, active: bytes, offline: bytes,
                 library_ids: Sequence[str]) -> tuple[list[YearRun], list[YearRun]]:
    """Runs of years that lose every holder, and runs that drop from two or more to one.

    ``active`` and ``offline`` are flags by library number, ``library_ids`` the numbers'
    LIBIDs (see :class:`.CoverageIndex`). The sweep walks the title's
    presorted interval events, keeping the number of active holders and the set of those
    that stay online, and stops once two staying holders cover every remaining year.
    """
    years = span(title, at_year)
    if years is None:
        return [], []
    first, last = years
    starts, codes, ends = title.event_years, title.event_codes, title.event_ends
    lost: list[YearRun] = []
    single: list[YearRun] = []
    holders, staying, staying_to_end, i, n = 0, set(), 0, 0, len(starts)
    while i < n and (year := max(starts[i], first)) <= last:
        while i < n and max(starts[i], first) == year:
            code = codes[i]
            lib = code if code >= 0 else ~code
            if active[lib]:
                begins = code >= 0
                holders += 1 if begins else -1
                if begins and not offline[lib]:
                    staying.add(lib)
                    staying_to_end += ends[i] >= last
                elif not offline[lib]:
                    staying.discard(lib)
            i += 1
        stop = min(starts[i] - 1, last) if i < n else last
        if holders and not staying:
            _extend(lost, year, stop, None)
        elif holders >= 2 and len(staying) == 1:
            _extend(single, year, stop, library_ids[next(iter(staying))])
        if staying_to_end >= 2:
            break
    return lost, single


def _extend(runs: list[YearRun], first: int, last: int, libid: str | None) -> None:
    if runs and runs[-1].last == first - 1 and runs[-1].libid == libid:
        runs[-1] = YearRun(runs[-1].first, last, libid)
    else:
        runs.append(YearRun(first, last, libid))


def _with_backups(G: nx.MultiDiGraph, area: Area, remaining: set[str],
                  lost: list[TitleImpact], single: list[TitleImpact],
                  per_title: int) -> dict[str, TitleImpact]:
    index = coverage_index(G)
    distances = distances_km(G, area.centroid, remaining)
    found = {}
    for impact in (*lost, *single):
        holders = [lib for lib in index.titles[impact.nlm_uid].holders if lib in remaining]
        backups = nearest_holders(G, distances, holders, limit=per_title)
        found[impact.nlm_uid] = TitleImpact(
            impact.nlm_uid, impact.title, impact.holders_before, impact.holders_after,
            impact.lost_years, impact.single_years, tuple(backups))
    return found
