"""Whether one library may receive a request, and if not the one reason why.

Checks run in a fixed order and the first failure is the library's reason:

1. ``BORROWER`` the borrower itself; 2. ``EXCLUDED`` in ``request.exclude``;
3. ``INACTIVE`` participation CLOSED or NON_PARTICIPANT (E6c counts these as inactive);
4. ``NOT_A_LENDER`` participation NLM_ONLY (E8), or an NLM-type library anywhere but the
   Direct and NLM stages; 5. ``OUT_OF_OFFICE`` on the local date of ``request.at`` in the
   library's time zone (E6a); 6. ``DO_NOT_ROUTE`` on the borrower's standing list or the
   request's (R6e, R24);
7. holdings, only in the CELL, RESOURCE and ALL_OTHER stages (R13): ``NO_HOLDINGS`` (none),
   ``LEVEL_2`` (H5), ``FORMAT``, ``EMBARGO`` (E10), ``NO_HOLDINGS`` (no range covers the
   volume or the year, H6); each step keeps the holdings that pass, so a library with a print
   and an electronic holding matches when either one qualifies;
8. ``SERVICE_LEVEL`` (above NORMAL only); 9. ``EFTS`` (when ``efts_only``);
10. ``DELIVERY`` neither the primary nor an alternate method (not checked for loans, E1, or
    for NLM); 11. ``COST`` (only with ``RoutingPolicy.honour_max_cost``).

The NLM stage checks only 1-3, 5, 8 and 11 (R20).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import networkx as nx

from graphsvc.model import NON_LENDING, Delivery, RoutingRequest
from graphsvc.network import do_not_route
from graphsvc.routing.matching import HoldingsMatch, citation_key, holdings_check
from graphsvc.routing.memo import RoutingMemo, options_key, recall
from graphsvc.routing.policy import DEFAULT_POLICY, RoutingPolicy
from graphsvc.routing.title import NO_HOLDINGS, TitleHoldings

#: Participation that keeps a library from lending, and the routing reason it gives.
NOT_LENDING = {"CLOSED": "INACTIVE", "NON_PARTICIPANT": "INACTIVE", "NLM_ONLY": "NOT_A_LENDER",
               "BORROW_ONLY": "NOT_A_LENDER"}
CLOSED_PARTICIPATION = frozenset(p for p, reason in NOT_LENDING.items() if reason == "INACTIVE")
HOLDINGS_STAGES = frozenset({"CELL", "RESOURCE", "ALL_OTHER"})
NLM_TYPE_ALLOWED = frozenset({"DIRECT", "NLM"})
LOAN_DELIVERY = "MAIL"


class Verdict(NamedTuple):
    """The outcome for one candidate: a skip ``reason``, or how it qualified."""

    reason: str | None
    delivery: str | None = None
    primary: bool = True
    matched_on: str = "NOT_CHECKED"
    via_title: str | None = None


@dataclass(slots=True)
class RoutingContext:
    """What every check of one request needs, computed once (and not changed after: slots,
    not frozen, only because a frozen dataclass costs a few microseconds more to make)."""

    G: nx.MultiDiGraph
    request: RoutingRequest
    policy: RoutingPolicy
    rng: random.Random
    holdings: TitleHoldings
    blocked: frozenset[str]
    matches: dict[str, HoldingsMatch] = field(default_factory=dict)
    title: str | None = None
    libraries: dict[tuple, tuple] = field(default_factory=dict)
    memo: RoutingMemo | None = None
    check: Callable | None = None  # the request's holdings check (matching.holdings_check)
    #: Batch routing, no explanation: the libraries a CELL, RESOURCE or ALL_OTHER stage
    #: refuses whatever their holdings (:func:`refused_libraries`); ``None`` otherwise.
    refused: frozenset[str] | None = None


def routing_context(G: nx.MultiDiGraph, request: RoutingRequest, *,
                    holdings: TitleHoldings | None = None,
                    rng: random.Random | None = None,
                    policy: RoutingPolicy = DEFAULT_POLICY,
                    title: str | None = None,
                    memo: RoutingMemo | None = None) -> RoutingContext:
    """Bundle a request with its title's holdings (LIBID -> holdings, those of related titles
    included), the cited title's NLM Unique ID and the do-not-route set.

    With a ``memo`` (batch routing), the holders' matches and the libraries' verdicts are
    the tables the memo keeps for the request's citation and options
    (:mod:`graphsvc.routing.memo`); otherwise the request's own.
    """
    borrower = request.borrower
    blocked = recall(memo, "do_not_route", borrower,
                     lambda: frozenset(do_not_route(G, borrower)))
    if request.do_not_route:
        blocked = blocked.union(request.do_not_route)
    rng = rng or random.Random(request.seed)
    holdings = NO_HOLDINGS if holdings is None else holdings
    if memo is None:
        return RoutingContext(G, request, policy, rng, holdings, blocked, title=title,
                              check=holdings_check(request))
    matches, check = memo.recall("cited", citation_key(request, title),
                                 lambda: ({}, holdings_check(request)))
    libraries, refused = memo.recall("options", options_key(request, policy),
                                     lambda: ({}, refused_libraries(G, request, policy)))
    return RoutingContext(G, request, policy, rng, holdings, blocked, matches, title, libraries,
                          memo, check, None if request.explain else refused)


# --- predicates on one library ----------------------------------------------------------

@lru_cache(maxsize=64)
def _zone(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def local_date(G: nx.MultiDiGraph, libid: str, at: dt.datetime) -> dt.date:
    """The calendar date of the instant ``at`` in the library's time zone."""
    zone = _zone(G.nodes[libid].get("timezone") or "UTC")
    return at.astimezone(zone).date() if zone is not None and at.tzinfo else at.date()


