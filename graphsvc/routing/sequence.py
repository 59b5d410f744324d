"""The lender sequence of one request: DOCLINE 6 stages in order (R1)."""

from __future__ import annotations

import random

import networkx as nx

from graphsvc.errors import Conflict, InvalidInput, NotFound
from graphsvc.model import NOT_BORROWING, LenderSequence, RoutingRequest
from graphsvc.network import manual_map, node_kind, routing_cells
from graphsvc.routing.eligibility import RoutingContext, routing_context
from graphsvc.routing.manual import manual_stages
from graphsvc.routing.memo import RoutingMemo, recall
from graphsvc.routing.policy import DEFAULT_POLICY, RoutingPolicy
from graphsvc.routing.all_other import all_other_stage
from graphsvc.routing.graph_caches import nlm_libid
from graphsvc.routing.stages import Trail, cell_stages, resource_stage, route_single
from graphsvc.routing.title import find_title, title_holdings, unknown_title_problems


def check_borrower(G: nx.MultiDiGraph, borrower: str) -> str | None:
    """The borrower's participation; raise :class:`NotFound` unless ``borrower`` is a library
    node, :class:`Conflict` when its participation does not let it borrow (CLOSED,
    NON_PARTICIPANT)."""
    if node_kind(G, borrower) != "library":
        msg = f"Unknown borrower {borrower!r}"
        raise NotFound(msg, problems=[{"field": "borrower", "message": msg}])
    participation = G.nodes[borrower].get("participation")
    if participation in NOT_BORROWING:
        msg = (f"borrower {borrower} cannot borrow: its DOCLINE participation is "
               f"{participation}")
        raise Conflict(msg, problems=[{"field": "borrower", "message": msg,
                                       "participation": participation}])
    return participation


def check_direct_to(G: nx.MultiDiGraph, request: RoutingRequest) -> None:
    """Raise :class:`InvalidInput` naming ``direct_to`` unless it is a library."""
    if request.direct_to is not None and node_kind(G, request.direct_to) != "library":
        msg = f"direct_to {request.direct_to!r} is not a library of the network"
        raise InvalidInput(msg, problems=[{"field": "direct_to", "message": msg}])


def not_in_network(G: nx.MultiDiGraph, request: RoutingRequest, ctx: RoutingContext,
                   trail: Trail) -> LenderSequence:
    """DOCLINE's N and M routing for a citation naming no serial of the network (a title
    NLM does not catalogue, a book): the borrower's manual map in row order, then NLM.

    Raises :class:`InvalidInput` naming the citation's title fields when the borrower has
    no manual map.
    """
    borrower, citation = request.borrower, request.citation
    what = f"the book (ISBN {citation.isbn})" if citation.isbn else "the title"
    if not manual_map(G, borrower):
        msg = (f"{what} is not in the network and manual routing is not set up: "
               f"{borrower} has no manual map")
        problems = [{**p, "message": f"{p['message']}; manual routing is not set up"}
                    for p in unknown_title_problems(citation)]
        raise InvalidInput(msg, problems=problems)
    manual_stages(ctx, trail)
    note = (f"{what} is not in the network: routed through {borrower}'s manual map, "
            "rows in order, then NLM (DOCLINE's N and M routing)")
    return LenderSequence(tuple(trail.lenders), tuple(trail.skipped), (note,))


def _nlm_only(G: nx.MultiDiGraph, request: RoutingRequest, ctx: RoutingContext,
              trail: Trail) -> LenderSequence:
    """An NLM-only borrower's sequence: NLM if selected, nothing else (E8)."""
    nlm = nlm_libid(G) if request.route_to_nlm else None
    if nlm is not None:
        route_single(ctx, trail, nlm, "NLM")
    note = (f"{request.borrower} is an NLM-only participant: it borrows from NLM only (E8); "
            "direct, routing-table, manual and All Other Libraries stages are not used")
    return LenderSequence(tuple(trail.lenders), tuple(trail.skipped), (note,))


