"""Routing use cases: a lender sequence for one request, from one store round trip."""

from __future__ import annotations

import dataclasses

from graphsvc.errors import NotFound
from graphsvc.model import LenderSequence, RoutingRequest
from graphsvc.routing import DEFAULT_POLICY, RoutingPolicy, lender_sequence, resolve_title
from graphsvc.services.network import checked_libid
from graphsvc.store.contract import Store


def title_of(store: Store, request: RoutingRequest, G=None) -> str | None:
    """The NLM Unique ID a (non-manual) request names, by NLM Unique ID or by ISSN (looked
    up in the whole network graph ``G`` when this process holds it, else in the store)."""
    citation = request.citation
    if request.manual or citation.nlm_uid:
        return citation.nlm_uid
    if G is not None:
        return resolve_title(G, citation)
    found = store.serial_for_issn(citation.issn) if citation.issn else None
    if found is None:
        msg = f"no serial with ISSN {citation.issn!r}"
        raise NotFound(msg, problems=[{"field": "citation.issn", "message": msg}])
    return found


def whole_network(store: Store):
    """The whole network graph if this process holds it at the current version, else None
    (no query but at most one version check a second)."""
    return store.network_ready()


def neighbourhood(store: Store, request: RoutingRequest, nlm_uid: str | None):
    """The request's neighbourhood of the network, read in one query."""
    extra = [request.direct_to] if request.direct_to else []
    return store.routing_graph(request.borrower, nlm_uid, extra=extra)


def route(store: Store, request: RoutingRequest, *,
          policy: RoutingPolicy = DEFAULT_POLICY) -> tuple[LenderSequence, dict | None]:
    """The lender sequence of ``request`` and the title it resolved to (``None`` if manual).

    Raises :class:`NotFound` naming ``borrower``, ``citation.nlm_uid`` or ``citation.issn``.
    """
    checked_libid(request.borrower, "borrower")
    G = whole_network(store)
    nlm_uid = title_of(store, request, G)
    if G is None:
        G = neighbourhood(store, request, nlm_uid)
    if nlm_uid and not request.manual:
        request = dataclasses.replace(
            request, citation=dataclasses.replace(request.citation, nlm_uid=nlm_uid))
    sequence = lender_sequence(G, request, policy=policy)
    title = None
    if nlm_uid and nlm_uid in G:
        title = {"nlm_uid": nlm_uid, "title": G.nodes[nlm_uid].get("title", "")}
    return sequence, title


def policy_from(store: Store, options: dict, request: RoutingRequest) -> RoutingPolicy:
    """The routing policy a request asks for; load-aware order reads recent received counts."""
    load = None
    if options.get("load_aware"):
        load = recent_load(store, request)
    predictive = options.get("predictive", False)
    return RoutingPolicy(honour_max_cost=options.get("honour_max_cost", False),
                         resource_library_stage=options.get("resource_library_stage", False),
                         load_aware=options.get("load_aware", False), load=load,
                         predictive=predictive,
                         estimates=learned_estimates(store, request) if predictive else None)


_LEARNED: dict = {}  # (store, service level) -> (monotonic time, estimates)
LEARNED_FOR_SECONDS = 60.0
HISTORY_DAYS = 365


def learned_estimates(store: Store, request: RoutingRequest) -> dict:
    """Lender estimates from the last year of request history at the request's service
    level, learned at most once a minute per process (the history changes slowly)."""
    import datetime as dt
    import time

    from graphsvc.requests.predict import lender_estimates

    key = (id(store), request.service_level)
    learned_at, estimates = _LEARNED.get(key, (None, None))
    if learned_at is None or time.monotonic() - learned_at > LEARNED_FOR_SECONDS:
        since = request.at - dt.timedelta(days=HISTORY_DAYS)
        estimates = lender_estimates(store.requests_between(since, None),
                                     service_level=request.service_level)
        _LEARNED[key] = (time.monotonic(), estimates)
    return estimates


def recent_load(store: Store, request: RoutingRequest) -> dict[str, int]:
    """Requests each lender received in the 7 days before ``request.at`` (request history)."""
    import datetime as dt

    return store.recent_load(since=request.at - dt.timedelta(days=7))
