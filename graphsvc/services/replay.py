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
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from graphsvc.errors import InvalidInput, NotFound
from graphsvc.io.citations import CitationFields, book_citation, is_book, openurl_citation
from graphsvc.model import Citation, RoutingRequest
from graphsvc.services import routing as routing_service
from graphsvc.services.citations import (  # noqa: F401 (replay's public names)
    Router, graph_router, resolve_citation, serials_for,
)
from graphsvc.services.routing import store_router  # noqa: F401 (replay's public name)
from graphsvc.store.contract import Store

# --- resolving a citation: graphsvc.services.citations ----------------------------------------

def citation_request(fields: CitationFields, nlm_uid: str | None, issn: str | None,
                     options: Mapping) -> RoutingRequest:
    """The routing request of a citation with the routing options of a query; a citation
    naming no serial of the network (``nlm_uid`` ``None``) keeps its first ISSN and its
    title, for the manual-map routing of titles not in the network."""
    if nlm_uid is None:
        issn, title = (fields.issns[0] if fields.issns else None), fields.title
    else:
        title = None
    citation = Citation(nlm_uid=nlm_uid, issn=issn, year=fields.year, volume=fields.volume,
                        pmid=fields.pmid, title=title)
    return RoutingRequest(citation=citation, **options)


_OPENURL_NAMES = {"citation.issn": "rft.issn", "citation.title": "rft.jtitle",
                  "citation.nlm_uid": "rft.issn", "citation.isbn": "rft.isbn"}


def route_openurl(store: Store, params: Mapping, *, options: Mapping,
                  policy_options: Mapping | None = None) -> routing_service.RoutingAnswer:
    """The routing answer of an OpenURL citation, as ``routing.route`` gives it.

    ``options`` holds the :class:`RoutingRequest` fields other than the citation (with
    ``borrower`` and ``at``); ``policy_options`` the routing policy switches. A book
    (``rft.genre=book`` or the book format) and a journal not in the network go through
    the borrower's manual map. Raises :class:`InvalidInput` naming what the citation lacks,
    or the title fields when the title is not in the network and there is no manual map.
    """
    if is_book(params):
        request, matched_by = RoutingRequest(citation=book_citation(params), **options), "MANUAL"
    else:
        fields, problems = openurl_citation(params)
        if problems:
            msg = "the citation is incomplete: " + "; ".join(p["message"] for p in problems)
            raise InvalidInput(msg, problems=problems)
        nlm_uid, issn, matched_by = resolve_citation(store_router(store), fields)
        request = citation_request(fields, nlm_uid, issn, options)
    policy = routing_service.policy_from(store, dict(policy_options or {}), request)
    try:
        return routing_service.route(store, request, policy=policy, matched_by=matched_by)
    except InvalidInput as exc:
        exc.problems = [{**p, "field": _OPENURL_NAMES.get(p.get("field"), p.get("field"))}
                        for p in exc.problems]
        raise


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
    # by issn | title | abbreviation | manual map (not in the network: the manual map)
    resolved: Counter = dataclasses.field(default_factory=Counter)
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
    found, issn, how = serials_for(router, fields)
    if len(found) > 1:
        _unresolved(summary, item.where, f"ambiguous {'ISSN' if how == 'issn' else 'title'}")
        return
    # a journal of the network needs a year or volume (holdings are checked); a citation
    # naming none of the network goes through the manual map, which checks no holdings
    if problems and (found or problems[0]["field"] == "rft_id"):
        _unresolved(summary, item.where, _REASONS[problems[0]["field"]])
        return
    request = citation_request(fields, found[0] if found else None, issn, options)
    try:
        sequence = router.route(request)  # not in the network: through the manual map
    except InvalidInput:  # not in the network, and the borrower has no manual map
        if found:
            raise
        _unresolved(summary, item.where, "ISSN not in the network" if fields.issns else
                    "title not in the network" if fields.title else _REASONS["rft.issn"])
        return
    summary.resolved[how if found else "manual map"] += 1
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
