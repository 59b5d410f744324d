"""Who holds which years of which title: a per-graph index, cached on the graph.

Years come from ranges that state years. A range that gives volumes only gives no years
(volumes are not mapped to years): its library still holds the title, but covers no year.
Level 2 holdings (H5) are kept apart and never count as holding anything. Open ends are
stored as sentinels and resolved when a question fixes the date (an open end runs to the
year of ``at``; an open beginning runs from the first year of the title's span, which is the
earliest begin year of any holder, or the end year of an open-beginning range if earlier).

Each title also keeps its holders' interval ends as presorted events in compact arrays, so a
what-if sweeps a title without sorting or allocating (see :func:`.whatif.year_changes`).
Routing tables are indexed in the same pass over the graph's edges.

Building the index walks every edge and every holding (the graph's holdings table) once; it
is cached on the graph and rebuilt as :mod:`graphsvc.derived` says (a new graph object,
version or size).
"""

from __future__ import annotations

import datetime as dt
import gc
from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field

import networkx as nx

from graphsvc.derived import derived
from graphsvc.model import Range
from graphsvc.network import holdings_table

OPEN_BEGIN = -(10**6)
OPEN_END = 10**6
Interval = tuple[int, int]


@dataclass
class LibraryHoldings:
    """What one library reports: how many holdings, which are Level 2, when last reviewed."""

    holdings: int = 0
    level_2: list[tuple[str, str]] = field(default_factory=list)  # (nlm_uid, format)
    last_reviewed: dt.date | None = None  # the newest last_modified of its holdings


@dataclass
class TitleHolders:
    """The non-Level-2 holders of one title: libid -> merged year intervals.

    ``event_years``/``event_codes``/``event_ends``: every interval as a begin event (code =
    library number, end = the interval's last year) and an end event (year = last year + 1,
    code = ``~number``), sorted by year.
    """

    holders: dict[str, list[Interval]] = field(default_factory=dict)
    first_year: int | None = None
    event_years: array = field(default_factory=lambda: array("i"))
    event_codes: array = field(default_factory=lambda: array("i"))
    event_ends: array = field(default_factory=lambda: array("i"))


@dataclass
class RoutingIndex:
    """Every routing table, Do Not Route list and group membership of the graph."""

    cells: dict[str, dict[int, list[str]]] = field(default_factory=dict)
    do_not_route: dict[str, set[str]] = field(default_factory=dict)
    members: dict[str, list[str]] = field(default_factory=dict)  # group -> libids
    member_of: dict[str, list[str]] = field(default_factory=dict)  # libid -> groups
    routed_from: dict[str, set[str]] = field(default_factory=dict)  # entry -> borrowers

    def expand(self, entry: str) -> list[str]:
        """A group entry's members, or the entry itself."""
        return self.members.get(entry, [entry])


@dataclass
class CoverageIndex:
    titles: dict[str, TitleHolders]
    libraries: dict[str, LibraryHoldings]
    counted_titles: dict[str, set[str]]  # libid -> titles it holds above Level 2
    library_ids: list[str]  # library numbers used in the title events
    routing: RoutingIndex

    def titles_of(self, libid: str) -> set[str]:
        """Every title a library holds, Level 2 included."""
        level_2 = self.libraries[libid].level_2 if libid in self.libraries else ()
        return self.counted_titles.get(libid, set()) | {uid for uid, _ in level_2}

    def held_titles(self) -> set[str]:
        """Every title some library holds, Level 2 included."""
        level_2 = {uid for lib in self.libraries.values() for uid, _ in lib.level_2}
        return self.titles.keys() | level_2


def merge_intervals(intervals: Iterable[Interval]) -> list[Interval]:
    """Sorted, disjoint, non-adjacent intervals covering the same years.

    >>> merge_intervals([(2000, 2005), (1990, 1999), (2010, 2012)])
    [(1990, 2005), (2010, 2012)]
    """
    merged: list[Interval] = []
    for begin, end in sorted(intervals):
        if merged and begin <= merged[-1][1] + 1:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((begin, end))
    return merged


def clip(intervals: Iterable[Interval], first: int, last: int) -> list[Interval]:
    """The parts of ``intervals`` inside ``first..last``."""
    clipped = ((max(b, first), min(e, last)) for b, e in intervals)
    return [(b, e) for b, e in clipped if b <= e]


def span(title: TitleHolders, at_year: int) -> tuple[int, int] | None:
    """The years considered for a title: its first stated year to ``at_year``."""
    if title.first_year is None or title.first_year > at_year:
        return None
    return title.first_year, at_year


