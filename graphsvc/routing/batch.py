"""Lender sequences for many requests at once: batch re-routing.

:func:`lender_sequences` routes every request through
:func:`~graphsvc.routing.lender_sequence` itself, with one
:class:`~graphsvc.routing.memo.RoutingMemo` for the whole batch: the same stages and the same
checks as one by one, so the same answers for the same seeds, with what the requests share
(titles, citations, borrowers, request options) computed once. Big batches can be split
between forked processes that share the graph.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterable

import networkx as nx

from graphsvc.collector import collector_paused
from graphsvc.model import Lender, LenderSequence, RoutingRequest, Skip
from graphsvc.routing.memo import RoutingMemo
from graphsvc.routing.policy import DEFAULT_POLICY, RoutingPolicy
from graphsvc.routing.sequence import lender_sequence


def lender_sequences(G: nx.MultiDiGraph, requests: Iterable[RoutingRequest], *,
                     policy: RoutingPolicy = DEFAULT_POLICY,
                     processes: int = 1) -> list[LenderSequence]:
    """The lender sequence of every request, as :func:`lender_sequence` gives it.

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
    NotFound, InvalidInput, Conflict
        As :func:`lender_sequence` for the first request that raises.

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
    memo = RoutingMemo()
    with collector_paused():
        return [lender_sequence(G, request, policy=policy, memo=memo) for request in requests]


_CHUNK = 2_000
_FORKED: tuple | None = None


def _route_chunk(chunk: range) -> list[tuple]:
    G, policy, memo, requests = _FORKED
    with collector_paused():
        return [_packed(lender_sequence(G, requests[i], policy=policy, memo=memo))
                for i in chunk]


def _packed(sequence: LenderSequence) -> tuple:
    """A sequence as plain tuples: what crosses from a worker process (pickling the frozen
    dataclasses themselves costs the parent several times more to load)."""
    return (tuple(map(_fields, sequence.lenders)), tuple(map(_fields, sequence.skipped)),
            sequence.notes)


def _fields(record: Lender | Skip) -> tuple:
    return tuple(getattr(record, name) for name in record.__slots__)


def _unpacked(packed: tuple) -> LenderSequence:
    lenders, skipped, notes = packed
    return LenderSequence(tuple(Lender(*fields) for fields in lenders),
                          tuple(Skip(*fields) for fields in skipped), notes)


def _in_processes(G, requests, policy, processes) -> list[LenderSequence]:
    """Chunks of requests routed by forked processes that inherit ``G`` and the requests (no
    copy: a chunk is sent as its positions)."""
    global _FORKED
    _FORKED = (G, policy, RoutingMemo(), requests)
    chunks = [range(i, min(i + _CHUNK, len(requests))) for i in range(0, len(requests), _CHUNK)]
    try:
        with multiprocessing.get_context("fork").Pool(processes) as pool, collector_paused():
            return [_unpacked(packed) for done in pool.imap(_route_chunk, chunks)
                    for packed in done]
    finally:
        _FORKED = None
