"""The naive baseline: routing as a straightforward implementation would do it, one Cypher
query per stage and per candidate (queries in ``benchmarks/cypher/``).

It reads the borrower and its routing table, each group's members, then for every candidate
of a cell its properties and holdings of the title (one query each), applies the same checks
(status, out of office, holdings ranges, format, service level, delivery), shuffles the
qualifying ones and keeps 20 per cell; then NLM, then All Other Libraries (one query for the
holders, one per candidate drawn). It gives plausible sequences, not the exact ones: it is the
yardstick for the time, not for the rules.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from graphsvc.holdings import is_level_2, match_ranges
from graphsvc.model import MAX_PER_CELL, RoutingRequest
from graphsvc.store import records
from graphsvc.store.cypher import load_queries

QUERIES = load_queries(Path(__file__).resolve().parent / "cypher")


class NaiveRouter:
    """Routes over a :class:`~graphsvc.store.neo4j.Neo4jStore`, query by query."""

    def __init__(self, store):
        self.store = store
        self.queries = 0

    def q(self, name: str, **params) -> list:
        self.queries += 1
        return self.store.driver.execute_query(QUERIES[name], params,
                                               database_=self.store.database).records

    def route(self, request: RoutingRequest) -> list[str]:
        """The LIBIDs the request would go to, in order."""
        rng = random.Random(request.seed)
        citation = request.citation
        uid = citation.nlm_uid
        if uid is None and citation.issn:
            found = self.q("naive_title", issn=records.normalize_issn(citation.issn))
            uid = found[0]["nlm_uid"] if found else None
        row = self.q("naive_borrower", libid=request.borrower)[0]
        blocked = set(self.q("naive_do_not_route", libid=request.borrower)[0]["blocked"])
        cells: dict[int, list[str]] = {}
        for route in sorted((r for r in row["routes"] if r["target"]),
                            key=lambda r: (r["cell"], r["position"])):
            members = self.q("naive_group_members", code=route["target"])[0]["members"] \
                if route["group"] else [route["target"]]
            cells.setdefault(route["cell"], []).extend(members)
        chosen: list[str] = []
        for cell in sorted(cells):
            if cell in request.cells:
                ok = [c for c in dict.fromkeys(cells[cell])
                      if c not in chosen and self.qualifies(c, uid, request, blocked)]
                rng.shuffle(ok)
                chosen += ok[:MAX_PER_CELL]
        nlm = self.q("naive_nlm")
        if request.route_to_nlm and nlm and nlm[0]["props"]["libid"] not in chosen:
            chosen.append(nlm[0]["props"]["libid"])
        if request.all_other_libraries:
            chosen += self.all_other(uid, request, blocked, chosen, rng)
        return chosen

    def all_other(self, uid, request, blocked, chosen, rng) -> list[str]:
        holders = [r["libid"] for r in self.q("naive_holders", nlm_uid=uid)]
        rng.shuffle(holders)
        found: list[str] = []
        for libid in holders:
            if len(found) >= MAX_PER_CELL:
                break
            if libid not in chosen and self.qualifies(libid, uid, request, blocked):
                found.append(libid)
        return found

    def qualifies(self, libid: str, uid: str | None, request: RoutingRequest,
                  blocked: set[str]) -> bool:
        if libid == request.borrower or libid in blocked or uid is None:
            return False
        row = self.q("naive_candidate", libid=libid, nlm_uid=uid)
        if not row or not row[0]["props"]:
            return False
        lib = records.library_from(row[0]["props"])
        holdings = [records.holding_from(libid, uid, p) for p in row[0]["holdings"] if p]
        return _active(lib, request.at) and _serves(lib, request) and any(
            _holding_matches(h, request) for h in holdings)


def _active(lib, at: dt.datetime) -> bool:
    if lib.participation in ("CLOSED", "NON_PARTICIPANT", "NLM_ONLY") or lib.type == "NLM":
        return False
    return not any(period.contains(at.date()) for period in lib.out_of_office)


def _serves(lib, request: RoutingRequest) -> bool:
    level = request.service_level
    if (level == "RUSH" and not lib.fills_rush) or (level == "URGENT" and not lib.fills_urgent):
        return False
    methods = (request.delivery.primary, *request.delivery.alternates)
    return request.loan or any(m in lib.delivery_methods for m in methods)


def _holding_matches(h, request: RoutingRequest) -> bool:
    if is_level_2(h.ranges) or (request.format != "ANY" and h.format != request.format):
        return False
    citation = request.citation
    return match_ranges(h.ranges, volume=citation.volume, year=citation.year) is not None
