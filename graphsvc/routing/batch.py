"""Lender sequences for many requests at once: batch re-routing.

:func:`lender_sequences` gives, request by request, exactly what
:func:`~graphsvc.routing.lender_sequence` gives for the same seeds, but remembers across the
batch everything that does not depend on the seed: per title its holders and their range
matches per citation; per borrower its cells expanded (groups to members) and its
do-not-route list; per (borrower, title) each cell's holders in sorted order; per library
whether it passes the checks that depend only on the library and the request's options
(status, service level, EFTS, delivery). What is left per request is the seeded shuffle
and a few set lookups. Requests asking for an explanation, manual requests and load-aware
policies go through :func:`~graphsvc.routing.lender_sequence` itself.
"""

from __future__ import annotations

import multiprocessing
import random
from collections.abc import Iterable

import networkx as nx

from graphsvc.model import NOT_BORROWING, Lender, LenderSequence, RoutingRequest
from graphsvc.network import region_of, routing_cells, serials
from graphsvc.routing.eligibility import (
    HOLDINGS_STAGES,
    LOAN_DELIVERY,
    NLM_TYPE_ALLOWED,
    _delivery,
    holdings_check,
    lender_reason,
    service_reason,
    title_match,
)
from graphsvc.routing.policy import DEFAULT_POLICY, RoutingPolicy
from graphsvc.routing.sequence import lender_sequence
from graphsvc.routing.stages import RESOURCE_TYPES, nlm_libid, stage_draw
from graphsvc.routing.title import normalise_issn, title_holdings

# Borrowers whose participation lender_sequence handles itself (refused, or NLM only).
_ROUTED_ALONE = NOT_BORROWING | {"NLM_ONLY"}
# A qualifying candidate: (delivery, primary, matched_on, via_title); a refused one: None.
_Pass = tuple


def lender_sequences(G: nx.MultiDiGraph, requests: Iterable[RoutingRequest], *,
                     policy: RoutingPolicy = DEFAULT_POLICY,
                     processes: int = 1) -> list[LenderSequence]:
    """The lender sequence of every request, as :func:`lender_sequence` would give it.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The whole network graph (not changed while the batch runs).
    requests : iterable of RoutingRequest
        Requests with their seeds; a request without a seed gets a random order, as alone.
    policy : RoutingPolicy, optional
        The same policy for every request.
    processes : int, optional
        Forked worker processes sharing ``G`` (copy on write); 1 routes in this process.

    Returns
    -------
    list of LenderSequence
        In the order of ``requests``.

    Raises
    ------
    NotFound
        A borrower is not a library, or a title is unknown (as :func:`lender_sequence`).

    Examples
    --------
    >>> import datetime as dt
    >>> from graphsvc.model import Citation, Holding, Library, Network, Serial, RoutingTable
    >>> from graphsvc.network import build_network
    >>> G = build_network(Network(
    ...     libraries=(Library("ORUPAC", "Pacific"), Library("WAUUHS", "UW"),
    ...                Library("ORUOHS", "OHSU")),
    ...     serials=(Serial("0255562", "N Engl J Med", ("0028-4793",)),),
    ...     holdings=(Holding("WAUUHS", "0255562"), Holding("ORUOHS", "0255562")),
    ...     routing_tables=(RoutingTable("ORUPAC", {1: ("WAUUHS", "ORUOHS")}),)))
    >>> at = dt.datetime(2026, 11, 23, 15, tzinfo=dt.timezone.utc)
    >>> batch = [RoutingRequest("ORUPAC", Citation(issn="0028-4793"), at, seed=s)
    ...          for s in range(3)]
    >>> [s.libids for s in lender_sequences(G, batch)] == [
    ...     lender_sequence(G, r).libids for r in batch]
    True
    """
    requests = list(requests)
    if processes > 1 and len(requests) >= 2 * _CHUNK:
        return _in_processes(G, requests, policy, processes)
    router = BatchRouter(G, policy=policy)
    return [router.route(request) for request in requests]


_CHUNK = 2_000
_FORKED: BatchRouter | None = None


def _route_chunk(chunk: list[RoutingRequest]) -> list[LenderSequence]:
    return [_FORKED.route(request) for request in chunk]


def _in_processes(G, requests, policy, processes) -> list[LenderSequence]:
    """Chunks of requests routed by forked processes that inherit ``G`` (no copy)."""
    global _FORKED
    _FORKED = BatchRouter(G, policy=policy)
    chunks = [requests[i:i + _CHUNK] for i in range(0, len(requests), _CHUNK)]
    try:
        with multiprocessing.get_context("fork").Pool(processes) as pool:
            return [seq for done in pool.map(_route_chunk, chunks, chunksize=1) for seq in done]
    finally:
        _FORKED = None


