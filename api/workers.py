"""A gunicorn worker's start under ``graphsvc serve`` (``post_fork``): it takes the graph the
master loaded (:mod:`api.preload`) and keeps it up to date, or waits for it.

A worker forked holding the master's indexes builds none of its own: the master forks the
workers anew on fresh ones (``api.preload._reshare``). A worker checks the network version
once before it serves, so its first requests find it checked rather than each ask at once, and
runs the collector's full passes in a thread of their own.
"""

from __future__ import annotations

import logging
import math

from api.preload import index_lag, indexes_coming, indexes_shared, loaded_graph

log = logging.getLogger("graphsvc.preload")


#: Seconds a worker forked before the master's load waits for it before loading its own.
DEFER_S = 300.0
#: Seconds at most a worker forked before the master built its indexes waits for them (it is
#: forked anew holding them) before it builds its own coverage index.
INDEXES_WAIT_S = 120.0
#: Seconds between a worker's full passes of the cyclic collector, in a thread of their own
#: (:func:`graphsvc.collector.full_passes_in_background`), none on a request's path.
FULL_PASS_EVERY_S = 60.0
#: Seconds between a worker's looks at the network version (one small query each): another
#: process's write shows on every worker within this plus the catch-up.
VERSION_POLL_S = 0.25


def adopt(app) -> None:
    """gunicorn ``post_fork`` hook, in a new worker: take the master's graph if it has one,
    else wait for it (no load of this worker's own); then keep the coverage index warm, and
    run the collector's full passes in a thread of their own."""
    from api.extensions import StoreExtension
    from graphsvc.collector import full_passes_in_background
    from graphsvc.services import coverage as coverage_service

    store = StoreExtension.get(app)
    store.network_cache.graph_settings["index_max_lag"] = _worker_index_lag(app)
    G = loaded_graph()
    if G is not None:
        store.network_cache.put(G)
        _check_version(store)
        if indexes_coming():  # forked before the master built its indexes
            coverage_service.expect_index(INDEXES_WAIT_S)
    else:
        store.network_cache.defer(DEFER_S)
    coverage_service.keep_warm(store, every=VERSION_POLL_S)  # also brings the graph up to date
    full_passes_in_background(every=FULL_PASS_EVERY_S)


def _worker_index_lag(app) -> float:
    """What a new worker's indexes may lag: without end when it holds the master's and the
    master forks the workers anew once they are :func:`~api.preload.index_lag` behind (the
    workers build none of their own, which would take seconds of CPU from the requests and
    make pages of their own), else that lag. A library, group or routing table changed
    rebuilds the referral index at once all the same (it reads their records)."""
    if indexes_shared() and app.config.get("RESHARE_MB"):
        return math.inf
    return index_lag(app)


def _check_version(store) -> None:
    """Ask the database for the network version once before the worker serves: its first
    requests then find it checked (and a connection open) rather than each ask at once."""
    try:
        store.network_ready(max_age=0.0)
    except Exception:  # the database may be away a moment; the requests ask it then
        log.warning("a new worker could not check the network version", exc_info=True)
