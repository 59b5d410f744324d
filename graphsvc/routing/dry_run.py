"""Routing-table dry run: a borrower's past requests replayed through two tables, side by side.

Both tables are replayed on today's network with the same seed per request, so the only
difference between the two answers is the table. The expected fill at the first lender uses
each lender's fill rate in the request history, or the network's when a lender has too little.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import statistics
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import networkx as nx

from graphsvc.model import Citation, LenderSequence, RoutingRequest, RoutingTable
from graphsvc.network import add_routing_table, node_kind
from graphsvc.requests.records import TrackedRequest
from graphsvc.routing.batch import lender_sequences
from graphsvc.routing.title import related_titles

MIN_HISTORY = 10  # receipts below which a lender's own fill rate is not trusted
_TABLE_EDGES = ("ROUTES_TO:", "DO_NOT_ROUTE", "MANUAL:")


@dataclass(frozen=True)
class TableOutcome:
    """How one table would have served the replayed requests."""

    requests: int
    average_lenders: float
    first_in_cells_1_3: float
    beyond_routing_map: int
    expected_first_fill: float | None
    first_lenders: Counter


def with_routing_table(G: nx.MultiDiGraph, table: RoutingTable, *,
                       titles: Iterable[str] | None = None) -> nx.MultiDiGraph:
    """A private copy of ``G`` in which ``table.libid`` routes by ``table``.

    With ``titles``, only those serials (and the titles they continue or are continued by)
    keep their holdings, which keeps the copy small on the national network.

    >>> from graphsvc.coverage.examples import three_library_network
    >>> G = three_library_network()
    >>> H = with_routing_table(G, RoutingTable("ORUPAC", {1: ("WAUUHS",)}))
    >>> from graphsvc.network import routing_cells
    >>> routing_cells(H, "ORUPAC"), routing_cells(G, "ORUPAC") != routing_cells(H, "ORUPAC")
    ({1: ['WAUUHS']}, True)
    """
    if titles is None:
        H = G.copy()
    else:
        kept = {t for uid in titles if uid in G for t in (uid, *related_titles(G, uid))}
        H = G.subgraph(n for n in G if node_kind(G, n) != "serial" or n in kept).copy()
    H.graph = {k: v for k, v in G.graph.items() if not k.startswith("_")}  # no caches of G
    H.remove_edges_from([(u, v, k) for u, v, k in H.out_edges(table.libid, keys=True)
                         if k.startswith(_TABLE_EDGES)])
    add_routing_table(H, table)
    return H


def replay_seed(request_id: str) -> int:
    """A stable seed per request, so both tables draw the same shuffles."""
    return int(hashlib.sha256(request_id.encode()).hexdigest()[:15], 16)


def replayed_question(req: TrackedRequest, *, at: dt.datetime) -> RoutingRequest:
    """The routing question of a stored request (requests stored before citations were kept
    replay with the year they were made)."""
    year = req.year if req.year is not None or req.volume else req.created_at.year
    return RoutingRequest(borrower=req.borrower, at=at, service_level=req.service_level,
                          citation=Citation(nlm_uid=req.nlm_uid, year=year, volume=req.volume),
                          seed=replay_seed(req.id), max_cost=req.max_cost)


def table_outcome(G: nx.MultiDiGraph, requests: list[TrackedRequest], *, at: dt.datetime,
                  fill_rates: Mapping[str, float], default_fill: float | None) -> TableOutcome:
    """Replay ``requests`` on ``G`` (batch routing: what they share is computed once) and
    summarise what their sequences would have been. A request refused (its title is no
    longer in the network, say) has no lender."""
    lengths, early, beyond, fills, firsts = [], 0, 0, [], Counter()
    sequences = lender_sequences(G, [replayed_question(req, at=at) for req in requests],
                                 failed=LenderSequence())
    for sequence in sequences:
        lenders = sequence.lenders
        lengths.append(len(lenders))
        if not lenders:
            beyond += 1
            continue
        first = lenders[0]
        firsts[first.libid] += 1
        early += first.via == "CELL" and first.cell in (1, 2, 3)
        rate = fill_rates.get(first.libid, default_fill)
        if rate is not None:
            fills.append(rate)
    n = len(requests)
    return TableOutcome(
        requests=n, average_lenders=round(statistics.fmean(lengths), 2) if n else 0.0,
        first_in_cells_1_3=round(early / n, 3) if n else 0.0, beyond_routing_map=beyond,
        expected_first_fill=round(statistics.fmean(fills), 3) if fills else None,
        first_lenders=firsts)


def fill_rates(stats: Iterable) -> tuple[dict[str, float], float | None]:
    """Per-lender fill rates with at least :data:`MIN_HISTORY` receipts, and the network's.

    ``stats`` are :class:`~graphsvc.requests.LenderStats`.

    >>> from types import SimpleNamespace as S
    >>> fill_rates([S(libid="A", received=20, filled=15, unfilled_cost=0, fill_rate=0.75),
    ...             S(libid="B", received=2, filled=0, unfilled_cost=0, fill_rate=0.0)])
    ({'A': 0.75}, 0.682)
    """
    stats = list(stats)
    own = {s.libid: s.fill_rate for s in stats
           if s.received >= MIN_HISTORY and s.fill_rate is not None}
    counted = sum(s.received - s.unfilled_cost for s in stats)
    network = round(sum(s.filled for s in stats) / counted, 3) if counted else None
    return own, network


def load_changes(current: Counter, proposed: Counter) -> list[dict]:
    """Lenders whose count of first-lender requests would change, biggest change first."""
    rows = [{"libid": libid, "current": current[libid], "proposed": proposed[libid],
             "change": proposed[libid] - current[libid]}
            for libid in sorted(set(current) | set(proposed))]
    return sorted((r for r in rows if r["change"]), key=lambda r: (-abs(r["change"]), r["libid"]))