def is_closed(G: nx.MultiDiGraph, libid: str) -> bool:
    """Closed or non-participant: inactive whatever the date (E6c, R14)."""
    return G.nodes[libid].get("participation") in CLOSED_PARTICIPATION


def is_out_of_office(G: nx.MultiDiGraph, libid: str, at: dt.datetime) -> bool:
    """Whether an out-of-office period covers the library's local date of ``at`` (E6a)."""
    data = G.nodes[libid]
    return bool(data.get("out_of_office")) and _away(data, local_date(G, libid, at))


def _away(data: dict, day: dt.date) -> bool:
    return any(period.contains(day) for period in data.get("out_of_office") or ())


def inactive_reason(G: nx.MultiDiGraph, libid: str, day: dt.date) -> str | None:
    """Why ``libid`` is not an active lender on ``day``, or ``None`` when it is one: the
    "is this library an active lender" of coverage, from the same table
    (:data:`NOT_LENDING`) and out-of-office check as :func:`lender_reason`.

    ``UNKNOWN`` (not a library), ``NLM`` (holds everything in principle, not counted as a
    holder), its participation when that keeps it from lending (CLOSED, NON_PARTICIPANT,
    NLM_ONLY, BORROW_ONLY), or ``OUT_OF_OFFICE``.

    >>> from graphsvc.model import Library, Network
    >>> from graphsvc.network import build_network
    >>> G = build_network(Network(libraries=(Library("A", "A", participation="CLOSED"),)))
    >>> inactive_reason(G, "A", dt.date(2026, 1, 1)), inactive_reason(G, "Z", dt.date(2026, 1, 1))
    ('CLOSED', 'UNKNOWN')
    """
    data = G._node.get(libid)
    if data is None or data.get("kind") != "library":
        return "UNKNOWN"
    if data.get("type") == "NLM":
        return "NLM"
    participation = data.get("participation", "FULL")
    if participation in NOT_LENDING:
        return participation
    return "OUT_OF_OFFICE" if _away(data, day) else None


def is_active(G: nx.MultiDiGraph, libid: str, at: dt.datetime) -> bool:
    """Whether the library receives requests at ``at``: not closed, not out of office."""
    return not is_closed(G, libid) and not is_out_of_office(G, libid, at)


