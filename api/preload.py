"""One network per host: gunicorn's master loads it, the workers share it copy-on-write.

``graphsvc serve`` (``api/gunicorn_conf.py``) runs the app in the master (``preload_app``).
The workers are forked at once and serve from the start: routing reads each request's
neighbourhood, the coverage map reads the libraries only, and the rest answers 503 with
``Retry-After`` until the network is there. Meanwhile a thread of the master reads the whole
network once, freezes it out of the garbage collector's reach (``gc.freeze``) and rolls the
workers: as many new ones are forked (holding the graph, shared with the master page by page)
and the graph-less ones are retired gracefully. From then on each worker keeps its graph up to
date change by change (:mod:`graphsvc.store.cache`).
"""

from __future__ import annotations

import logging
import threading
import time

log = logging.getLogger("graphsvc.preload")

_loaded: dict = {}  # "graph": the whole network, loaded by the master


def loaded_graph():
    """The graph the master loaded (``None`` before it is loaded, and outside gunicorn)."""
    return _loaded.get("graph")


def start_loading(server, *, settle: float = 1.0) -> threading.Thread:
    """gunicorn ``when_ready`` hook: load the network in a thread of the master, then roll
    the workers (``settle`` seconds for the new ones to boot before the old ones go)."""
    thread = threading.Thread(target=_load_then_roll, args=(server, settle),
                              name="network-preload", daemon=True)
    thread.start()
    return thread


def _load_then_roll(server, settle: float) -> None:
    from api.extensions import open_store

    app = server.app.wsgi()
    started = time.perf_counter()
    try:
        store = open_store(app.config)
        try:
            G = store.network()
        finally:
            store.close()
    except Exception:  # the workers load it themselves when asked
        log.exception("loading the network in the master failed")
        return
    _loaded["graph"] = G  # frozen out of the collector's reach by the load (gc.freeze)
    log.warning("network version %s loaded in the master in %.1f s; rolling the workers",
                G.graph.get("version"), time.perf_counter() - started)
    workers = server.num_workers
    server.num_workers = workers * 2  # the arbiter forks the new ones...
    server.wakeup()
    time.sleep(settle)
    server.num_workers = workers  # ...and retires the oldest (graph-less) ones
    server.wakeup()


#: Seconds a worker forked before the master's load waits for it before loading its own.
DEFER_S = 300.0
#: Seconds coverage answers may lag behind the network (the index is rebuilt at most this
#: often: it walks every holding).
COVERAGE_MAX_LAG_S = 30


def adopt(app) -> None:
    """gunicorn ``post_fork`` hook, in a new worker: take the master's graph if it has one,
    else wait for it (no load of this worker's own); then keep the coverage index warm."""
    from api.extensions import StoreExtension
    from graphsvc.services import coverage as coverage_service

    store = StoreExtension.get(app)
    store.network_cache.graph_settings["coverage_max_lag"] = COVERAGE_MAX_LAG_S
    G = loaded_graph()
    if G is not None:
        store.network_cache.put(G)
    else:
        store.network_cache.defer(DEFER_S)
    coverage_service.keep_warm(store, every=1.0)  # also brings the graph up to date
