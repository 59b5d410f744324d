"""Routing use cases: a lender sequence for one request, from one store round trip."""

from __future__ import annotations

import dataclasses

from graphsvc.errors import InvalidInput
from graphsvc.io.citations import find_by_title
from graphsvc.model import Citation, LenderSequence, RoutingRequest
from graphsvc.network import node_kind
from graphsvc.routing import DEFAULT_POLICY, RoutingPolicy, lender_sequence
from graphsvc.services import citations
from graphsvc.services.network import checked_libid
from graphsvc.store.contract import Store


@dataclasses.dataclass(frozen=True)
class RoutingAnswer:
    """A routing answer: the sequence, the citation as understood (``nlm_uid``, ``title``,
    ``issn``, ``year``, ``volume``, ``matched_by``), the titles of the serials it names
    (NLM Unique ID -> title: the cited one, and any reached through a title change) and the
    network version it was computed on."""

    sequence: LenderSequence
    citation: dict
    titles: dict[str, str]
    network_version: int | None = None

    @property
    def title(self) -> dict | None:
        """``{nlm_uid, title}`` of the cited serial, ``None`` when it is not in the network."""
        uid = self.citation["nlm_uid"]
        return {"nlm_uid": uid, "title": self.titles[uid]} if uid in self.titles else None


def store_router(store: Store) -> citations.Router:
    """Resolve and route as the API does: store round trips for every request."""
    def by_title(title: str) -> list[str]:
        return find_by_title(citations.store_title_indexes(store)[0], title)

    def by_abbreviation(title: str) -> list[str]:
        return find_by_title(citations.store_title_indexes(store)[1], title)

    return citations.Router(store.serials_for_issn, by_title, by_abbreviation,
                            lambda request: route(store, request).sequence)


def whole_network(store: Store):
    """The whole network graph if this process holds it at the current version, else None
    (no query but at most one version check a second)."""
    return store.network_ready()


def neighbourhood(store: Store, request: RoutingRequest, nlm_uid: str | None):
    """The request's neighbourhood of the network, read in one query."""
    extra = [request.direct_to] if request.direct_to else []
    return store.routing_graph(request.borrower, nlm_uid, extra=extra)


def _resolved(store: Store, G, request: RoutingRequest, matched_by: str | None
              ) -> tuple[str | None, str]:
    """``(nlm_uid, matched_by)``: the serial the citation names (``None`` when it names
    none of the network) and how it was found."""
    citation = request.citation
    if request.manual:
        return citation.nlm_uid, "MANUAL"
    if citation.nlm_uid:
        return citation.nlm_uid, matched_by or "NLM_UID"
    router = citations.graph_router(G) if G is not None else store_router(store)
    uid, _, how = citations.resolve_citation(router, citations.citation_fields(citation),
                                             names=citations.JSON_FIELDS)
    return uid, matched_by or how


def route(store: Store, request: RoutingRequest, *, policy: RoutingPolicy = DEFAULT_POLICY,
          matched_by: str | None = None) -> RoutingAnswer:
    """The lender sequence of ``request`` and the citation as it was understood.

    The volume is cleaned as OpenURL volumes are ("v.16" -> "16"); the title is found by
    NLM Unique ID, ISSN, title or abbreviation (``matched_by`` overrides how, for callers
    that resolved it themselves). A citation naming no serial of the network goes through
    the borrower's manual map (``matched_by`` MANUAL), see :func:`lender_sequence`.

    Raises :class:`NotFound` naming ``borrower``; :class:`InvalidInput` naming
    ``direct_to``, an ambiguous ``citation.issn``/``citation.title``, or a title not in the
    network for a borrower without a manual map; :class:`Conflict` for a borrower that may
    not borrow.
    """
    checked_libid(request.borrower, "borrower")
    request = dataclasses.replace(request, citation=_cleaned(request))
    G = whole_network(store)
    nlm_uid, matched_by = _resolved(store, G, request, matched_by)
    if G is None:
        G = neighbourhood(store, request, nlm_uid)
    if nlm_uid and not request.manual:
        request = dataclasses.replace(
            request, citation=dataclasses.replace(request.citation, nlm_uid=nlm_uid))
    sequence = lender_sequence(G, request, policy=policy)
    if node_kind(G, nlm_uid) != "serial" or request.manual:
        nlm_uid, matched_by = None, "MANUAL"
    return RoutingAnswer(sequence, _understood(G, request.citation, nlm_uid, matched_by),
                         _titles(G, nlm_uid, sequence), G.graph.get("version"))


def _cleaned(request: RoutingRequest) -> Citation:
    """The request's citation with its volume cleaned; :class:`InvalidInput` naming
    ``citation.volume`` when that leaves a serial citation nothing to check holdings by."""
    raw = request.citation
    cleaned = citations.cleaned_citation(raw)
    if raw.volume is not None and cleaned.volume is None and cleaned.year is None and \
            not request.manual and raw.isbn is None:
        msg = f"volume {raw.volume!r} holds no volume number: give the year or the volume"
        raise InvalidInput(msg, problems=[{"field": "citation.volume", "message": msg}])
    return cleaned


def _understood(G, citation: Citation, nlm_uid: str | None, matched_by: str) -> dict:
    title = G.nodes[nlm_uid].get("title", "") if nlm_uid else citation.title
    return {"nlm_uid": nlm_uid, "title": title, "issn": citation.issn, "year": citation.year,
            "volume": citation.volume, "matched_by": matched_by}


def _titles(G, nlm_uid: str | None, sequence: LenderSequence) -> dict[str, str]:
    uids = {nlm_uid} | {x.via_title_change for x in (*sequence.lenders, *sequence.skipped)}
    return {uid: G.nodes[uid].get("title", "") for uid in uids
            if uid is not None and node_kind(G, uid) == "serial"}


def answer_body(answer: RoutingAnswer, *, explain: bool) -> dict:
    """The response body of every routing answer (``LenderSequenceSchema``'s shape, built
    directly: on the hot path, dumping ~50 lenders through marshmallow cost more than
    routing them)."""
    titles = answer.titles

    def changed(uid):
        return {"nlm_uid": uid, "title": titles.get(uid, "")} if uid else None

    sequence = answer.sequence
    body = {"lenders": [{"libid": x.libid, "name": x.name, "via": x.via, "cell": x.cell,
                         "delivery": x.delivery, "matched_on": x.matched_on,
                         "via_title_change": changed(x.via_title_change),
                         **({"why": x.why} if x.why else {})}
                        for x in sequence.lenders],
            "title": answer.title, "citation": answer.citation, "notes": list(sequence.notes),
            "network_version": answer.network_version}
    if explain:
        body["skipped"] = [{"libid": x.libid, "via": x.via, "cell": x.cell, "reason": x.reason,
                            "via_title_change": changed(x.via_title_change)}
                           for x in sequence.skipped]
    return body


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
