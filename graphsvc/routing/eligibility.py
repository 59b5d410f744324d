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
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import networkx as nx

from graphsvc.holdings import CompiledHolding, compile_holding, hides_article, volume_number
from graphsvc.holdings import match_holdings as holdings_match
from graphsvc.model import NON_LENDING, Delivery, Holding, RoutingRequest
from graphsvc.network import do_not_route
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


class HoldingsMatch(NamedTuple):
    """How one library's holdings answer a citation: a skip ``reason`` or ``None``; how they
    matched; and ``via_title``, the NLM Unique ID of the related title (H9) whose holdings
    matched (or were the only ones checked) when none of the cited title's own did."""

    reason: str | None
    matched_on: str = "NOT_CHECKED"
    via_title: str | None = None


@dataclass(frozen=True)
class RoutingContext:
    """What every check of one request needs, computed once."""

    G: nx.MultiDiGraph
    request: RoutingRequest
    policy: RoutingPolicy
    rng: random.Random
    holdings: TitleHoldings
    blocked: frozenset[str]
    matches: dict[str, HoldingsMatch] = field(default_factory=dict)
    title: str | None = None


def routing_context(G: nx.MultiDiGraph, request: RoutingRequest, *,
                    holdings: TitleHoldings | None = None,
                    rng: random.Random | None = None,
                    policy: RoutingPolicy = DEFAULT_POLICY,
                    title: str | None = None) -> RoutingContext:
    """Bundle a request with its title's holdings (LIBID -> holdings, those of related titles
    included), the cited title's NLM Unique ID and the do-not-route set."""
    blocked = frozenset(request.do_not_route) | frozenset(do_not_route(G, request.borrower))
    return RoutingContext(G, request, policy, rng or random.Random(request.seed),
                          NO_HOLDINGS if holdings is None else holdings, blocked, title=title)


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
    periods = G.nodes[libid].get("out_of_office") or ()
    if not periods:
        return False
    day = local_date(G, libid, at)
    return any(period.contains(day) for period in periods)


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


def match_holdings(holdings: list[Holding], request: RoutingRequest) -> tuple[str | None, str]:
    """``(reason, matched_on)`` for one library's holdings of the title: the one holdings
    check, :func:`graphsvc.holdings.match_holdings`, for this request.

    >>> from graphsvc.model import Citation, Range
    >>> request = RoutingRequest("ORUPAC", Citation(year=2015, volume="372"),
    ...                          dt.datetime(2026, 11, 23, tzinfo=dt.timezone.utc))
    >>> print_only = [Holding("WAUUHS", "0255562", "PRINT", (Range("300", "400"),))]
    >>> match_holdings(print_only, request)
    (None, 'VOLUME')
    >>> from dataclasses import replace
    >>> match_holdings(print_only, replace(request, format="ELECTRONIC"))
    ('FORMAT', 'NOT_CHECKED')
    """
    citation = request.citation
    return holdings_match([compile_holding(h) for h in holdings], wanted=request.format,
                          volume=volume_number(citation.volume), year=citation.year,
                          hidden=article_check(request))


def title_match(by_title: Mapping[str | None, list[CompiledHolding]], title: str | None,
                check: Callable[[list[CompiledHolding]], tuple[str | None, str]]
                ) -> HoldingsMatch:
    """The one holdings check across a title change (H9), for single and batch routing.

    ``by_title`` holds one library's compiled holdings by NLM Unique ID (``title`` is the
    cited serial); ``check`` is :func:`graphsvc.holdings.match_holdings` for the request.
    The cited title's own holdings are checked first; the holdings of a related title (the
    one it continues or is continued by) match on the year only, never on the volume, since
    one title's volume numbers say nothing of another's.

    >>> from graphsvc.holdings import compile_holding
    >>> from graphsvc.model import Range
    >>> old = {"OLD": [compile_holding(Holding("WAUZAK", "OLD", "PRINT",
    ...                                        (Range("1", "5", 1988, 1992),)))]}
    >>> def check(year):
    ...     return lambda hs: holdings_match(hs, wanted="ANY", volume=3, year=year,
    ...                                      hidden=lambda h: None)
    >>> title_match(old, "NEW", check(2001))
    HoldingsMatch(reason='NO_HOLDINGS', matched_on='NOT_CHECKED', via_title='OLD')
    >>> title_match(old, "NEW", check(1990))
    HoldingsMatch(reason=None, matched_on='YEAR', via_title='OLD')
    """
    own = [h for uid, held in by_title.items() if title is None or uid == title for h in held]
    related = {uid: [h._replace(volumes=()) for h in held] for uid, held in by_title.items()
               if title is not None and uid != title}
    if own:
        reason, matched_on = check(own)
        if reason is None or not related:
            return HoldingsMatch(reason, matched_on)
    for uid in sorted(related):
        reason, matched_on = check(related[uid])
        if reason is None:
            return HoldingsMatch(None, matched_on, uid)
    reason, _ = check(own + [h for held in related.values() for h in held])
    return HoldingsMatch(reason, "NOT_CHECKED", None if own else min(related, default=None))