class BatchRouter:
    """Routes requests one by one on one graph, remembering what requests share."""

    def __init__(self, G: nx.MultiDiGraph, *, policy: RoutingPolicy = DEFAULT_POLICY):
        self.G, self.policy = G, policy
        self._nlm = nlm_libid(G)
        self._issns: dict[str, str] | None = None
        self._titles: dict[str, tuple] = {}
        self._groups: dict[str, frozenset[str]] = {}
        self._borrowers: dict[str, tuple] = {}
        self._pools: dict[tuple, list[str]] = {}
        self._tiers: dict[tuple, tuple[list[str], ...]] = {}
        self._static: dict[tuple, dict] = {}

    def route(self, request: RoutingRequest) -> LenderSequence:
        """The lender sequence of one request (see :func:`lender_sequences`)."""
        G = self.G
        uid = None if request.manual else self._title_of(request)
        if (uid is None or request.explain or self.policy.load_aware or self.policy.predictive
                or G._node.get(request.borrower, {}).get("kind") != "library"
                or G._node[request.borrower].get("participation") in _ROUTED_ALONE
                or (request.direct_to is not None
                    and G._node.get(request.direct_to, {}).get("kind") != "library")):
            return lender_sequence(G, request, policy=self.policy)
        return _Run(self, request, uid).sequence()

    # --- memoised, request-independent parts ------------------------------------------

    def _title_of(self, request: RoutingRequest) -> str | None:
        citation = request.citation
        if citation.nlm_uid is not None and \
                self.G._node.get(citation.nlm_uid, {}).get("kind") == "serial":
            return citation.nlm_uid
        if not citation.issn:
            return None
        if self._issns is None:
            self._issns = {}
            for uid in serials(self.G):  # the first serial with the ISSN, as resolve_title
                for issn in self.G._node[uid].get("issns") or ():
                    self._issns.setdefault(normalise_issn(issn), uid)
        return self._issns.get(normalise_issn(citation.issn))

    def title(self, uid: str) -> tuple:
        """``(holdings by LIBID, holders as a frozenset, RESOURCE/RML holders sorted,
        holders by state sorted, compiled holdings by LIBID filled on demand)``."""
        found = self._titles.get(uid)
        if found is None:
            holdings = title_holdings(self.G, uid)
            holders = frozenset(holdings.keys())
            nodes = self.G._node
            resource = sorted(h for h in holders
                              if nodes.get(h, {}).get("type") in RESOURCE_TYPES)
            by_state: dict[str | None, list[str]] = {}
            for libid in sorted(holders):
                by_state.setdefault(nodes.get(libid, {}).get("state"), []).append(libid)
            found = self._titles[uid] = (holdings, holders, resource, by_state, {})
        return found

    def _members(self, code: str) -> frozenset[str]:
        found = self._groups.get(code)
        if found is None:
            linked = self.G._pred[code]
            found = self._groups[code] = frozenset(u for u in linked if "MEMBER_OF" in linked[u])
        return found

    def borrower(self, libid: str) -> tuple:
        """``(cells as [(cell, (singles, groups))], do-not-route set, state, region)``."""
        found = self._borrowers.get(libid)
        if found is None:
            G, cells = self.G, []
            for cell, entries in routing_cells(G, libid).items():
                groups = tuple(sorted(e for e in entries
                                      if G._node.get(e, {}).get("kind") == "group"))
                singles = frozenset(e for e in entries if e not in groups)
                cells.append((cell, (singles, groups)))
            blocked = frozenset(v for v, keys in G._succ[libid].items() if "DO_NOT_ROUTE" in keys)
            found = self._borrowers[libid] = (cells, blocked, G._node[libid].get("state") or "",
                                              region_of(G, libid))
        return found

    def pools(self, borrower: str, uid: str) -> list[tuple[int, list[str]]]:
        """Each cell's holders of the title, sorted (what a cell draws from). Remembered
        per cell content and title: borrowers whose cell names the same groups share it."""
        return [(cell, self._pool(content, uid)) for cell, content in self.borrower(borrower)[0]]

    def _pool(self, content: tuple, uid: str) -> list[str]:
        key = (content, uid)
        found = self._pools.get(key)
        if found is None:
            singles, groups = content
            holders = self.title(uid)[1]
            held = singles & holders
            for code in groups:
                held = held | (self._members(code) & holders)
            found = self._pools[key] = sorted(held)
        return found

    def tiers(self, borrower: str, uid: str) -> tuple[tuple[list[str], frozenset[str]], ...]:
        """The title's holders in the three All Other tiers (same state, same region, the
        rest), each sorted and as a set."""
        _, _, state, region = self.borrower(borrower)
        key = (uid, state, region)
        found = self._tiers.get(key)
        if found is None:
            state_region = self.G.graph.get("state_region", {})
            runs: tuple[list[str], ...] = ([], [], [])
            for lib_state, libids in self.title(uid)[3].items():
                tier = 0 if state and lib_state == state else \
                    1 if region is not None and state_region.get(lib_state) == region else 2
                runs[tier].extend(libids)
            found = self._tiers[key] = tuple((sorted(run), frozenset(run)) for run in runs)
        return found

    def statics(self, request: RoutingRequest) -> dict:
        key = (request.at, request.service_level, request.efts_only, request.loan,
               request.delivery, request.max_cost if self.policy.honour_max_cost else None)
        found = self._static.get(key)
        if found is None:
            found = self._static[key] = {}
        return found


