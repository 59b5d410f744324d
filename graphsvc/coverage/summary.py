"""Coverage of a region, a state or the whole network, for coordinators."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx

from graphsvc.coverage.index import CoverageIndex, coverage_index
from graphsvc.coverage.lint import entry_problems
from graphsvc.coverage.status import active_libraries, as_day
from graphsvc.errors import NotFound
from graphsvc.model import RESOURCE_LIBRARY_TYPES
from graphsvc.network import libraries, region_of

REVIEW_DAYS = 365
FILL_RATE_STANDARD = 0.75


@dataclass(frozen=True)
class RoutingProblem:
    """A scope library's table points at ``library`` (the entry, or a member of it)."""

    borrower: str
    cell: int
    entry: str
    library: str
    problem: str


@dataclass(frozen=True)
class CoverageSummary:
    region: str | None
    state: str | None
    at: dt.date
    libraries: int
    titles: int
    holdings: int
    single_holder_titles: tuple[tuple[str, str], ...]  # (nlm_uid, libid)
    titles_held_only_outside: int
    titles_held_only_outside_listed: tuple[str, ...]
    not_reviewed: tuple[tuple[str, dt.date | None], ...]  # (libid, last reviewed)
    level_2_holdings: tuple[tuple[str, str, str], ...]  # (libid, nlm_uid, format)
    routing_problems: tuple[RoutingProblem, ...]
    below_standard: tuple[tuple[str, float], ...]  # (libid, fill_rate)


def scope_libraries(G: nx.MultiDiGraph, *, region: str | None = None,
                    state: str | None = None) -> list[str]:
    """LIBIDs of the libraries in ``region`` and ``state`` (every library when neither)."""
    if region is not None and region not in G.graph.get("regions", {}):
        msg = f"unknown region {region!r}"
        raise NotFound(msg, problems=[{"field": "region", "message": msg}])
    return [lib for lib in libraries(G)
            if (region is None or region_of(G, lib) == region)
            and (state is None or G.nodes[lib].get("state") == state)]


def coverage_summary(G: nx.MultiDiGraph, *, region: str | None = None, state: str | None = None,
                     at: dt.date, performance: Mapping[str, Any] | None = None,
                     max_listed: int = 100) -> CoverageSummary:
    """What the libraries of a region or state hold, and what needs a coordinator's eye.

    Parameters
    ----------
    G : the whole-network graph.
    region, state : the scope; both narrow it, neither means the whole network.
    at : the day of the question (active status, review age).
    performance : libid -> lender statistics with ``fill_rate`` (a fraction, ``None`` without
        requests) and optionally ``type``; RML and Resource libraries below 75% are listed.
    max_listed : how many titles held only outside the scope to list (all are counted).

    Returns
    -------
    CoverageSummary
        ``titles``/``holdings`` held by the scope (any level); ``single_holder_titles``:
        titles whose only active holder in the whole network is in scope;
        ``titles_held_only_outside``: titles held in the network by no scope library;
        ``not_reviewed``: libraries whose newest holding was last modified more than a year
        before ``at``, or never (H10); ``level_2_holdings`` (H5); ``routing_problems``:
        scope tables pointing at closed, non-participant, NLM-only, out-of-office or unknown
        libraries (R14); ``below_standard`` (sorted by fill rate).

    Raises
    ------
    NotFound
        When ``region`` is not a region of the network.

    Examples
    --------
    >>> from graphsvc.coverage.examples import three_library_network
    >>> s = coverage_summary(three_library_network(), state="OR", at=dt.date(2026, 12, 25))
    >>> s.libraries, s.titles, s.holdings, s.single_holder_titles
    (1, 1, 1, ())
    >>> [(p.borrower, p.cell, p.entry, p.problem) for p in s.routing_problems]
    [('ORUPAC', 2, 'CAUXYZ', 'OUT_OF_OFFICE')]
    """
    day = as_day(at)
    scope = scope_libraries(G, region=region, state=state)
    index = coverage_index(G)
    held = [index.libraries[lib] for lib in scope if lib in index.libraries]
    titles = index.titles_of_any(scope)
    outside = sorted(uid for uid in index.held_titles() if uid not in titles)
    memo: dict = {}  # each table entry's problems, judged once for every scope table
    return CoverageSummary(
        region, state, day, len(scope), len(titles), sum(lib.holdings for lib in held),
        single_holder_titles(index, scope, active_libraries(G, day)),
        len(outside), tuple(outside[:max_listed]),
        _not_reviewed(index, scope, day),
        tuple((lib, uid, fmt) for lib in scope if lib in index.libraries
              for uid, fmt in sorted(index.libraries[lib].level_2)),
        tuple(RoutingProblem(lib, p.cell, p.entry, p.library, p.problem)
              for lib in scope
              for p in entry_problems(G, index.routing.cells.get(lib, {}), day, memo=memo)),
        _below_standard(G, scope, performance or {}),
    )


def single_holder_titles(index: CoverageIndex, scope: list[str],
                         active: set[str]) -> tuple[tuple[str, str], ...]:
    """``(nlm_uid, libid)``: titles whose only active holder in the network is in ``scope``."""
    in_scope, ids = active.intersection(scope), index.library_ids
    flags = bytes(lib in active for lib in ids)
    found = []
    for uid, title in index.titles.items():
        sole = _sole_active_holder(title.holder_codes, flags)
        if sole is not None and ids[sole] in in_scope \
                and uid in index.counted_titles.get(ids[sole], ()):
            found.append((uid, ids[sole]))
    return tuple(sorted(found))


def _sole_active_holder(codes: Iterable[int], active: bytes) -> int | None:
    """The one active library number among ``codes`` (``active``: flags by number);
    ``None`` when none is, or several are."""
    sole = None
    for code in codes:
        if active[code]:
            if sole is not None:
                return None
            sole = code
    return sole


def _not_reviewed(index: CoverageIndex, scope: list[str],
                  day: dt.date) -> tuple[tuple[str, dt.date | None], ...]:
    oldest_fresh = day - dt.timedelta(days=REVIEW_DAYS)
    stale = []
    for lib in scope:
        held = index.libraries.get(lib)
        if held is not None and (held.last_reviewed is None or held.last_reviewed < oldest_fresh):
            stale.append((lib, held.last_reviewed))
    return tuple(stale)


def _below_standard(G: nx.MultiDiGraph, scope: list[str],
                    performance: Mapping[str, Any]) -> tuple[tuple[str, float], ...]:
    below = []
    for lib in scope:
        stats = performance.get(lib)
        rate = _field(stats, "fill_rate")
        kind = _field(stats, "type") or G.nodes[lib].get("type")
        if rate is not None and kind in RESOURCE_LIBRARY_TYPES and rate < FILL_RATE_STANDARD:
            below.append((lib, rate))
    return tuple(sorted(below, key=lambda pair: (pair[1], pair[0])))


def _field(stats: Any, name: str) -> Any:
    """A statistic read from an object's attribute or a mapping's key."""
    if stats is None:
        return None
    if isinstance(stats, Mapping):
        return stats.get(name)
    return getattr(stats, name, None)