def lender_sequence(G: nx.MultiDiGraph, request: RoutingRequest, *,
                    rng: random.Random | None = None,
                    policy: RoutingPolicy = DEFAULT_POLICY,
                    memo: RoutingMemo | None = None) -> LenderSequence:
    """The ordered lenders a request would be routed to.

    Stages, each only if the request selects it (R1): Direct to library (holdings not
    checked), routing-table cells 1..9 (random within a cell, primary delivery first, at
    most 20 each), Resource Libraries (only with ``policy.resource_library_stage``), NLM
    (holdings not checked), All Other Libraries. A manual request (``request.manual``)
    goes through the borrower's manual map in order instead, then NLM. A library gets the
    request at most once.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The network graph, or the request's neighbourhood: borrower, its routing-table
        entries with group members, every holder of the title, NLM, the direct-to library.
    request : RoutingRequest
        The request; ``request.explain`` asks for the skipped libraries and their reasons.
    rng : random.Random, optional
        Source of the in-cell shuffles; default ``random.Random(request.seed)``.
    policy : RoutingPolicy, optional
        Extensions to DOCLINE 6 routing; all off by default.
    memo : RoutingMemo, optional
        What routing many requests on ``G`` with ``policy`` remembers between them (batch
        routing, :mod:`graphsvc.routing.memo`); the answer is the same without it.

    Returns
    -------
    LenderSequence
        ``lenders`` in routing order; ``skipped`` (only when ``explain``) every library
        considered and not chosen, with its stage, cell and reason. Empty when nothing
        qualifies or nothing is selected.

    A citation naming no serial of ``G`` goes through the manual map too, with a note
    (DOCLINE's N and M routing, :func:`not_in_network`).

    Raises
    ------
    NotFound
        The borrower is not a library.
    InvalidInput
        ``direct_to`` is not a library; the title is not in the network and the borrower
        has no manual map.
    Conflict
        The borrower is CLOSED or NON_PARTICIPANT. An NLM_ONLY borrower is routed to NLM
        only (E8), with a note saying so.

    Examples
    --------
    >>> import datetime as dt
    >>> from graphsvc.model import (Citation, Holding, Library, Network, Range,
    ...     RoutingRequest, RoutingTable, Serial)
    >>> from graphsvc.network import build_network
    >>> email = ("EMAIL_PDF",)
    >>> G = build_network(Network(
    ...     libraries=(Library("ORUPAC", "Pacific", delivery_methods=email),
    ...                Library("WAUUHS", "UW Health Sciences", delivery_methods=email),
    ...                Library("MDUNLM", "NLM", type="NLM", delivery_methods=email)),
    ...     serials=(Serial("0255562", "N Engl J Med", ("0028-4793",)),),
    ...     holdings=(Holding("WAUUHS", "0255562", ranges=(Range("1", None, 1928, None),)),),
    ...     routing_tables=(RoutingTable("ORUPAC", {1: ("WAUUHS",)}),)))
    >>> request = RoutingRequest("ORUPAC", Citation(issn="0028-4793", year=2015, volume="372"),
    ...                          at=dt.datetime(2026, 11, 23, 15, tzinfo=dt.timezone.utc))
    >>> [(lender.libid, lender.via, lender.cell, lender.matched_on)
    ...  for lender in lender_sequence(G, request).lenders]
    [('WAUUHS', 'CELL', 1, 'BOTH'), ('MDUNLM', 'NLM', None, 'NOT_CHECKED')]
    """
    borrower = request.borrower
    participation = recall(memo, "borrower", borrower, lambda: check_borrower(G, borrower))
    check_direct_to(G, request)
    if participation == "NLM_ONLY":
        ctx = routing_context(G, request, rng=rng, policy=policy, memo=memo)
        return _nlm_only(G, request, ctx, Trail(explain=request.explain))
    if request.manual:
        ctx = routing_context(G, request, rng=rng, policy=policy, memo=memo)
        trail = Trail(explain=request.explain)
        manual_stages(ctx, trail)
        return LenderSequence(tuple(trail.lenders), tuple(trail.skipped))
    citation = request.citation
    nlm_uid = recall(memo, "find_title", (citation.nlm_uid, citation.issn),
                     lambda: find_title(G, citation))
    if nlm_uid is None:
        ctx = routing_context(G, request, rng=rng, policy=policy, memo=memo)
        return not_in_network(G, request, ctx, Trail(explain=request.explain))
    holdings = recall(memo, "title", nlm_uid, lambda: title_holdings(G, nlm_uid))
    ctx = routing_context(G, request, holdings=holdings, rng=rng, policy=policy,
                          title=nlm_uid, memo=memo)
    trail = Trail(explain=request.explain,
                  made=None if memo is None else memo.table("lenders", None))
    if request.direct_to is not None:
        route_single(ctx, trail, request.direct_to, "DIRECT")
    cells = recall(memo, "cells", borrower, lambda: routing_cells(G, borrower)) \
        if request.cells else {}
    cell_stages(ctx, trail, cells)
    if policy.resource_library_stage:
        resource_stage(ctx, trail)
    nlm = recall(memo, "nlm", None, lambda: nlm_libid(G)) if request.route_to_nlm else None
    if nlm is not None:
        route_single(ctx, trail, nlm, "NLM")
    if request.all_other_libraries:
        all_other_stage(ctx, trail)
    return LenderSequence(tuple(trail.lenders), tuple(trail.skipped))