def compiled_by_title(holdings: list[Holding]) -> dict[str, list[CompiledHolding]]:
    """One library's holdings compiled, by the NLM Unique ID of their title."""
    found: dict[str, list[CompiledHolding]] = {}
    for h in holdings:
        found.setdefault(h.nlm_uid, []).append(compile_holding(h))
    return found


def holdings_check(request: RoutingRequest) -> Callable[[list[CompiledHolding]],
                                                         tuple[str | None, str]]:
    """:func:`graphsvc.holdings.match_holdings` bound to the request's citation."""
    citation, hidden = request.citation, article_check(request)
    volume, year, wanted = volume_number(citation.volume), citation.year, request.format

    def check(held: list[CompiledHolding]) -> tuple[str | None, str]:
        return holdings_match(held, wanted=wanted, volume=volume, year=year, hidden=hidden)
    return check


def article_check(request: RoutingRequest):
    """``hidden(holding)`` for the request's article: why an electronic holding's embargo
    or limited retention hides it (E10, H8), or ``None``."""
    citation, today = request.citation, request.at.date()

    def hidden(holding: Holding) -> str | None:
        return hides_article(holding, year=citation.year, epub_date=citation.epub_date,
                             pmid=citation.pmid, at=today)
    return hidden


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


def _status_reason(ctx: RoutingContext, libid: str, data: dict, via: str) -> str | None:
    request = ctx.request
    if libid == request.borrower:
        return "BORROWER"
    if libid in request.exclude:
        return "EXCLUDED"
    reason = lender_reason(ctx.G, libid, data, via, request.at)
    if reason is None and via != "NLM" and libid in ctx.blocked:
        return "DO_NOT_ROUTE"
    return reason


def _holdings_result(ctx: RoutingContext, libid: str) -> HoldingsMatch:
    """:func:`title_match` for one holder, computed once per request."""
    cache = ctx.matches
    if libid not in cache:
        cache[libid] = title_match(ctx.holdings.compiled(libid), ctx.title,
                                   holdings_check(ctx.request))
    return cache[libid]


def _service_reason(ctx: RoutingContext, data: dict, via: str) -> str | None:
    return service_reason(ctx.request, ctx.policy, data, via)


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


def verdict(ctx: RoutingContext, libid: str, via: str) -> Verdict:
    """Check one candidate for the stage ``via``; see the module docstring for the order."""
    data = ctx.G._node.get(libid)  # networkx's node dict: this runs for every candidate
    if data is None or data.get("kind") != "library":
        return Verdict("NOT_A_LENDER")
    reason = _status_reason(ctx, libid, data, via)
    matched_on, via_title = "NOT_CHECKED", None
    if reason is None and via in HOLDINGS_STAGES:
        reason, matched_on, via_title = _holdings_result(ctx, libid)
    reason = reason or _service_reason(ctx, data, via)
    if reason is not None:
        return Verdict(reason, via_title=via_title)
    if ctx.request.loan:
        return Verdict(None, LOAN_DELIVERY, True, matched_on, via_title)
    method = _delivery(data, ctx.request.delivery)
    return Verdict(None, method, method == ctx.request.delivery.primary, matched_on, via_title)


def skip_reason(ctx: RoutingContext, libid: str, via: str) -> str | None:
    """The one reason ``libid`` may not receive the request in stage ``via``, or ``None``."""
    return verdict(ctx, libid, via).reason