def is_lender(G: nx.MultiDiGraph, libid: str, *, allow_nlm: bool = False) -> bool:
    """Whether the library may lend: not NLM Only (E8) nor borrow-only; NLM itself only if
    ``allow_nlm``."""
    data = G.nodes[libid]
    return data.get("participation") not in NON_LENDING and \
        (allow_nlm or data.get("type") != "NLM")


def offers_delivery(G: nx.MultiDiGraph, libid: str, delivery: Delivery) -> str | None:
    """The borrower's method the library supports: the primary if it can, else the first
    alternate it supports, else ``None`` (R6, R11)."""
    return _delivery(G.nodes[libid], delivery)


def offers_service_level(G: nx.MultiDiGraph, libid: str, level: str) -> bool:
    """Whether the library fills ``level``: NORMAL always, RUSH/URGENT if it opted in (E2)."""
    return _fills(G.nodes[libid], level)


def _fills(data: dict, level: str) -> bool:
    if level == "RUSH":
        return bool(data.get("fills_rush"))
    if level == "URGENT":
        return bool(data.get("fills_urgent"))
    return True


def is_efts(G: nx.MultiDiGraph, libid: str) -> bool:
    """Whether the library participates in EFTS (E5)."""
    return bool(G.nodes[libid].get("efts"))


def exceeds_max_cost(G: nx.MultiDiGraph, libid: str, max_cost: float | None) -> bool:
    """Whether the library's base fee is above the borrower's maximum cost."""
    return _too_dear(G.nodes[libid], max_cost)


def _too_dear(data: dict, max_cost: float | None) -> bool:
    fee = data.get("base_fee")
    return max_cost is not None and fee is not None and fee > max_cost


# --- the one reason ---------------------------------------------------------------------

def lender_reason(G: nx.MultiDiGraph, libid: str, data: dict, via: str,
                  at: dt.datetime) -> str | None:
    """Whether a library may lend in stage ``via`` at ``at`` (checks 3-5): ``INACTIVE``,
    ``NOT_A_LENDER``, ``OUT_OF_OFFICE`` or ``None``. The one "is this library an active
    lender" of single and batch routing; coverage reads the same :data:`NOT_LENDING`."""
    reason = NOT_LENDING.get(data.get("participation"))
    if reason == "INACTIVE" or (reason is not None and via != "NLM"):
        return reason
    if via != "NLM" and data.get("type") == "NLM" and via not in NLM_TYPE_ALLOWED:
        return "NOT_A_LENDER"
    if data.get("out_of_office") and is_out_of_office(G, libid, at):
        return "OUT_OF_OFFICE"
    return None


def library_verdict(ctx: RoutingContext, libid: str, via: str
                    ) -> tuple[str | None, str | None, str | None] | None:
    """``(lender reason, service reason, delivery)``: what depends only on the library, the
    stage's kind and the request's options (:func:`lender_reason`, :func:`service_reason`,
    the delivery method); ``None`` when ``libid`` is not a library. Computed once per
    request, or per batch and options (``ctx.libraries``, keyed by LIBID for the holdings
    stages and by ``(LIBID, stage)`` for Direct and NLM)."""
    key = (libid, via) if via in NLM_TYPE_ALLOWED else libid
    found = ctx.libraries.get(key)
    if found is None:
        data = ctx.G._node.get(libid)  # networkx's node dict
        if data is None or data.get("kind") != "library":
            return None
        request = ctx.request
        method = LOAN_DELIVERY if request.loan else _delivery(data, request.delivery)
        found = ctx.libraries[key] = (lender_reason(ctx.G, libid, data, via, request.at),
                                      service_reason(request, ctx.policy, data, via), method)
    return found


