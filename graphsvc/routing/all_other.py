"""The All Other Libraries stage (R22-R23): the title's holders not yet evaluated, same state
first, then same region, then the rest, random within each tier."""

from __future__ import annotations

from itertools import chain, groupby

import networkx as nx

from graphsvc.derived import derived
from graphsvc.network import region_of
from graphsvc.routing.eligibility import RoutingContext, verdict
from graphsvc.routing.memo import recall
from graphsvc.routing.stages import StageDraws, Trail, by_load, random_order


def library_order(G: nx.MultiDiGraph) -> tuple[dict[str, int], list[str], dict[str, str]]:
    """The libraries in the order the All Other tiers list them (by state, none first, then
    LIBID): ``(rank of each LIBID, the LIBIDs in that order, state of each LIBID)``; kept
    on the graph until a library, group or routing table changes."""
    return derived(G, "library_order", _library_order, depends_on="links_version")


def _library_order(G: nx.MultiDiGraph) -> tuple[dict[str, int], list[str], dict[str, str]]:
    states = {libid: data.get("state") for libid, data in G.nodes(data=True)
              if data.get("kind") == "library"}
    ordered = sorted(states, key=lambda libid: (states[libid] or "", libid))
    return {libid: rank for rank, libid in enumerate(ordered)}, ordered, states


def holders_by_state(ctx: RoutingContext) -> list[tuple[str | None, list[str]]]:
    """The title's holders by state, ``(state, holders)`` in state order (``None``, no
    state, first), each state's holders sorted."""
    rank, ordered, states = library_order(ctx.G)
    try:  # sorted at C speed, by rank
        held = list(map(ordered.__getitem__, sorted(map(rank.__getitem__, ctx.holdings))))
    except KeyError:  # a holder that is not a library node: by its node's state
        nodes = ctx.G._node
        states = {libid: nodes[libid].get("state") for libid in ctx.holdings}
        held = sorted(states, key=lambda libid: (states[libid] or "", libid))
    return [(state, list(libids)) for state, libids in groupby(held, key=states.__getitem__)]


def all_other_tiers(ctx: RoutingContext, state: str, region: str | None) -> list[list[str]]:
    """The title's holders in the All Other tiers of a borrower in ``state`` and ``region``:
    same state, same region, the rest; each in an order that depends on the network only
    (by state, then LIBID), as :func:`random_order` draws from."""
    by_state = recall(ctx.memo, "by_state", ctx.title, lambda: holders_by_state(ctx))
    state_region = ctx.G.graph.get("state_region", {})
    tiers: list[list[str]] = [[], [], []]
    for lib_state, held in by_state:
        if state and lib_state == state:
            tier = 0
        elif region is not None and state_region.get(lib_state) == region:
            tier = 1
        else:
            tier = 2
        tiers[tier] += held
    return tiers


def all_other_stage(ctx: RoutingContext, trail: Trail) -> None:
    """All Other Libraries (R22-R23): holders not yet evaluated; same state first, then same
    region, then the rest, random within each tier; at most ``policy.all_other_cap``."""
    G, borrower, cap = ctx.G, ctx.request.borrower, ctx.policy.all_other_cap
    state, region = G.nodes[borrower].get("state") or "", region_of(G, borrower)
    tiers = recall(ctx.memo, "tiers", (ctx.title, state, region),
                   lambda: all_other_tiers(ctx, state, region))
    evaluated = trail.evaluated
    draws = StageDraws(ctx.rng, sum(map(len, tiers)))
    drawn = (chain.from_iterable(random_order(draws, tier, in_order=True) for tier in tiers)
             if not ctx.policy.load_aware else chain.from_iterable(
                 by_load(ctx, [libid for libid in random_order(draws, tier, in_order=True)
                                if libid not in evaluated]) for tier in tiers))
    routed, refused = 0, ctx.refused if not trail.explain else None
    for libid in drawn:
        if libid in evaluated:  # drawn and passed over: the rest still come in random order
            continue
        if routed >= cap and not trail.explain:
            break
        if refused is not None and libid in refused:
            evaluated.add(libid)
            continue
        found = verdict(ctx, libid, "ALL_OTHER")
        if found.reason is not None:
            trail.skip(libid, "ALL_OTHER", found.reason, via_title=found.via_title)
        elif routed < cap:
            trail.route(G, libid, "ALL_OTHER", None, found)
            routed += 1
        else:
            trail.skip(libid, "ALL_OTHER", "CELL_FULL", via_title=found.via_title)
    draws.finish()
