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
import queue
from collections.abc import Iterable
from operator import attrgetter

import networkx as nx

from graphsvc.collector import collector_paused
from graphsvc.errors import GraphsvcError
from graphsvc.model import Lender, LenderSequence, RoutingRequest, Skip
from graphsvc.routing.memo import RoutingMemo
from graphsvc.routing.policy import DEFAULT_POLICY, RoutingPolicy
from graphsvc.routing.sequence import lender_sequence
from graphsvc.routing.stages import lender_key


def lender_sequences(G: nx.MultiDiGraph, requests: Iterable[RoutingRequest], *,
                     policy: RoutingPolicy = DEFAULT_POLICY,
                     processes: int = 1,
                     failed: LenderSequence | None = None) -> list[LenderSequence]:
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
        Processes routing the batch: this one and ``processes - 1`` forked ones sharing
        ``G`` (copy on write); 1 routes in this process only.
    failed : LenderSequence, optional
        The answer for a request that :func:`lender_sequence` refuses (a
        :class:`~graphsvc.errors.GraphsvcError`); by default the error is raised.

    Returns
    -------
    list of LenderSequence
        In the order of ``requests``.

    Raises
    ------
    NotFound, InvalidInput, Conflict
        As :func:`lender_sequence` for the first request that raises (without ``failed``).

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
        return _in_processes(G, requests, policy, processes, failed)
    memo = RoutingMemo()
    with collector_paused():
        return [_routed(G, request, policy, memo, failed) for request in requests]


def _routed(G, request: RoutingRequest, policy: RoutingPolicy, memo: RoutingMemo,
            failed: LenderSequence | None) -> LenderSequence:
    """:func:`lender_sequence` with the batch's memo; ``failed`` for a refused request."""
    try:
        return lender_sequence(G, request, policy=policy, memo=memo)
    except GraphsvcError:
        if failed is None:
            raise
        return failed


_CHUNK = 2_000
_FORKED: tuple | None = None


def _take(counter) -> int:
    """The next chunk's number, shared by the parent and the workers (each takes the next
    one free when it is done, so a slower process takes fewer)."""
    with counter.get_lock():
        found = counter.value
        counter.value += 1
    return found


def _chunk(requests: list, number: int) -> list:
    return requests[number * _CHUNK:(number + 1) * _CHUNK]


def _worker(counter, chunks: int, answers) -> None:
    """A forked worker: route chunks until none is left, putting each in ``answers``
    packed, then ``None`` (or the exception a request raised). The queue's own thread
    sends them, so the worker routes on while the parent is busy with a chunk."""
    G, policy, memo, requests, failed = _FORKED
    try:
        with collector_paused():
            while (number := _take(counter)) < chunks:
                answers.put((number, _packed([_routed(G, r, policy, memo, failed)
                                              for r in _chunk(requests, number)])))
        answers.put(None)
    except Exception as exc:  # noqa: BLE001 - raised again by the parent
        answers.put(exc)


def _packed(sequences: list[LenderSequence]) -> tuple[list[tuple], list[tuple]]:
    """A chunk's sequences as plain tuples: what crosses from a worker process (pickling the
    frozen dataclasses themselves costs the parent several times more to load). Each lender
    of the chunk is sent once, as its key (:data:`~graphsvc.routing.stages.lender_key`) and
    name, and each sequence names its lenders by position in that list (batch routing
    shares a :class:`Lender` between the requests routed to a library the same way)."""
    lenders: list[tuple] = []
    position: dict[int, int] = {}  # id of a Lender (alive in the chunk) -> its position
    packed = []
    for sequence in sequences:
        where = []
        for lender in sequence.lenders:
            found = position.get(id(lender))
            if found is None:
                found = position[id(lender)] = len(lenders)
                lenders.append((lender_key(lender), lender.name))
            where.append(found)
        packed.append((tuple(where), tuple(map(_skip_fields, sequence.skipped)), sequence.notes))
    return lenders, packed


#: A skip's fields as a tuple, in the order its class takes them.
_skip_fields = attrgetter(*Skip.__slots__)


def _unpacked(chunk: tuple[list[tuple], list[tuple]], made: dict[tuple, Lender]
              ) -> list[LenderSequence]:
    """A packed chunk's sequences made again; ``made`` is the lenders this process made,
    by key (its memo's, shared with the requests it routes itself)."""
    keys, packed = chunk
    lenders = [made.get(key) or made.setdefault(key, Lender(key[0], name, *key[1:]))
               for key, name in keys]
    return [LenderSequence(tuple(map(lenders.__getitem__, where)),
                           tuple(Skip(*f) for f in skipped), notes)
            for where, skipped, notes in packed]


def _in_processes(G, requests, policy, processes, failed) -> list[LenderSequence]:
    """Chunks of requests routed by this process and ``processes - 1`` forked ones that
    inherit ``G`` and the requests (no copy: each takes the number of the next chunk). This
    process unpacks the workers' answers between chunks of its own."""
    global _FORKED
    context = multiprocessing.get_context("fork")
    chunks = -(-len(requests) // _CHUNK)
    counter, done = context.Value("l", 0), [None] * chunks
    answers = context.Queue()
    _FORKED = (G, policy, RoutingMemo(), requests, failed)
    workers = [context.Process(target=_worker, args=(counter, chunks, answers), daemon=True)
               for _ in range(processes - 1)]
    finished = False
    try:
        for worker in workers:
            worker.start()
        with collector_paused():
            memo = _FORKED[2]
            made = memo.table("lenders", None)
            running = len(workers)
            while (number := _take(counter)) < chunks:
                done[number] = [_routed(G, request, policy, memo, failed)
                                for request in _chunk(requests, number)]
                running -= _received(answers, done, made)
            while running:
                running -= _received(answers, done, made, wait=workers)
        finished = True
    finally:
        _FORKED = None
        with counter.get_lock():
            counter.value = chunks  # the workers take no more
        for worker in workers:
            if not finished:
                worker.terminate()
            worker.join()
    return [sequence for chunk in done for sequence in chunk]


def _received(answers, done: list, made: dict, *, wait: list | None = None) -> int:
    """Unpack the answers the workers sent so far, or (``wait``: the workers) the next one;
    how many workers said they are done. Raises what a worker raised."""
    finished = 0
    while True:
        try:
            message = answers.get(timeout=1.0) if wait else answers.get_nowait()
        except queue.Empty:
            if not wait:
                return finished
            if not any(worker.is_alive() for worker in wait):
                msg = "a batch routing worker ended without sending its answers"
                raise GraphsvcError(msg) from None
            continue
        if isinstance(message, Exception):
            raise message
        if message is None:
            return finished + 1
        number, packed = message
        done[number] = _unpacked(packed, made)
        if wait:
            return finished