def refused_libraries(G: nx.MultiDiGraph, request: RoutingRequest,
                      policy: RoutingPolicy) -> frozenset[str]:
    """The libraries that a holdings stage (CELL, RESOURCE, ALL_OTHER) refuses for the
    request's options whatever they hold: a lender reason (:func:`lender_reason`) or a
    service reason (:func:`service_reason`). Batch routing computes it once per options
    and passes over these candidates without a :func:`verdict` when nothing is explained
    (a refused library's reason is then not reported)."""
    return frozenset(
        libid for libid, data in G.nodes(data=True) if data.get("kind") == "library" and (
            lender_reason(G, libid, data, "CELL", request.at) is not None
            or service_reason(request, policy, data, "CELL") is not None))


def _holdings_result(ctx: RoutingContext, libid: str) -> HoldingsMatch:
    """:func:`~graphsvc.routing.matching.title_match` for one holder, kept in ``ctx.matches``
    (per request, or per batch, title and citation)."""
    found = ctx.matches[libid] = ctx.holdings.match(libid, ctx.title,
                                                    ctx.check or holdings_check(ctx.request))
    return found


def service_reason(request: RoutingRequest, policy: RoutingPolicy, data: dict,
                   via: str) -> str | None:
    """Whether a library offers what the request asks (checks 8-11): ``SERVICE_LEVEL``,
    ``EFTS``, ``DELIVERY``, ``COST`` or ``None`` (single and batch routing)."""
    if request.service_level != "NORMAL" and not _fills(data, request.service_level):
        return "SERVICE_LEVEL"
    if via != "NLM" and request.efts_only and not data.get("efts"):
        return "EFTS"
    if via != "NLM" and not request.loan and _delivery(data, request.delivery) is None:
        return "DELIVERY"
    if policy.honour_max_cost and _too_dear(data, request.max_cost):
        return "COST"
    return None


def _delivery(data: dict, delivery: Delivery) -> str | None:
    methods = data.get("delivery_methods") or ()
    if delivery.primary in methods:
        return delivery.primary
    return next((m for m in delivery.alternates if m in methods), None)


def verdict(ctx: RoutingContext, libid: str, via: str, *, exact: bool | None = None) -> Verdict:
    """Check one candidate for the stage ``via``; see the module docstring for the order.

    The reason is the first failing check when ``exact`` (default: when the request asks for
    an explanation). Otherwise a library that fails a service check (8-11) is refused without
    its holdings being checked: the same libraries qualify, and the reason still names a
    check it fails.
    """
    found = library_verdict(ctx, libid, via)  # runs for every candidate: kept lean
    if found is None:
        return _REFUSED["NOT_A_LENDER"]
    request = ctx.request
    if libid == request.borrower:
        return _REFUSED["BORROWER"]
    if libid in request.exclude:
        return _REFUSED["EXCLUDED"]
    reason, service, method = found
    if reason is None and via != "NLM" and libid in ctx.blocked:
        reason = "DO_NOT_ROUTE"
    if reason is None and service is not None and not (
            request.explain if exact is None else exact):
        return _REFUSED[service]
    matched_on, via_title = "NOT_CHECKED", None
    if reason is None and via in HOLDINGS_STAGES:
        reason, matched_on, via_title = ctx.matches.get(libid) or _holdings_result(ctx, libid)
    reason = reason or service
    if reason is not None:
        return _REFUSED[reason] if via_title is None else Verdict(reason, via_title=via_title)
    primary = request.loan or method == request.delivery.primary
    return _new_tuple(Verdict, (None, method, primary, matched_on, via_title))


_new_tuple = tuple.__new__  # a NamedTuple made without its Python-level __new__ (hot path)


class _Refusals(dict):
    """The verdict of each skip reason without a related title, made once."""

    def __missing__(self, reason: str) -> Verdict:
        found = self[reason] = Verdict(reason)
        return found


_REFUSED = _Refusals()


def skip_reason(ctx: RoutingContext, libid: str, via: str) -> str | None:
    """The one reason ``libid`` may not receive the request in stage ``via``, or ``None``."""
    return verdict(ctx, libid, via, exact=True).reason