def coverage_index(G: nx.MultiDiGraph) -> CoverageIndex:
    """The graph's coverage index, built on first use and cached on the graph
    (:func:`graphsvc.derived.derived`).

    A service can call this once after loading a network version to warm the cache. A graph
    kept up to date change by change may set ``G.graph["coverage_max_lag"]`` (seconds): an
    index built that recently is reused after the graph changed (rebuilding it walks every
    holding, too much for every change of a national network).
    """
    return derived(G, "coverage_index", _build_without_collecting,
                   max_lag=G.graph.get("coverage_max_lag", 0.0))


def _build_without_collecting(G: nx.MultiDiGraph) -> CoverageIndex:
    # Millions of small tuples would trigger repeated full collections of the whole graph.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return build_index(G)
    finally:
        if collecting:
            gc.enable()


def build_index(G: nx.MultiDiGraph) -> CoverageIndex:
    """Walk every edge and every holding once (library by library, in node order) and index
    holdings by title and by library, and routing."""
    raw: dict[str, dict[str, list[Interval]]] = {}
    libraries: dict[str, LibraryHoldings] = {}
    routing, positions = RoutingIndex(), {}
    for u, v, key, data in G.edges(keys=True, data=True):
        _note_routing(routing, positions, u, v, key, data)
    table = holdings_table(G)
    for u in G._node:
        for v, fmt, modified, stated in table.summaries(u):
            lib = libraries.get(u) or libraries.setdefault(u, LibraryHoldings())
            _note_library(lib, modified)
            if stated is None:
                lib.level_2.append((v, fmt))
                continue
            years = [(OPEN_BEGIN if begin is None else begin, OPEN_END if end is None else end)
                     for begin, end in stated]
            title = raw.get(v) or raw.setdefault(v, {})
            if u in title:
                title[u].extend(years)
            else:
                title[u] = years
    for borrower, cells in positions.items():
        routing.cells[borrower] = {c: [e for _, e in sorted(cells[c])] for c in sorted(cells)}
    numbers = {libid: n for n, libid in enumerate(libraries)}
    titles = {uid: _title_holders(holders, numbers) for uid, holders in raw.items()}
    counted: dict[str, set[str]] = {}
    for uid, holders in raw.items():
        for libid in holders:
            counted.setdefault(libid, set()).add(uid)
    return CoverageIndex(titles, libraries, counted, list(numbers), routing)


def holding_years(ranges: Iterable[Range]) -> list[Interval] | None:
    """The year intervals of a holding's ranges, or ``None`` for a Level 2 holding (H5).

    >>> holding_years((Range("1", "9"),)), holding_years((Range(),)), holding_years(())
    ([], None, None)
    """
    years, level_2 = [], True
    for rng in ranges:
        begin, end = rng.begin_year, rng.end_year
        if begin is None and end is None:
            level_2 = level_2 and rng.begin_volume is None and rng.end_volume is None
            continue
        level_2 = False
        years.append((OPEN_BEGIN if begin is None else begin, OPEN_END if end is None else end))
    return None if level_2 else years


def _note_routing(routing: RoutingIndex, positions: dict, u: str, v: str, key: str,
                  data: dict) -> None:
    if key.startswith("ROUTES_TO:"):
        positions.setdefault(u, {}).setdefault(data["cell"], []).append((data["position"], v))
        routing.routed_from.setdefault(v, set()).add(u)
    elif key == "DO_NOT_ROUTE":
        routing.do_not_route.setdefault(u, set()).add(v)
    elif key == "MEMBER_OF":
        routing.members.setdefault(v, []).append(u)
        routing.member_of.setdefault(u, []).append(v)


def _note_library(lib: LibraryHoldings, day: int) -> None:
    """Count a holding last modified on ``day`` (a day number, 0 for unknown)."""
    lib.holdings += 1
    modified = dt.date.fromordinal(day) if day else None
    if modified is not None and (lib.last_reviewed is None or modified > lib.last_reviewed):
        lib.last_reviewed = modified


def _title_holders(holders: dict[str, list[Interval]], numbers: dict[str, int]) -> TitleHolders:
    events, earliest = [], OPEN_END
    for libid, years in holders.items():
        for begin, end in years:
            # An open beginning is known to hold at least its end year.
            known = end if begin == OPEN_BEGIN else begin
            if known < earliest:
                earliest = known
        if len(years) > 1:
            years = holders[libid] = merge_intervals(years)
        number = numbers[libid]
        for begin, end in years:
            events.append((begin, number, end))
            events.append((end + 1, ~number, 0))
    events.sort()
    starts, codes, ends = zip(*events, strict=True) if events else ((), (), ())
    return TitleHolders(holders, None if earliest == OPEN_END else earliest,
                        array("i", starts), array("i", codes), array("i", ends))
