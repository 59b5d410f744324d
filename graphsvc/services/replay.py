"""Real clients and real requests: OpenURL citations and ILL logs, resolved and routed.

A citation names its journal by ISSNs (any of them, print or electronic) or, failing
those, by its title (an index of normalised titles); the request is then routed
exactly as ``POST /v1/routing/lender-sequence`` routes it.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import statistics
import time
from collections import Counter
import weakref
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path

from graphsvc.errors import InvalidInput, NotFound
from graphsvc.io.citations import CitationFields, find_by_title, openurl_citation, title_index
from graphsvc.model import Citation, LenderSequence, RoutingRequest
from graphsvc.network import serials
from graphsvc.routing import lender_sequence, normalise_issn
from graphsvc.services import routing as routing_service
from graphsvc.store.contract import Store

# --- resolving a citation --------------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class Router:
    """How a replay finds serials and routes: through the store, or over one graph."""

    serials_for_issn: Callable[[str], list[str]]
    serials_for_title: Callable[[str], list[str]]
    route: Callable[[RoutingRequest], LenderSequence]


_TITLE_INDEXES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def store_title_index(store: Store) -> dict[str, list[str]]:
    """The title index of the stored serials, rebuilt when the network version changes."""
    version = store.version()
    cached = _TITLE_INDEXES.get(store)
    if cached is None or cached[0] != version:
        cached = (version, title_index(store.serial_titles()))
        _TITLE_INDEXES[store] = cached
    return cached[1]


def store_router(store: Store) -> Router:
    """Resolve and route as the API does: store round trips for every request."""
    return Router(store.serials_for_issn,
                  lambda title: find_by_title(store_title_index(store), title),
                  lambda request: routing_service.route(store, request)[0])


def graph_router(G) -> Router:
    """Resolve and route over one network graph (e.g. ``store.network()``), in memory."""
    by_issn: dict[str, list[str]] = {}
    for uid in serials(G):
        for issn in G.nodes[uid].get("issns") or ():
            by_issn.setdefault(normalise_issn(issn), []).append(uid)
    index = title_index((uid, G.nodes[uid].get("title") or "") for uid in serials(G))
    return Router(lambda issn: sorted(by_issn.get(normalise_issn(issn), ())),
                  lambda title: find_by_title(index, title),
                  lambda request: lender_sequence(G, request))


def serials_for(router: Router, fields: CitationFields) -> tuple[list[str], str | None, str]:
    """The serials a citation may name, the ISSN that found them, and how: issn|title|none.

    The first ISSN (``NNNN-NNNC``) that names exactly one serial wins. An ISSN several
    serials share (NLM's file has a few, after title changes) is narrowed by the cited
    title. Without a known ISSN the title is looked up whole, then without its subtitle.
    More than one serial in the answer means the citation is ambiguous.
    """
    shared: tuple[list[str], str] | None = None
    for issn in fields.issns:
        found = router.serials_for_issn(issn)
        if len(found) == 1:
            return found, issn, "issn"
        shared = shared or ((found, issn) if found else None)
    titled = router.serials_for_title(fields.title) if fields.title else []
    if shared:
        narrowed = [uid for uid in titled if uid in shared[0]]
        return (narrowed if len(narrowed) == 1 else shared[0]), shared[1], "issn"
    return titled, None, "title" if titled else "none"


def resolve_citation(store: Store, fields: CitationFields) -> tuple[str, str | None]:
    """The NLM Unique ID a citation names and the ISSN it matched (``None`` by title).

    Raises :class:`NotFound` (field ``rft.issn`` or ``rft.jtitle``) when nothing matches and
    :class:`InvalidInput` (field ``rft.issn`` or ``rft.jtitle``) when the citation names
    several serials.
    """
    found, issn, how = serials_for(store_router(store), fields)
    if len(found) == 1:
        return found[0], issn
    if found and how == "issn":
        msg = (f"ISSN {issn} names {len(found)} serials ({', '.join(found[:5])}); "
               "give rft.jtitle to say which")
        raise InvalidInput(msg, problems=[{"field": "rft.issn", "message": msg}])
    if found:
        msg = (f"journal title {fields.title!r} names {len(found)} serials "
               f"({', '.join(found[:5])}); give rft.issn")
        raise InvalidInput(msg, problems=[{"field": "rft.jtitle", "message": msg}])
    problems = []
    if fields.issns:
        problems.append({"field": "rft.issn", "message":
                         f"no serial with ISSN {' or '.join(fields.issns)}"})
    if fields.title:
        problems.append({"field": "rft.jtitle",
                         "message": f"no serial titled {fields.title!r}"})
    msg = "; ".join(p["message"] for p in problems)
    raise NotFound(msg, problems=problems)


def citation_request(fields: CitationFields, nlm_uid: str, issn: str | None,
                     options: Mapping) -> RoutingRequest:
    """The routing request of a resolved citation with the routing options of a query."""
    citation = Citation(nlm_uid=nlm_uid, issn=issn, year=fields.year, volume=fields.volume,
                        pmid=fields.pmid)
    return RoutingRequest(citation=citation, **options)


def route_openurl(store: Store, params: Mapping, *, options: Mapping,
                  policy_options: Mapping | None = None) -> tuple[LenderSequence, dict | None]:
    """The lender sequence of an OpenURL citation, as ``routing.route`` gives it.

    ``options`` holds the :class:`RoutingRequest` fields other than the citation (with
    ``borrower`` and ``at``); ``policy_options`` the routing policy switches.
    Raises :class:`InvalidInput` naming what the citation lacks, or :class:`NotFound`.
    """
    fields, problems = openurl_citation(params)
    if problems:
        msg = "the citation is incomplete: " + "; ".join(p["message"] for p in problems)
        raise InvalidInput(msg, problems=problems)
    nlm_uid, issn = resolve_citation(store, fields)
    request = citation_request(fields, nlm_uid, issn, options)
    policy = routing_service.policy_from(store, dict(policy_options or {}), request)
    return routing_service.route(store, request, policy=policy)


# --- reading real ILL logs -------------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class LogRequest:
    """One request of an ILL log: where it is, and its citation as OpenURL 0.1 keys."""

    where: str
    params: dict


_COLUMNS = {"title": ("journal title",), "issn": ("issn",), "date": ("journal year", "year"),
            "volume": ("journal volume", "volume")}
# ILLiad's lending "Requests Cancelled" export has no header row.
_HEADERLESS = {"title": 3, "volume": 4, "date": 6, "issn": 14}


def _header(cell) -> str:
    return " ".join(str(cell or "").lower().replace("photo ", "").split())


def _positions(first_row: tuple) -> tuple[dict[str, int] | None, bool]:
    """Column of each citation key, and whether the first row is a header."""
    names = [_header(cell) for cell in first_row]
    found = {key: next((names.index(a) for a in aliases if a in names), None)
             for key, aliases in _COLUMNS.items()}
    if found["issn"] is not None and found["title"] is not None:
        return {k: v for k, v in found.items() if v is not None}, True
    if len(first_row) > 14 and str(first_row[1]).strip() in ("Lending", "Borrowing"):
        return _HEADERLESS, False
    return None, False


def _requests(name: str, rows: list[tuple]) -> Iterator[LogRequest]:
    if not rows:
        return
    positions, has_header = _positions(rows[0])
    if positions is None:
        msg = f"{name}: no journal title and ISSN columns in {rows[0]!r}"
        raise InvalidInput(msg, problems=[{"field": "file", "message": msg, "line": 1}])
    start = 1 if has_header else 0
    for line, row in enumerate(rows[start:], start=start + 1):
        params = {k: row[i] for k, i in positions.items() if i < len(row)}
        if any(v not in (None, "") for v in params.values()):
            yield LogRequest(f"{name}:{line}", params)


def read_log(path: Path) -> list[LogRequest]:
    """The article requests of a real ILL log: a CSV file, or every sheet of an XLSX book."""
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        import openpyxl  # optional: only XLSX logs need it

        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            return [r for sheet in book.worksheets for r in _requests(
                f"{path.name}:{sheet.title}", list(sheet.iter_rows(values_only=True)))]
        finally:
            book.close()
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(_requests(path.name, [tuple(r) for r in csv.reader(f)]))


# --- replaying ---------------------------------------------------------------------------------

@dataclasses.dataclass
class ReplaySummary:
    """What happened to each request of a replay."""

    requests: int = 0
    resolved: Counter = dataclasses.field(default_factory=Counter)  # by issn | title
    routed: int = 0
    empty: int = 0
    unresolved: Counter = dataclasses.field(default_factory=Counter)  # by reason
    failed: list = dataclasses.field(default_factory=list)  # (where, error) of routing errors
    seconds: list = dataclasses.field(default_factory=list)
    examples: dict = dataclasses.field(default_factory=dict)  # reason -> first where

    def as_dict(self) -> dict:
        """The printed summary: counts, reasons and time per request in milliseconds."""
        ms = sorted(s * 1000 for s in self.seconds)
        p99 = ms[min(len(ms) - 1, int(len(ms) * .99))] if ms else None
        return {"requests": self.requests, "resolved": sum(self.resolved.values()),
                "resolved_by": dict(self.resolved), "routed": self.routed,
                "empty_sequences": self.empty, "unresolved": sum(self.unresolved.values()),
                "unresolved_by_reason": dict(self.unresolved.most_common()),
                "unresolved_examples": self.examples, "errors": self.failed[:20],
                "ms_per_request": {"median": round(statistics.median(ms), 2) if ms else None,
                                   "p99": round(p99, 2) if ms else None}}


_REASONS = {"rft.issn": "no ISSN or journal title", "rft.date": "no year or volume",
            "rft_id": "bad PubMed ID"}


def _unresolved(summary: ReplaySummary, where: str, reason: str) -> None:
    summary.unresolved[reason] += 1
    summary.examples.setdefault(reason, where)


def _replay_one(router: Router, summary: ReplaySummary, item: LogRequest,
                options: dict) -> None:
    fields, problems = openurl_citation(item.params)
    if problems:
        _unresolved(summary, item.where, _REASONS[problems[0]["field"]])
        return
    found, issn, how = serials_for(router, fields)
    if len(found) != 1:
        reason = f"ambiguous {'ISSN' if how == 'issn' else 'title'}" if found else \
            "ISSN not in the network" if fields.issns else "title not in the network"
        _unresolved(summary, item.where, reason)
        return
    summary.resolved[how] += 1
    request = citation_request(fields, found[0], issn, options)
    sequence = router.route(request)
    summary.routed += bool(sequence.lenders)
    summary.empty += not sequence.lenders


def replay(router: Router, requests: Iterable[LogRequest], *, borrower: str,
           at: dt.datetime | None = None, seed: int = 1) -> ReplaySummary:
    """Resolve and route every request of a log from ``borrower``; count what happened.

    Each request's time covers its title lookup and its routing (with a
    :func:`store_router`, the store round trips). A routing error is recorded in
    ``failed`` and the replay goes on.
    """
    at = at or dt.datetime.now(dt.UTC)
    summary = ReplaySummary()
    for i, item in enumerate(requests):
        summary.requests += 1
        options = {"borrower": borrower, "at": at, "seed": seed + i}
        started = time.perf_counter()
        try:
            _replay_one(router, summary, item, options)
        except (NotFound, InvalidInput) as exc:
            summary.failed.append((item.where, str(exc)))
        summary.seconds.append(time.perf_counter() - started)
    return summary


def default_borrower(store: Store, *, state: str = "OR") -> str:
    """A fully participating library of ``state`` in the loaded network (first by LIBID)."""
    rows = store.libraries(state=state)
    full = [r["library"].libid for r in rows if r["library"].participation == "FULL"]
    if not full:
        msg = f"the loaded network has no fully participating library in {state}"
        raise NotFound(msg, problems=[{"field": "borrower", "message": msg}])
    return sorted(full)[0]
