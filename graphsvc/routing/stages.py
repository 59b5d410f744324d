"""The routing stages (R1): Direct, routing-table cells, Resource Libraries, NLM, All Other.

Each stage reads a :class:`~graphsvc.routing.eligibility.RoutingContext` and appends to a
:class:`Trail`: the lenders chosen so far, the skips (only kept when ``explain``), and the
libraries already evaluated.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import networkx as nx

from graphsvc.model import Lender, Skip
from graphsvc.network import node_kind, region_of
from graphsvc.routing.eligibility import RoutingContext, Verdict, verdict

RESOURCE_TYPES = frozenset({"RESOURCE", "RML"})


@dataclass
class Trail:
    """The sequence being built."""

    explain: bool = False
    lenders: list[Lender] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)
    routed: set[str] = field(default_factory=set)
    evaluated: set[str] = field(default_factory=set)

    def route(self, G: nx.MultiDiGraph, libid: str, via: str, cell: int | None,
              found: Verdict) -> None:
        self.lenders.append(Lender(libid, G.nodes[libid].get("name", ""), via, cell,
                                   found.delivery, found.matched_on))
        self.routed.add(libid)
        self.evaluated.add(libid)

    def skip(self, libid: str, via: str, reason: str, cell: int | None = None) -> None:
        self.evaluated.add(libid)
        if self.explain:
            self.skipped.append(Skip(libid, via, reason, cell))


def nlm_libid(G: nx.MultiDiGraph) -> str | None:
    """The NLM: the library node of type NLM (the lowest LIBID if there are several)."""
    return min((n for n, d in G.nodes(data=True)
                if d.get("type") == "NLM" and d.get("kind") == "library"), default=None)


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
        trail.skip(libid, via, found.reason, cell)


def _ordered(ctx: RoutingContext, libids: list[str]) -> list[str]:
    """Random order (seeded, independent of graph insertion order); least loaded first
    when the policy is load-aware."""
    libids = sorted(libids)
    ctx.rng.shuffle(libids)
    if ctx.policy.load_aware and ctx.policy.load:
        load = ctx.policy.load
        libids.sort(key=lambda libid: load.get(libid, 0))
    return libids


def choose(ctx: RoutingContext, trail: Trail, candidates: Iterable[str], *, via: str,
           cell: int | None, cap: int) -> None:
    """Pick up to ``cap`` eligible candidates at random, primary-delivery matches first,
    then the alternate-delivery top-up (R10-R12, R19); the rest are ``CELL_FULL``."""
    primary: list[str] = []
    alternate: list[str] = []
    found: dict[str, Verdict] = {}
    for libid in candidates:
        if libid in trail.routed:
            trail.skip(libid, via, "ALREADY_ROUTED", cell)
            continue
        found[libid] = verdict(ctx, libid, via)
        if found[libid].reason is not None:
            trail.skip(libid, via, found[libid].reason, cell)
        else:
            (primary if found[libid].primary else alternate).append(libid)
    for rank, libid in enumerate(_ordered(ctx, primary) + _ordered(ctx, alternate)):
        if rank < cap:
            trail.route(ctx.G, libid, via, cell, found[libid])
        else:
            trail.skip(libid, via, "CELL_FULL", cell)


def _group_members(ctx: RoutingContext, code: str, explain: bool) -> Iterator[str]:
    G = ctx.G
    if explain or len(G.pred[code]) <= len(ctx.holdings):
        return (u for u, _, key in G.in_edges(code, keys=True) if key == "MEMBER_OF")
    # Only holders can qualify in a cell: walk the smaller side.
    return (h for h in ctx.holdings if G.has_edge(h, code, key="MEMBER_OF"))


def cell_candidates(ctx: RoutingContext, entries: Iterable[str], *,
                    explain: bool) -> list[str]:
    """A cell's libraries, group entries expanded to members (R12), each listed once.

    Without ``explain`` libraries that hold nothing are left out: they could only be
    skipped, and nobody asked why.
    """
    seen: dict[str, None] = {}
    for entry in entries:
        kind = node_kind(ctx.G, entry)
        members = _group_members(ctx, entry, explain) if kind == "group" else (entry,)
        for libid in members:
            if explain or libid in ctx.holdings:
                seen.setdefault(libid, None)
    return list(seen)


def cell_stages(ctx: RoutingContext, trail: Trail, cells: dict[int, list[str]]) -> None:
    """Routing-table cells in order 1..9, only those the request selects (R10)."""
    selected = set(ctx.request.cells)
    for cell, entries in sorted(cells.items()):
        if cell in selected:
            candidates = cell_candidates(ctx, entries, explain=trail.explain)
            choose(ctx, trail, candidates, via="CELL", cell=cell, cap=ctx.policy.cell_cap)


def resource_stage(ctx: RoutingContext, trail: Trail) -> None:
    """DOCLINE 1-5 Resource Libraries (R19): RESOURCE/RML holders not yet evaluated."""
    G = ctx.G
    candidates = [libid for libid in ctx.holdings if libid not in trail.evaluated
                  and G.nodes.get(libid, {}).get("type") in RESOURCE_TYPES]
    choose(ctx, trail, candidates, via="RESOURCE", cell=None, cap=ctx.policy.cell_cap)


def _tier(G: nx.MultiDiGraph, libid: str, state: str, region: str | None) -> int:
    data = G.nodes[libid]
    if state and data.get("state") == state:
        return 0
    if region is not None and region_of(G, libid) == region:
        return 1
    return 2


def all_other_stage(ctx: RoutingContext, trail: Trail) -> None:
    """All Other Libraries (R22-R23): holders not yet evaluated; same state first, then same
    region, then the rest, random within each tier; at most ``policy.all_other_cap``."""
    G, borrower = ctx.G, ctx.request.borrower
    state, region = G.nodes[borrower].get("state") or "", region_of(G, borrower)
    tiers: list[list[str]] = [[], [], []]
    found: dict[str, Verdict] = {}
    for libid in ctx.holdings:
        if libid in trail.evaluated or libid not in G:
            continue
        found[libid] = verdict(ctx, libid, "ALL_OTHER")
        if found[libid].reason is not None:
            trail.skip(libid, "ALL_OTHER", found[libid].reason)
        else:
            tiers[_tier(G, libid, state, region)].append(libid)
    ordered = [libid for tier in tiers for libid in _ordered(ctx, tier)]
    for rank, libid in enumerate(ordered):
        if rank < ctx.policy.all_other_cap:
            trail.route(G, libid, "ALL_OTHER", None, found[libid])
        else:
            trail.skip(libid, "ALL_OTHER", "CELL_FULL")
