"""Manual routing (R25-R27): the borrower's M/A/N map, rows 1..9 in order, then NLM."""

from __future__ import annotations

from graphsvc.network import manual_map
from graphsvc.routing.eligibility import RoutingContext
from graphsvc.routing.graph_caches import nlm_libid
from graphsvc.routing.stages import Trail, route_single


def manual_stages(ctx: RoutingContext, trail: Trail) -> None:
    """Route through the manual map rows in order (never shuffled), then NLM if selected.

    Holdings are not checked. Each row's library must be valid, active, a lender, not on
    a do-not-route list, and offer the service level, EFTS if asked and the primary or an
    alternate delivery method (delivery is not checked for loans, which are mailed).
    Lenders come via ``"MANUAL"`` with ``cell`` = row number.
    """
    for row, libid in enumerate(manual_map(ctx.G, ctx.request.borrower), start=1):
        route_single(ctx, trail, libid, "MANUAL", row)
    nlm = nlm_libid(ctx.G)
    if ctx.request.route_to_nlm and nlm is not None:
        route_single(ctx, trail, nlm, "NLM")
