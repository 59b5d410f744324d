"""Who holds which years of which title: a per-graph index, cached on the graph.

Years come from ranges that state years. A range that gives volumes only gives no years
(volumes are not mapped to years): its library still holds the title, but covers no year.
Level 2 holdings (H5) are kept apart and never count as holding anything. Open ends are
stored as sentinels and resolved when a question fixes the date (an open end runs to the
year of ``at``; an open beginning runs from the first year of the title's span, which is the
earliest begin year of any holder, or the end year of an open-beginning range if earlier).

Building the index walks every holding once; it is cached on ``G.graph`` under a private key
and rebuilt when the graph's version (or, without a version, its size) changes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

import networkx as nx

from graphsvc.holdings import is_level_2
from graphsvc.model import Holding, Range

OPEN_BEGIN = -(10**6)
OPEN_END = 10**6
Interval = tuple[int, int]

_CACHE_KEY = "_coverage_index"


@dataclass
class LibraryHoldings:
    """What one library reports: every title, and its Level 2 holdings."""

    holdings: int = 0
    titles: set[str] = field(default_factory=set)
    level_2: list[tuple[str, str]] = field(default_factory=list)  # (nlm_uid, format)
    last_reviewed: dt.date | None = None  # the newest last_modified of its holdings


@dataclass
class TitleHolders:
    """The non-Level-2 holders of one title: libid -> merged year intervals."""

    holders: dict[str, tuple[Interval, ...]] = field(default_factory=dict)
    first_year: int | None = None


@dataclass
class CoverageIndex:
    titles: dict[str, TitleHolders]
    libraries: dict[str, LibraryHoldings]
    counted_titles: dict[str, set[str]]  # libid -> titles it holds above Level 2


def range_years(rng: Range) -> Interval | None:
    """The years a range states, with sentinels for open ends; ``None`` without years.

    >>> range_years(Range("1", None, 1990, None)) == (1990, OPEN_END)
    True
    >>> range_years(Range("1", "9")) is None
    True
    """
    if rng.begin_year is None and rng.end_year is None:
        return None
    begin = OPEN_BEGIN if rng.begin_year is None else rng.begin_year
    return begin, OPEN_END if rng.end_year is None else rng.end_year


def merge_intervals(intervals: Iterable[Interval]) -> tuple[Interval, ...]:
    """Sorted, disjoint, non-adjacent intervals covering the same years.

    >>> merge_intervals([(2000, 2005), (1990, 1999), (2010, 2012)])
    ((1990, 2005), (2010, 2012))
    """
    merged: list[Interval] = []
    for begin, end in sorted(intervals):
        if merged and begin <= merged[-1][1] + 1:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((begin, end))
    return tuple(merged)


def clip(intervals: Iterable[Interval], first: int, last: int) -> list[Interval]:
    """The parts of ``intervals`` inside ``first..last``."""
    clipped = ((max(b, first), min(e, last)) for b, e in intervals)
    return [(b, e) for b, e in clipped if b <= e]


def year_runs(years: Iterable[int]) -> list[Interval]:
    """Consecutive years as ``(first, last)`` runs.

    >>> year_runs([1990, 1991, 1992, 1995])
    [(1990, 1992), (1995, 1995)]
    """
    runs: list[Interval] = []
    for year in sorted(years):
        if runs and year == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], year)
        else:
            runs.append((year, year))
    return runs


def span(title: TitleHolders, at_year: int) -> tuple[int, int] | None:
    """The years considered for a title: its first stated year to ``at_year``."""
    if title.first_year is None or title.first_year > at_year:
        return None
    return title.first_year, at_year


def coverage_index(G: nx.MultiDiGraph) -> CoverageIndex:
    """The graph's coverage index, built on first use and cached on ``G.graph``."""
    signature = _signature(G)
    cached = G.graph.get(_CACHE_KEY)
    if cached is not None and cached[0] == signature:
        return cached[1]
    index = build_index(G)
    G.graph[_CACHE_KEY] = (signature, index)
    return index


def _signature(G: nx.MultiDiGraph) -> tuple:
    version = G.graph.get("version")
    if version is not None:
        return version, G.number_of_nodes()
    return None, G.number_of_nodes(), G.number_of_edges()


def build_index(G: nx.MultiDiGraph) -> CoverageIndex:
    """Walk every holding once and index it by title and by library."""
    raw: dict[str, dict[str, list[Interval]]] = {}
    libraries: dict[str, LibraryHoldings] = {}
    for libid, nlm_uid, key, holding in G.edges(keys=True, data="holding"):
        if holding is None or not key.startswith("HOLDS:"):
            continue
        _note_library(libraries.setdefault(libid, LibraryHoldings()), holding)
        if is_level_2(holding.ranges):
            continue
        years = raw.setdefault(nlm_uid, {}).setdefault(libid, [])
        years.extend(i for i in map(range_years, holding.ranges) if i is not None)
    titles = {uid: _title_holders(holders) for uid, holders in raw.items()}
    counted: dict[str, set[str]] = {}
    for uid, title in titles.items():
        for libid in title.holders:
            counted.setdefault(libid, set()).add(uid)
    return CoverageIndex(titles, libraries, counted)


def _note_library(lib: LibraryHoldings, holding: Holding) -> None:
    lib.holdings += 1
    lib.titles.add(holding.nlm_uid)
    if is_level_2(holding.ranges):
        lib.level_2.append((holding.nlm_uid, holding.format))
    if holding.last_modified is not None and (
            lib.last_reviewed is None or holding.last_modified > lib.last_reviewed):
        lib.last_reviewed = holding.last_modified


def _title_holders(holders: dict[str, list[Interval]]) -> TitleHolders:
    merged = {libid: merge_intervals(years) for libid, years in holders.items()}
    # An open beginning is known to hold at least its end year.
    earliest = [e if b == OPEN_BEGIN else b for years in merged.values() for b, e in years]
    return TitleHolders(merged, min(earliest, default=None))
