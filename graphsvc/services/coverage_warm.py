"""The whole-network graph of this process and its coverage index, kept warm.

Building the coverage index of a national network takes seconds, so a server keeps the graph
and its index warm in a background thread (:func:`keep_warm`). A process that another one
builds the index for (a gunicorn worker forked before the master built its indexes: the master
forks the workers anew holding them, ``api/preload.py``) is told so (:func:`expect_index`):
until it is forked anew it builds no index of its own, which would take seconds of CPU from the
master's build, and an answer that needs the index is refused
(:class:`~graphsvc.errors.NotReady`: 503 with ``Retry-After``), so the client asks again and
gets a worker holding the master's index.
"""

from __future__ import annotations

import gc
import logging
import threading
import time
from collections.abc import Callable

import networkx as nx

from graphsvc.coverage.index import coverage_index
from graphsvc.derived import cached
from graphsvc.errors import NotReady
from graphsvc.routing import warm_routing
from graphsvc.store.contract import Store

log = logging.getLogger("graphsvc.coverage")

#: Seconds a checked network version is trusted before the database is asked again.
NETWORK_MAX_AGE = 1.0
# One index build at a time: a request arriving while the warmer builds waits for its index.
_building = threading.Lock()
_warmed: dict = {}  # the index last warmed (and collected after)
_handed = {"until": 0.0}  # another process builds the index: build none before this time


def expect_index(seconds: float) -> None:
    """Another process builds the coverage index this one will be handed (gunicorn's master,
    which then forks the workers anew holding it): for up to ``seconds``, build none here;
    answers needing it raise :class:`~graphsvc.errors.NotReady` meanwhile."""
    _handed["until"] = time.monotonic() + seconds


def _index_coming(G: nx.MultiDiGraph) -> bool:
    """Whether ``G`` has no coverage index and another process is building it for this one."""
    return time.monotonic() < _handed["until"] and cached(G, "coverage_index") is None


def network_graph(store: Store, *,
                  progress: Callable[[str], object] | None = None) -> nx.MultiDiGraph:
    """The whole-network graph with its coverage index built (``progress`` hears each step)."""
    if progress:
        progress("network")
    G = store.network(max_age=NETWORK_MAX_AGE)
    if _index_coming(G):
        msg = ("the coverage index is being built by the server's master process; try again "
               "in a few seconds")
        raise NotReady(msg)
    if progress:
        progress("index")
    with _building:
        coverage_index(G)
    return G


def warm(store: Store, *, max_age: float = NETWORK_MAX_AGE) -> bool:
    """Build the coverage index if the current network graph is loaded; ``False`` while the
    graph is still loading (in the background, started here) and while another process
    builds the index for this one (:func:`expect_index`; the graph is kept up to date).
    ``max_age``: seconds a checked network version is trusted (a newer one is caught up in
    the background).

    After building a new index, its objects are frozen out of the cyclic collector's reach
    here, in the background: otherwise a full collection on some request's path examines
    each of them (seconds on a national network).
    """
    G = store.network_ready(max_age=max_age)
    if G is not None:
        warm_routing(G)  # after a change of links too, before a request needs them
    if G is None or _index_coming(G):
        return False
    with _building:
        index = coverage_index(G)
        if _warmed.get("index") is not index:
            gc.freeze()  # out of the collector's reach: no full pass walks it on a request
            _warmed["index"] = index
    return True


def keep_warm(store: Store, *, every: float = 5.0,
              stop: threading.Event | None = None) -> threading.Thread:
    """Start a daemon thread that, every ``every`` seconds, looks at the network version,
    brings the graph up to date (another process's writes show within ``every`` plus the
    catch-up) and builds its coverage index, so coverage answers never wait for either."""
    stop = stop or threading.Event()

    def loop() -> None:
        while not stop.is_set():
            try:
                warm(store, max_age=min(every, NETWORK_MAX_AGE))
            except Exception:  # the database may be down for a while; try again later
                log.warning("warming the coverage index failed", exc_info=True)
            stop.wait(every)

    thread = threading.Thread(target=loop, name="coverage-warmer", daemon=True)
    thread.start()
    return thread
