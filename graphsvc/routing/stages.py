"""The routing stages (R1): Direct, routing-table cells, Resource Libraries, NLM (All Other
Libraries: :mod:`graphsvc.routing.all_other`).

Each stage reads a :class:`~graphsvc.routing.eligibility.RoutingContext` and appends to a
:class:`Trail`: the lenders chosen so far, the skips (only kept when ``explain``), and the
libraries already evaluated.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator, Set as AbstractSet
from dataclasses import dataclass, field
from operator import attrgetter

import networkx as nx

from graphsvc.model import RESOURCE_LIBRARY_TYPES, Lender, Skip
from graphsvc.network import group_members, node_kind
from graphsvc.routing.eligibility import RoutingContext, Verdict, verdict
from graphsvc.routing.graph_caches import cell_libraries
from graphsvc.routing.memo import recall


#: What :meth:`Trail.route` keeps a :class:`Lender` under in ``made``: its fields but its
#: name.
lender_key = attrgetter("libid", "via", "cell", "delivery", "matched_on", "via_title_change",
                        "why")


@dataclass
class Trail:
    """The sequence being built. ``made`` (batch routing: a table of the memo) keeps each
    :class:`Lender` made, so requests routed to the same library the same way share it."""

    explain: bool = False
    lenders: list[Lender] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)
    routed: set[str] = field(default_factory=set)
    evaluated: set[str] = field(default_factory=set)
    made: dict[tuple, Lender] | None = None

    def route(self, G: nx.MultiDiGraph, libid: str, via: str, cell: int | None,
              found: Verdict, why: str | None = None) -> None:
        key = (libid, via, cell, found.delivery, found.matched_on, found.via_title, why)
        lender = None if self.made is None else self.made.get(key)
        if lender is None:
            lender = Lender(libid, G._node[libid].get("name", ""), *key[1:])
            if self.made is not None:
                self.made[key] = lender
        self.lenders.append(lender)
        self.routed.add(libid)
        self.evaluated.add(libid)

    def skip(self, libid: str, via: str, reason: str, cell: int | None = None,
             via_title: str | None = None) -> None:
        self.evaluated.add(libid)
        if self.explain:
            self.skipped.append(Skip(libid, via, reason, cell, via_title))


def route_single(ctx: RoutingContext, trail: Trail, libid: str, via: str,
                 cell: int | None = None) -> None:
    """Route to one named library (Direct, NLM, a manual row) if it qualifies."""
    if libid in trail.routed:
        trail.skip(libid, via, "ALREADY_ROUTED", cell)
        return
    found = verdict(ctx, libid, via)
    if found.reason is None:
        trail.route(ctx.G, libid, via, cell, found)
    else:
        trail.skip(libid, via, found.reason, cell, found.via_title)


class StageDraws:
    """One stage's draws from the request's generator ``rng``: one per library of the
    stage's pool (``size``), however many the stage uses.

    A stage that stops drawing early (the cap reached, nothing explained) calls
    :meth:`finish`, which advances ``rng`` past the draws it did not make, so the later
    stages shuffle alike with and without ``explain`` (no generator of the stage's own to
    seed: seeding one costs more than a stage's draws).

    >>> drawn, passed = random.Random(1), random.Random(1)
    >>> _ = [drawn.random() for _ in range(3)]
    >>> draws = StageDraws(passed, 3); _ = passed.random(); draws.used += 1; draws.finish()
    >>> drawn.random() == passed.random()
    True
    """

    __slots__ = ("rng", "size", "used")

    def __init__(self, rng: random.Random, size: int):
        self.rng, self.size, self.used = rng, size, 0

    def finish(self) -> None:
        """Advance ``rng`` as the draws not made would have (``random()`` reads two 32-bit
        words of the Mersenne Twister; ``getrandbits`` reads them all in one call)."""
        if self.used < self.size:
            self.rng.getrandbits(64 * (self.size - self.used))
            self.used = self.size


def random_order(draws: StageDraws, libids: Iterable[str], *,
                 in_order: bool = False) -> Iterator[str]:
    """The libraries in random order, drawn one at a time (a lazy Fisher-Yates shuffle).

    ``draws`` are the stage's (:class:`StageDraws`), counted as they are made. The pool is
    sorted first, so the order is independent of the graph's insertion order, unless the
    caller says its ``libids`` already come in an order that depends on the network only
    (``in_order``). A caller that stops early pays only for what it drew, and the prefix is
    the same either way; one that skips some of the libraries drawn gets the others in
    random order too.
    """
    pool = list(libids) if in_order else sorted(libids)
    draw, size = draws.rng.random, len(pool)
    for i in range(size):
        j = i + int(draw() * (size - i))
        draws.used += 1
        pool[i], pool[j] = pool[j], pool[i]
        yield pool[i]


def by_load(ctx: RoutingContext, libids: list[str]) -> list[str]:
    """Least loaded first when the policy is load-aware; a stable sort keeps ties random."""
    load = ctx.policy.load
    if ctx.policy.load_aware and load:
        return sorted(libids, key=lambda libid: load.get(libid, 0))
    return libids


def _in_cell_order(ctx: RoutingContext, libids: list[str]) -> list[str]:
    """Predictive: most likely to fill quickly first (stable: ties stay random); else by load."""
    if ctx.policy.predictive:
        return sorted(libids, key=lambda libid: -_estimate(ctx, libid).score)
    return by_load(ctx, libids)


def _estimate(ctx: RoutingContext, libid: str):
    from graphsvc.requests.predict import network_estimate

    estimates = ctx.policy.estimates or {}
    return estimates.get(libid) or network_estimate(estimates, libid)


def choose(ctx: RoutingContext, trail: Trail, candidates: list[str], *, via: str,
           cell: int | None, cap: int) -> None:
    """Pick up to ``cap`` eligible candidates at random, primary-delivery matches first,
    then the alternate-delivery top-up (R10-R12, R19); the rest are ``CELL_FULL``.

    Candidates are drawn in random order and checked as drawn; the draw stops once ``cap``
    primary matches are found unless every reason is wanted (explain) or the order depends
    on load. Either way the lenders are the same.
    """
    fresh = _fresh(trail, candidates, via, cell)
    if not fresh:
        return  # an empty pool draws nothing
    lazy = not (trail.explain or ctx.policy.load_aware or ctx.policy.predictive)
    primary: list[str] = []
    alternate: list[str] = []
    found: dict[str, Verdict] = {}
    refused = ctx.refused if lazy else None
    draws = StageDraws(ctx.rng, len(fresh))
    for libid in random_order(draws, fresh):
        if lazy and len(primary) >= cap:
            break
        if refused is not None and libid in refused:
            continue  # not explained: no reason to report
        checked = found[libid] = verdict(ctx, libid, via)
        if checked.reason is None:
            (primary if checked.primary else alternate).append(libid)
        else:
            trail.skip(libid, via, checked.reason, cell, checked.via_title)
    draws.finish()
    ordered = _in_cell_order(ctx, primary) + _in_cell_order(ctx, alternate)
    predictive = ctx.policy.predictive
    for libid in ordered[:cap]:
        why = _estimate(ctx, libid).why() if predictive else None
        trail.route(ctx.G, libid, via, cell, found[libid], why)
    for libid in ordered[cap:]:
        trail.skip(libid, via, "CELL_FULL", cell, found[libid].via_title)


def _fresh(trail: Trail, candidates: list[str], via: str, cell: int | None) -> list[str]:
    """The candidates not routed to yet, now evaluated; the others are ``ALREADY_ROUTED``."""
    routed = trail.routed
    fresh = [libid for libid in candidates if libid not in routed]
    if trail.explain:
        for libid in candidates:
            if libid in routed:
                trail.skip(libid, via, "ALREADY_ROUTED", cell)
    trail.evaluated.update(fresh)
    return fresh


def cell_candidates(ctx: RoutingContext, entries: Iterable[str]) -> tuple[list[str], list[str]]:
    """A cell's libraries, group entries expanded to members (R12), each listed once:
    ``(holders, others)``: the holders of the title, and the rest (which never qualify, and
    are listed for the explanation)."""
    G, holdings = ctx.G, ctx.holdings
    holders: dict[str, None] = {}
    others: dict[str, None] = {}
    for entry in entries:
        members = group_members(G, entry) if node_kind(G, entry) == "group" else (entry,)
        for libid in members:
            (holders if libid in holdings else others).setdefault(libid, None)
    return list(holders), list(others)


def cell_stages(ctx: RoutingContext, trail: Trail, cells: dict[int, list[str]]) -> None:
    """Routing-table cells in order 1..9, only those the request selects (R10)."""
    selected, explain, holdings = set(ctx.request.cells), trail.explain, ctx.holdings
    libraries = None if explain or not cells else cell_libraries(ctx.G, ctx.request.borrower)
    for cell, entries in sorted(cells.items()):
        if cell not in selected:
            continue
        if libraries is not None:  # only holders can qualify: no reasons to give the others
            choose(ctx, trail, _held(libraries[cell], holdings.keys()), via="CELL", cell=cell,
                   cap=ctx.policy.cell_cap)
            continue
        holders, others = cell_candidates(ctx, entries)
        for libid in others:
            route_single(ctx, trail, libid, "CELL", cell)  # never qualifies: explains
        choose(ctx, trail, holders, via="CELL", cell=cell, cap=ctx.policy.cell_cap)


def _held(libraries: frozenset[str], holders: AbstractSet[str]) -> list[str]:
    """The libraries that hold the title, looking up the smaller side in the larger."""
    if len(holders) < len(libraries):
        return list(libraries.intersection(holders))
    return list(holders & libraries)


def resource_stage(ctx: RoutingContext, trail: Trail) -> None:
    """DOCLINE 1-5 Resource Libraries (R19): RESOURCE/RML holders not yet evaluated."""
    held = recall(ctx.memo, "resource", ctx.title, lambda: resource_holders(ctx))
    candidates = [libid for libid in held if libid not in trail.evaluated]
    choose(ctx, trail, candidates, via="RESOURCE", cell=None, cap=ctx.policy.cell_cap)


def resource_holders(ctx: RoutingContext) -> list[str]:
    """The title's holders that are Resource Libraries (RESOURCE or RML)."""
    nodes = ctx.G._node
    return [libid for libid in ctx.holdings
            if nodes.get(libid, {}).get("type") in RESOURCE_LIBRARY_TYPES]
