"""Who holds which years of which title: a per-graph index, cached on the graph.

Years come from ranges that state years. A range that gives volumes only gives no years
(volumes are not mapped to years): its library still holds the title, but covers no year.
Level 2 holdings (H5) are kept apart and never count as holding anything. Open ends are
stored as sentinels and resolved when a question fixes the date (an open end runs to the
year of ``at``; an open beginning runs from the first year of the title's span, which is the
earliest begin year of any holder, or the end year of an open-beginning range if earlier).

Holders, intervals and titles are kept as numbers in arrays (:mod:`.compact`; libraries are
numbered in :attr:`CoverageIndex.library_ids`, titles in :attr:`CoverageIndex.title_numbers`),
read through mappings and sets that answer as plain ones would: about 100 MB at national scale
(1.65 M holdings), where dicts, lists, tuples and sets took 430 MB. Each title also keeps its
holders' interval ends as presorted events, so a what-if sweeps a title without sorting or
allocating (see :func:`.whatif.year_changes`).
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

from graphsvc.coverage.compact import Interval, TitleHolders, TitleSet
from graphsvc.derived import derived
from graphsvc.holdings_columns import Strings
from graphsvc.model import Range
from graphsvc.network import holdings_table

OPEN_BEGIN = -(10**6)
OPEN_END = 10**6
_NO_YEARS = -(2**31)  # a placeholder interval: the library holds the title, but no years


class LibraryHoldings:
    """What one library reports: how many holdings, which are Level 2 (titles and formats
    as numbers into ``strings``, the index's title and format tables), when last reviewed
    (the newest last_modified of its holdings)."""

    __slots__ = ("holdings", "last_reviewed", "level_2_titles", "level_2_formats", "strings")

    def __init__(self, strings: tuple[Strings, Strings] | None = None):
        self.holdings, self.last_reviewed = 0, None
        self.level_2_titles, self.level_2_formats = array("i"), array("i")
        self.strings = strings or (Strings(), Strings())

    @property
    def level_2(self) -> list[tuple[str, str]]:
        """``(nlm_uid, format)`` of each Level 2 holding."""
        uids, formats = self.strings[0].items, self.strings[1].items
        return [(uids[t], formats[f])
                for t, f in zip(self.level_2_titles, self.level_2_formats, strict=True)]


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
    """Holders by title (above Level 2), what each library holds, and routing."""

    titles: dict[str, TitleHolders]
    libraries: dict[str, LibraryHoldings]
    counted_titles: dict[str, TitleSet]  # libid -> titles it holds above Level 2
    library_ids: list[str]  # library numbers used in the title events
    routing: RoutingIndex
    title_numbers: Strings = field(default_factory=Strings)  # of counted and Level 2 titles

    def titles_of(self, libid: str) -> set[str]:
        """Every title a library holds, Level 2 included."""
        return self.titles_of_any((libid,))

    def titles_of_any(self, libids: Iterable[str]) -> set[str]:
        """Every title some of ``libids`` holds, Level 2 included."""
        held = [lib for lib in libids if lib in self.libraries]
        codes = set().union(*(self.counted_titles[lib].codes for lib in held
                              if lib in self.counted_titles),
                            *(self.libraries[lib].level_2_titles for lib in held))
        return set(map(self.title_numbers.items.__getitem__, codes))

    def held_titles(self) -> set[str]:
        """Every title some library holds, Level 2 included."""
        codes = set().union(*(lib.level_2_titles for lib in self.libraries.values()))
        return self.titles.keys() | set(map(self.title_numbers.items.__getitem__, codes))


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
    kept up to date change by change may set ``G.graph["index_max_lag"]`` (seconds): an
    index built that recently is reused after the graph changed (rebuilding it walks every
    holding, too much for every change of a national network).
    """
    return derived(G, "coverage_index", _build_without_collecting,
                   max_lag=G.graph.get("index_max_lag", 0.0))


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
    routing, positions = RoutingIndex(), {}
    for u, v, key, data in G.edges(keys=True, data=True):
        _note_routing(routing, positions, u, v, key, data)
    for borrower, cells in positions.items():
        routing.cells[borrower] = {c: [e for _, e in sorted(cells[c])] for c in sorted(cells)}
    libids, strings = Strings(), (Strings(), Strings())
    raw: dict[int, array] = {}  # title number -> (library number, begin, end) triples
    libraries: dict[str, LibraryHoldings] = {}
    counted: dict[str, TitleSet] = {}
    table = holdings_table(G)
    for u in G._node:
        lib, held = _index_library(table.summaries(u), len(libids.items), strings, raw)
        if lib.holdings:
            libids.code(u)
            libraries[u], counted[u] = lib, TitleSet(held, strings[0])
    uids = strings[0].items
    titles = {uids[t]: _title_holders(triples, libids) for t, triples in raw.items()}
    return CoverageIndex(titles, libraries, counted, libids.items, routing, strings[0])


def _index_library(rows: Iterable[tuple], number: int, strings: tuple[Strings, Strings],
                   raw: dict[int, array]) -> tuple[LibraryHoldings, set[int]]:
    """Note one library's holdings (``rows``: :meth:`~.RowReader.summaries`): its summary,
    and the numbers of the titles it holds above Level 2, whose year ranges go to ``raw``
    as ``(number, begin, end)``."""
    lib, held = LibraryHoldings(strings), set()
    uids, formats = strings
    for v, fmt, modified, stated in rows:
        _note_library(lib, modified)
        title = uids.code(v)
        if stated is None:
            lib.level_2_titles.append(title)
            lib.level_2_formats.append(formats.code(fmt))
            continue
        triples = raw.get(title)
        if triples is None:
            triples = raw[title] = array("i")
        held.add(title)
        if not stated:  # holds the title, but no years
            triples.extend((number, _NO_YEARS, _NO_YEARS))
        for begin, end in stated:
            triples.extend((number, OPEN_BEGIN if begin is None else begin,
                            OPEN_END if end is None else end))
    return lib, held


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


def _title_holders(triples: array, libraries: Strings) -> TitleHolders:
    """A title's holders from its ``(number, begin, end)`` triples (library by library)."""
    codes, bounds, years, events = array("i"), array("i", [0]), array("i"), []
    earliest, one_each = OPEN_END, True
    for number, held in _by_library(triples).items():
        for begin, end in held:
            # An open beginning is known to hold at least its end year.
            known = end if begin == OPEN_BEGIN else begin
            if known < earliest:
                earliest = known
        if len(held) > 1:
            held = merge_intervals(held)
        one_each = one_each and len(held) == 1
        codes.append(number)
        for begin, end in held:
            years.extend((begin, end))
            events.append((begin, number, end))
            events.append((end + 1, ~number, 0))
        bounds.append(len(years) // 2)
    events.sort()
    starts, numbers, ends = zip(*events, strict=True) if events else ((), (), ())
    return TitleHolders(None if earliest == OPEN_END else earliest,
                        events=(array("i", starts), array("i", numbers), array("i", ends)),
                        holder_codes=codes, bounds=None if one_each else bounds, years=years,
                        libraries=libraries)


def _by_library(triples: array) -> dict[int, list[Interval]]:
    """Library number -> its year intervals (none for a placeholder), in the triples' order."""
    found: dict[int, list[Interval]] = {}
    it = iter(triples)
    for number, begin, end in zip(it, it, it, strict=True):
        years = found.get(number)
        if years is None:
            years = found[number] = []
        if begin != _NO_YEARS:
            years.append((begin, end))
    return found
