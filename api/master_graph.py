"""The graph of gunicorn's master (``api/preload.py``), as the workers are forked from it.

A first start reads the whole network from the database, which leaves the master's heap
fragmented: the graph's objects lie among the holes of what decoding the records made and
dropped, and every page of it is forked into each worker and counted on the host.
:func:`compact` writes the graph as the first snapshot (in a forked child, as every snapshot of
the master) and reads it back in its place, before the indexes are built: measured in one
process at national scale, 246 MB RSS with the graph instead of 371-394 MB, and 388 MB with
its indexes instead of 447 (a start from a snapshot: 245 and 388).
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import threading
import time
from pathlib import Path

from api.extensions import open_store
from graphsvc import snapshot
from graphsvc.store import snapshots

log = logging.getLogger("graphsvc.preload")


def compact(loaded: dict, app, directory: Path) -> int | None:
    """Write the master's graph (``loaded["graph"]``, read from the database) as a snapshot
    into ``directory``, in a forked child, and read it back in its place (the graph read from
    the database freed first, so the new one fills a heap without its holes). The version
    written, or ``None`` (logged, the graph kept) when it could not be written."""
    started = time.perf_counter()
    written = write_snapshot(app, loaded["graph"], directory)
    if written is None:
        return None
    loaded["graph"] = None  # the only reference to the graph read from the database
    gc.unfreeze()
    gc.collect()
    give_back_memory()
    try:
        G = snapshot.load_snapshot(snapshot.read_info(written))
    except Exception:  # an unreadable file just written: read the database again
        log.exception("reading back the snapshot %s failed", written.name)
        G = read_whole(app)
    gc.freeze()
    loaded["graph"] = G
    log.warning("network version %s read back from its snapshot in the master in %.1f s",
                G.graph["version"], time.perf_counter() - started)
    return G.graph["version"]


def read_whole(app):
    """The whole network read from the database that the app's configuration names."""
    store = open_store(app.config)
    try:
        return store.load_network(store.version())
    finally:
        store.close()


def write_snapshot(app, G, directory: Path) -> Path | None:
    """Write ``G`` as a snapshot in a forked child (logged); the file, ``None`` if it failed."""
    store = open_store(app.config)
    try:
        database_id = store.database_id()
        mark = snapshots.change_mark(store, G.graph["version"])
    finally:
        store.close()
    started = time.perf_counter()
    failed = snapshot.write_in_child(G, directory, database_id=database_id, mark=mark)
    if failed:
        log.error("writing the network snapshot into %s failed: %s", directory, failed)
        return None
    log.warning("snapshot of network version %s written in %.1f s", G.graph["version"],
                time.perf_counter() - started)
    return directory / snapshot.snapshot_name(database_id, G.graph["version"])


#: The nice value of the master's tending thread (re-sharing, snapshots): the seconds of
#: CPU an index build takes go to the workers first when they need the cores.
BACKGROUND_NICE = 10


def yield_to_workers() -> None:
    """Lower the CPU priority of the calling thread (on Linux a thread has a nice value of
    its own; the children it forks, such as a snapshot's writer, inherit it). The master's
    other threads and the workers, forked by its main thread, keep theirs. Nothing where
    threads have no nice value of their own."""
    if os.uname().sysname != "Linux":
        return
    with contextlib.suppress(OSError, AttributeError):
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), BACKGROUND_NICE)


def give_back_memory() -> None:
    """Hand the heap's free pages back to the system (glibc's ``malloc_trim``) before the
    workers are forked: what building the indexes freed would otherwise be forked too and
    counted in every process (about 80 MB at national scale). Nothing elsewhere."""
    import contextlib
    import ctypes
    import ctypes.util

    with contextlib.suppress(OSError, AttributeError):  # not glibc
        ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim(0)
