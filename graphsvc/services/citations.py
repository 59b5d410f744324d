"""Which serial a citation names: by NLM Unique ID, ISSN, title or MEDLINE/ISO abbreviation.

One resolution for every client: ``POST /v1/routing/lender-sequence`` (JSON citations),
``GET /v1/routing/openurl``, ``POST /v1/requests`` and ``graphsvc replay``. A
:class:`Router` finds serials through the store or over one network graph, in memory.
"""

from __future__ import annotations

import dataclasses
import weakref
from collections.abc import Callable

from graphsvc.errors import InvalidInput
from graphsvc.io.citations import (
    CitationFields, find_by_title, parse_issns, parse_volume, title_index,
)
from graphsvc.model import Citation, LenderSequence, RoutingRequest
from graphsvc.network import serials
from graphsvc.routing import lender_sequence, normalise_issn
from graphsvc.store.contract import Store

#: How a citation's title was matched (``matched_by`` of every routing answer).
MATCHED_BY = ("NLM_UID", "ISSN", "TITLE", "ABBREVIATION", "MANUAL")
_MATCHED_BY_HOW = {"issn": "ISSN", "title": "TITLE", "abbreviation": "ABBREVIATION"}


@dataclasses.dataclass(frozen=True)
class Router:
    """How serials are found and requests routed: through the store, or over one graph."""

    serials_for_issn: Callable[[str], list[str]]
    serials_for_title: Callable[[str], list[str]]
    serials_for_abbreviation: Callable[[str], list[str]]
    route: Callable[[RoutingRequest], LenderSequence]


_STORE_INDEXES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_GRAPH_ROUTERS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def store_title_indexes(store: Store) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """The title and abbreviation indexes of the stored serials, rebuilt when the network
    version changes."""
    version = store.version()
    cached = _STORE_INDEXES.get(store)
    if cached is None or cached[0] != version:
        cached = (version, title_index(store.serial_titles()),
                  title_index(store.serial_abbreviations()))
        _STORE_INDEXES[store] = cached
    return cached[1], cached[2]


def graph_router(G) -> Router:
    """Resolve and route over one network graph (e.g. ``store.network()``), in memory; the
    indexes are built once per graph."""
    found = _GRAPH_ROUTERS.get(G)
    if found is not None:
        return found
    by_issn: dict[str, list[str]] = {}
    for uid in serials(G):
        for issn in G.nodes[uid].get("issns") or ():
            by_issn.setdefault(normalise_issn(issn), []).append(uid)
    titles = title_index((uid, G.nodes[uid].get("title") or "") for uid in serials(G))
    abbreviations = title_index((uid, G.nodes[uid][key]) for uid in serials(G)
                                for key in ("med_abbr", "iso_abbr") if G.nodes[uid].get(key))
    found = _GRAPH_ROUTERS[G] = Router(
        lambda issn: sorted(by_issn.get(normalise_issn(issn), ())),
        lambda title: find_by_title(titles, title),
        lambda title: find_by_title(abbreviations, title),
        lambda request: lender_sequence(G, request))
    return found


def serials_for(router: Router, fields: CitationFields) -> tuple[list[str], str | None, str]:
    """The serials a citation may name, the ISSN that found them, and how:
    issn|title|abbreviation|none.

    The first ISSN (``NNNN-NNNC``) that names exactly one serial wins. An ISSN several
    serials share (NLM's file has a few, after title changes) is narrowed by the cited
    title. Without a known ISSN the title is looked up whole, then without its subtitle,
    then as a MEDLINE or ISO abbreviation ("N Engl J Med"). More than one serial in the
    answer means the citation is ambiguous.
    """
    shared: tuple[list[str], str] | None = None
    for issn in fields.issns:
        found = router.serials_for_issn(issn)
        if len(found) == 1:
            return found, issn, "issn"
        shared = shared or ((found, issn) if found else None)
    titled, how = (router.serials_for_title(fields.title), "title") if fields.title else ([], "")
    if fields.title and not titled:
        titled, how = router.serials_for_abbreviation(fields.title), "abbreviation"
    if shared:
        narrowed = [uid for uid in titled if uid in shared[0]]
        return (narrowed if len(narrowed) == 1 else shared[0]), shared[1], "issn"
    return titled, None, how if titled else "none"


OPENURL_FIELDS = {"issn": "rft.issn", "title": "rft.jtitle"}
JSON_FIELDS = {"issn": "citation.issn", "title": "citation.title"}


def resolve_citation(router: Router, fields: CitationFields, *,
                     names: dict[str, str] = OPENURL_FIELDS) -> tuple[str | None, str | None, str]:
    """``(nlm_uid, issn, matched_by)`` of the one serial a citation names; ``nlm_uid`` is
    ``None`` when it names none of the network (routing then decides: the manual map, or a
    422). ``names`` gives the request's field names for the ISSN and the title.

    Raises :class:`InvalidInput` naming the ISSN or title field when the citation names
    several serials.
    """
    found, issn, how = serials_for(router, fields)
    if len(found) == 1:
        return found[0], issn, _MATCHED_BY_HOW[how]
    if found and how == "issn":
        msg = (f"ISSN {issn} names {len(found)} serials ({', '.join(found[:5])}); "
               f"give {names['title']} to say which")
        raise InvalidInput(msg, problems=[{"field": names["issn"], "message": msg}])
    if found:
        msg = (f"journal title {fields.title!r} names {len(found)} serials "
               f"({', '.join(found[:5])}); give {names['issn']}")
        raise InvalidInput(msg, problems=[{"field": names["title"], "message": msg}])
    return None, None, "MANUAL"


def cleaned_citation(citation: Citation) -> Citation:
    """The citation with its volume cleaned as OpenURL volumes are ("v.16", "vol. 16" ->
    "16"); a volume with no number in it is dropped.

    >>> cleaned_citation(Citation(volume="vol. 16")).volume, cleaned_citation(Citation()).volume
    ('16', None)
    """
    if citation.volume is None:
        return citation
    return dataclasses.replace(citation, volume=parse_volume(citation.volume))


def citation_fields(citation: Citation) -> CitationFields:
    """A JSON citation as the cleaned fields the OpenURL path reads."""
    return CitationFields(tuple(parse_issns(citation.issn)), citation.title, citation.year,
                          citation.volume, citation.pmid)