def _via_class(via: str) -> str:
    return via if via in NLM_TYPE_ALLOWED else "OTHER"


class _Run:
    """One request's routing with the router's memos (stages as in routing.stages)."""

    def __init__(self, router: BatchRouter, request: RoutingRequest, uid: str):
        self.router, self.request, self.uid = router, request, uid
        self.G = router.G
        self.holdings, _, _, _, self.compiled = router.title(uid)
        self.check = holdings_check(request)
        self.rng = random.Random(request.seed)
        self.blocked = router.borrower(request.borrower)[1] | frozenset(request.do_not_route)
        self.exclude = frozenset(request.exclude)
        self.statics = router.statics(request)
        self.lenders: list[Lender] = []
        self.routed: set[str] = set()
        self.evaluated: set[str] = set()

    def sequence(self) -> LenderSequence:
        request, router = self.request, self.router
        if request.direct_to is not None:
            self.single(request.direct_to, "DIRECT")
        if request.cells:
            selected = set(request.cells)
            for cell, pool in router.pools(request.borrower, self.uid):
                if cell in selected:
                    self.choose(pool, "CELL", cell)
        if router.policy.resource_library_stage:
            pool = [h for h in router.title(self.uid)[2] if h not in self.evaluated]
            self.choose(pool, "RESOURCE", None)
        if request.route_to_nlm and router._nlm is not None:
            self.single(router._nlm, "NLM")
        if request.all_other_libraries:
            self.all_other()
        return LenderSequence(tuple(self.lenders))

    # --- checks ---------------------------------------------------------------------------

    def verdict(self, libid: str, via: str) -> _Pass | None:
        request = self.request
        if libid == request.borrower or libid in self.exclude or (
                via != "NLM" and libid in self.blocked):
            return None
        key = (libid, _via_class(via))
        static = self.statics.get(key, False)
        if static is False:
            static = self.statics[key] = self._static_verdict(libid, via)
        if static is None or via not in HOLDINGS_STAGES:
            return static if static is None else (*static, "NOT_CHECKED", None)
        entries = self.compiled.get(libid)
        if entries is None:
            entries = self.compiled[libid] = self.holdings.compiled(libid)
        reason, matched_on, via_title = title_match(entries, self.uid, self.check)
        return None if reason is not None else (*static, matched_on, via_title)

    def _static_verdict(self, libid: str, via: str) -> tuple | None:
        """What depends on the library and the request's options only: status, service."""
        data, request, policy = self.G._node.get(libid), self.request, self.router.policy
        if data is None or data.get("kind") != "library":
            return None
        if lender_reason(self.G, libid, data, via, request.at) is not None or \
                service_reason(request, policy, data, via) is not None:
            return None
        if request.loan:
            return (LOAN_DELIVERY, True)
        method = _delivery(data, request.delivery)
        return (method, method == request.delivery.primary)

    # --- stages ---------------------------------------------------------------------------

    def add(self, libid: str, via: str, cell: int | None, found: _Pass) -> None:
        self.lenders.append(Lender(libid, self.G._node[libid].get("name", ""), via, cell,
                                   found[0], found[2], found[3]))
        self.routed.add(libid)
        self.evaluated.add(libid)

    def single(self, libid: str, via: str) -> None:
        found = None if libid in self.routed else self.verdict(libid, via)
        if found is None:
            self.evaluated.add(libid)
        else:
            self.add(libid, via, None, found)

    def choose(self, pool: list[str], via: str, cell: int | None) -> None:
        """:func:`graphsvc.routing.stages.choose` without the explanation: the same draws."""
        routed = self.routed
        fresh = pool if routed.isdisjoint(pool) else [h for h in pool if h not in routed]
        self.evaluated.update(fresh)
        if not fresh:
            return
        cap, draw = self.router.policy.cell_cap, stage_draw(self.rng)
        fresh = list(fresh)
        primary: list[tuple[str, _Pass]] = []
        alternate: list[tuple[str, _Pass]] = []
        n = len(fresh)
        for i in range(n):
            j = i + int(draw() * (n - i))
            fresh[i], fresh[j] = fresh[j], fresh[i]
            if len(primary) >= cap:
                break
            found = self.verdict(fresh[i], via)
            if found is not None:
                (primary if found[1] else alternate).append((fresh[i], found))
        for libid, found in (primary + alternate)[:cap]:
            self.add(libid, via, cell, found)

    def all_other(self) -> None:
        cap, evaluated = self.router.policy.all_other_cap, self.evaluated
        draw, routed = stage_draw(self.rng), 0
        for tier, members in self.router.tiers(self.request.borrower, self.uid):
            pool = list(tier)
            for libid in [e for e in evaluated if e in members]:
                pool.remove(libid)
            n = len(pool)
            for i in range(n):
                j = i + int(draw() * (n - i))
                pool[i], pool[j] = pool[j], pool[i]
                if routed >= cap:
                    return
                found = self.verdict(pool[i], "ALL_OTHER")
                if found is not None:
                    self.add(pool[i], "ALL_OTHER", None, found)
                    routed += 1
