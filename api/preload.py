"""One network per host: gunicorn's master loads it, the workers share it copy-on-write.

``graphsvc serve`` (``api/gunicorn_conf.py``) runs the app in the master (``preload_app``).
The workers are forked at once and serve from the start: routing reads each request's
neighbourhood, the coverage map reads the libraries only, and the rest answers 503 with
``Retry-After`` until the network is there. Meanwhile a thread of the master reads the whole
network once, freezes it out of the garbage collector's reach (``gc.freeze``) and rolls the
workers: as many new ones are forked (holding the graph, shared with the master page by page)
and the graph-less ones are retired gracefully. Then it builds the indexes derived from the
graph (coverage, referral, ISSNs: 6-7 s at national scale, so not before the workers serve
the whole network) and rolls the workers once more, so that they share those too. The workers
forked holding the graph but not yet the indexes build no coverage index of their own
meanwhile (it would take seconds of CPU from the master's build): they answer what needs it
with 503 and ``Retry-After`` (:func:`graphsvc.services.coverage_warm.expect_index`). From then
on each worker keeps its graph up to date change by change (:mod:`graphsvc.store.cache`).

A first start (no usable snapshot) reads the whole network from the database, which leaves
the master's heap fragmented: the graph's objects lie among the holes of what decoding made
and dropped, and the workers are forked from those pages. So before building the indexes the
master writes the graph as its first snapshot (in a forked child) and reads it back in place
of the graph read from the database (:func:`api.master_graph.compact`): about 3 s at national
scale, and the host then holds what a start from a snapshot holds.

A worker's own start (taking the master's graph) is :func:`api.workers.adopt`.

Whatever a worker changes or merely reads becomes its own copy of the page (CPython writes
reference counts on reading), so the workers' memory grows with writes and with time. The
master keeps its own graph up to date too, and when a worker's private memory passes
``RESHARE_MB`` it builds the indexes again and forks the workers anew on it, the old ones
retiring gracefully (:func:`_reshare`): the host holds one network, not one per worker.
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

from api.master_graph import compact, give_back_memory, write_snapshot, yield_to_workers

log = logging.getLogger("graphsvc.preload")

_loaded: dict = {}  # "graph": the whole network, loaded by the master; "source": from where

#: The newest snapshot is renewed when the network moved this many versions since it (a start
#: from a snapshot catches up at most ``CATCH_UP_LIMIT`` changes, 200) ...
SNAPSHOT_EVERY_VERSIONS = 100
#: ... or moved at all and this many seconds passed since it was written.
SNAPSHOT_EVERY_S = 600.0
#: Seconds between the master's looks at the network version and the workers' memory.
TEND_EVERY_S = 10.0
#: Seconds at least between two re-sharings (a worker that needs more private memory than
#: ``RESHARE_MB`` to serve is forked anew at most this often)...
RESHARE_MIN_S = 120.0
#: ... but once the network moved since the last one and then stood still for a look
#: (:data:`TEND_EVERY_S`: a burst of writes is over), this often: the workers' copies of what
#: the writes touched go back to one shared copy soon after, and a burst does not re-share
#: again and again while it lasts.
RESHARE_QUIET_MIN_S = 30.0


def loaded_graph():
    """The graph the master loaded (``None`` before it is loaded, and outside gunicorn)."""
    return _loaded.get("graph")


def indexes_coming() -> bool:
    """Whether the master holds its graph but is still building its indexes (a worker forked
    now is forked anew holding them)."""
    return bool(_loaded.get("indexes_coming"))


def indexes_shared() -> bool:
    """Whether the master built its indexes, so the workers forked from now on hold them."""
    return bool(_loaded.get("indexes_shared"))


def index_lag(app) -> float:
    """Seconds the coverage and referral indexes may lag behind holdings changes
    (``INDEX_LAG_S``): rebuilding them walks every holding, too much for every change."""
    return float(app.config.get("INDEX_LAG_S", 300))


def loaded_source() -> str | None:
    """Where the master's graph came from: ``"snapshot"`` (brought up to date by the change
    log) or ``"database"`` (read whole); ``None`` before it is loaded."""
    return _loaded.get("source")


def start_loading(server, *, settle: float = 1.0) -> threading.Thread:
    """gunicorn ``when_ready`` hook: load the network in a thread of the master, then roll
    the workers (``settle`` seconds for the new ones to boot before the old ones go); then
    keep a snapshot of it (``SNAPSHOT_DIR`` of the app's configuration) fresh."""
    thread = threading.Thread(target=_load_then_roll, args=(server, settle),
                              name="network-preload", daemon=True)
    thread.start()
    return thread


def _load_then_roll(server, settle: float) -> None:
    from api.extensions import open_store
    from graphsvc.store import snapshots

    app = server.app.wsgi()
    directory = _snapshot_dir(app)
    started = time.perf_counter()
    try:
        store = open_store(app.config)
        try:
            G, source, since = snapshots.open_network(store, directory)
        finally:
            store.network_cache.clear()  # the master's graph is held in _loaded only
            store.close()
    except Exception:  # the workers load it themselves when asked
        log.exception("loading the network in the master failed")
        return
    # frozen out of the collector's reach (gc.freeze); the workers forked now wait for the
    # master's indexes (adopt) rather than build their own
    _loaded.update(graph=G, source=source, indexes_coming=True)
    log.warning("network version %s loaded in the master from the %s in %.1f s; rolling the "
                "workers", G.graph.get("version"), source, time.perf_counter() - started)
    del G  # compact may replace it
    _roll(server, settle)  # the workers serve the whole network from now on...
    if source == snapshots.DATABASE and directory is not None:
        since = compact(_loaded, app, directory)
    built = _warm_indexes(_loaded["graph"])
    _loaded.update(indexes_coming=False, indexes_shared=built)
    log.warning("rolling the workers again: they share the master's indexes" if built else
                "rolling the workers again: they build their own indexes")
    _roll(server, settle)  # ...and the master's indexes, once built
    yield_to_workers()  # from now on the master's work can wait for the workers'
    _tend(server, app, directory, since)


def _warm_indexes(G) -> bool:
    """Build the indexes derived from the graph (coverage, referral, ISSNs) in the master, so
    the workers are forked holding them (one shared copy, no worker's first coverage answer
    waits seconds for its own), and freeze them out of the collector's reach with the graph;
    whether they were built."""
    import gc

    from graphsvc.coverage.index import coverage_index
    from graphsvc.referral.index import referral_index
    from graphsvc.routing import warm_routing

    started, took = time.perf_counter(), []
    try:
        for build in (coverage_index, referral_index, warm_routing):
            build(G)
            took.append(time.perf_counter() - started - sum(took))
    except Exception:  # each worker builds them itself when asked
        log.exception("building the indexes in the master failed")
        return False
    gc.collect()
    gc.freeze()
    give_back_memory()
    log.warning("coverage, referral and ISSN indexes built in the master in %.1f s (%s s; "
                "the last with routing's group members and NLM)",
                time.perf_counter() - started, " + ".join(f"{t:.1f}" for t in took))
    return True


def _roll(server, settle: float) -> None:
    """Fork as many new workers (holding the master's graph), then retire the old ones."""
    workers = server.num_workers
    server.num_workers = workers * 2  # the arbiter forks the new ones...
    server.wakeup()
    time.sleep(settle)
    server.num_workers = workers  # ...and retires the oldest (graph-less) ones
    server.wakeup()


def _snapshot_dir(app) -> Path | None:
    found = app.config.get("SNAPSHOT_DIR")
    return Path(found) if found else None


def _tend(server, app, directory: Path | None, written: int | None) -> None:
    """Forever, every :data:`TEND_EVERY_S`: write a snapshot of the master's graph if there is
    none of it, and again whenever the network moved enough (:data:`SNAPSHOT_EVERY_VERSIONS`,
    :data:`SNAPSHOT_EVERY_S`); fork the workers anew when one of them holds more than
    ``RESHARE_MB`` of its own (:func:`_reshare`), at most every :data:`RESHARE_MIN_S`, or
    every :data:`RESHARE_QUIET_MIN_S` once the writes since the last forking stopped."""
    limit = app.config.get("RESHARE_MB") or 0
    if directory is None and not limit:
        return
    tried, reshared = time.monotonic(), time.monotonic() - RESHARE_MIN_S
    shared = seen = _loaded["graph"].graph.get("version")  # the workers' network, the last look's
    while True:
        if written is not None or directory is None:
            time.sleep(TEND_EVERY_S)
        try:
            if directory is not None and _snapshot_due(app, written, time.monotonic() - tried):
                written, tried = _renew_snapshot(server, app, directory), time.monotonic()
        except Exception:  # tried again at the next look
            log.exception("renewing the network snapshot failed")
            written, tried = written or 0, time.monotonic()
        if not limit:
            continue
        try:
            version = _database_version(app)
            wait, seen = reshare_wait(version, seen, shared), version
            since = time.monotonic() - reshared
            behind = version != shared and since >= index_lag(app)
            if since >= wait and _reshare(server, app, limit, behind=behind):
                reshared, shared = time.monotonic(), _loaded["graph"].graph["version"]
        except Exception:  # tried again at the next look
            log.exception("re-sharing the network with the workers failed")


def reshare_wait(version: int, seen: int | None, shared: int | None) -> float:
    """Seconds from the last re-sharing until the next may be, the network being at
    ``version``, at ``seen`` at the last look and at ``shared`` when the workers were forked:
    :data:`RESHARE_QUIET_MIN_S` once it moved since they were forked and stood still since
    the last look, else :data:`RESHARE_MIN_S`.

    >>> reshare_wait(12, 12, 10), reshare_wait(12, 11, 10), reshare_wait(10, 10, 10)
    (30.0, 120.0, 120.0)
    """
    return RESHARE_QUIET_MIN_S if version == seen != shared else RESHARE_MIN_S


def _database_version(app) -> int:
    from api.extensions import open_store

    store = open_store(app.config)
    try:
        return store.version()
    finally:
        store.close()


def _reshare(server, app, limit_mb: int, *, behind: bool = False) -> bool:
    """When a worker holds more than ``limit_mb`` of private memory, or the workers' indexes
    are ``behind`` the network by more than ``INDEX_LAG_S`` (they build none of their own,
    :func:`adopt`): bring the master's graph up to date (re-read whole when the change log no
    longer reaches back), build its indexes and fork the workers anew on it. Whether it did."""
    from api.extensions import open_store
    from graphsvc.store import snapshots

    grown = {pid: private_mb(pid) for pid in list(server.WORKERS)}
    pid, held = max(grown.items(), key=lambda item: item[1], default=(None, 0.0))
    if held <= limit_mb and not behind:
        return False
    store = open_store(app.config)
    try:
        G = snapshots.caught_up(store, _loaded["graph"])
        if G is None:
            G = store.network()
            _loaded.update(graph=G, source=snapshots.DATABASE)
    finally:
        store.close()
    _loaded["indexes_shared"] = _warm_indexes(G)
    why = (f"worker {pid} holds {held:.0f} MB of its own (over {limit_mb} MB)"
           if held > limit_mb else f"the workers' indexes are over {index_lag(app)} s behind")
    log.warning("%s: forking the workers anew on network version %s", why,
                G.graph.get("version"))
    _roll(server, 1.0)
    return True


def private_mb(pid: int) -> float:
    """Megabytes of a process's memory that it shares with no other (Linux; 0 elsewhere)."""
    try:
        lines = Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()
    except OSError:
        return 0.0
    return sum(int(line.split()[1]) for line in lines
               if line.startswith(("Private_Clean:", "Private_Dirty:"))) / 1024


def _snapshot_due(app, written: int | None, age: float) -> bool:
    if written is None:
        return True
    from api.extensions import open_store

    store = open_store(app.config)
    try:
        moved = store.version() - written
    finally:
        store.close()
    return moved >= SNAPSHOT_EVERY_VERSIONS or (moved > 0 and age >= SNAPSHOT_EVERY_S)


def _renew_snapshot(server, app, directory: Path) -> int:
    """Bring the master's graph up to date and write it in a forked child; its version."""
    from api.extensions import open_store
    from graphsvc.store import snapshots

    store = open_store(app.config)
    try:
        G = snapshots.caught_up(store, _loaded["graph"])
        if G is None:  # the change log does not reach back: read it whole, share it anew
            G = store.network()
            _loaded.update(graph=G, source=snapshots.DATABASE)
            _roll(server, 1.0)
    finally:
        store.close()
    write_snapshot(app, G, directory)
    return G.graph["version"]
