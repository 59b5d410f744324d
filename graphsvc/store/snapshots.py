"""The whole network from a snapshot and the change log, and snapshots written for a store.

:func:`open_network` is how a server's master gets the network at start: the newest snapshot
of this database (:mod:`graphsvc.snapshot`), brought up to date by the change log the way
every process catches up (:class:`graphsvc.store.cache.NetworkCache`), or, when there is no
usable snapshot or the log no longer reaches back to it, the whole network read from the
database.
"""

from __future__ import annotations

import gc
import hashlib
import json
import logging
import time
from pathlib import Path

import networkx as nx

from graphsvc import snapshot

log = logging.getLogger("graphsvc.snapshot")

SNAPSHOT = "snapshot"
DATABASE = "database"


def open_network(store, directory: Path | None) -> tuple[nx.MultiDiGraph, str, int | None]:
    """The whole network at the database's current version, frozen out of the collector's
    reach (``gc.freeze``), as ``(G, source, snapshot_version)``.

    ``source`` is :data:`SNAPSHOT` when a snapshot (at ``snapshot_version``) was brought up
    to date by the change log, else :data:`DATABASE` (``snapshot_version`` ``None``).
    ``store`` is a :class:`~graphsvc.store.neo4j.Neo4jStore`; its network cache ends
    holding ``G``.
    """
    started = time.perf_counter()
    G, info = None, None
    if directory is not None:
        try:
            G, info = snapshot.read_newest(directory, database_id=store.database_id(),
                                           at_most=store.version())
        except OSError:
            log.exception("reading the snapshots of %s failed", directory)
    if G is not None and change_mark(store, info.version) != info.mark:
        log.warning("snapshot %s ignored: the database logged another change at version %s "
                    "(restored from a backup?)", info.path.name, info.version)
        G = None
    if G is not None:
        store.network_cache.put(G)
        log.warning("snapshot at version %s read in %.1f s", info.version,
                    time.perf_counter() - started)
    current = store.network()  # caught up by the change log, or read whole
    if current is G:
        gc.freeze()  # a fresh process: nothing older to collect first (a full pass costs)
        log.warning("network version %s from the snapshot of version %s in %.1f s",
                    current.graph["version"], info.version, time.perf_counter() - started)
        return current, SNAPSHOT, info.version
    if G is not None:
        log.warning("the change log does not reach back to the snapshot (version %s): the "
                    "whole network was read", info.version)
    return current, DATABASE, None


def caught_up(store, G: nx.MultiDiGraph) -> nx.MultiDiGraph | None:
    """``G`` (the whole network at ``G.graph["version"]``) brought up to the database's
    version in place by the change log, or ``None`` when the log does not reach back."""
    version = store.version()
    at = G.graph["version"]
    if at == version or (at < version and store.catch_up(G, at)):
        return G
    return None


def save(store, G: nx.MultiDiGraph, directory: Path) -> Path | None:
    """Write ``G`` as a snapshot of ``store``'s database (``G`` must not change meanwhile);
    ``None`` (logged) when it could not be written."""
    started = time.perf_counter()
    try:
        path = snapshot.write_snapshot(G, directory, database_id=store.database_id(),
                                       mark=change_mark(store, G.graph["version"]))
    except Exception:
        log.exception("writing a network snapshot into %s failed", directory)
        return None
    log.warning("snapshot of network version %s written in %.1f s (%s)",
                G.graph["version"], time.perf_counter() - started, path.name)
    return path


def save_caught_up(store, G: nx.MultiDiGraph, directory: Path) -> Path | None:
    """Bring ``G`` up to date by the change log and write it as a snapshot; ``None`` (logged)
    when the log does not reach back to ``G``'s version or the file could not be written."""
    current = caught_up(store, G)
    if current is None:
        log.warning("no snapshot written: the change log does not reach back to version %s",
                    G.graph["version"])
        return None
    return save(store, current, directory)


#: Logged change kinds that leave every region, library and group as it was.
_LIBRARIES_KEPT = frozenset({"HOLDINGS", "TITLE_HOLDINGS", "SERIALS", "ROUTING_TABLE"})


def current_libraries(store, directory: Path) -> nx.MultiDiGraph | None:
    """The regions, libraries and groups at the database's version, from the newest
    libraries snapshot in ``directory`` (:data:`graphsvc.snapshot.LIBRARIES`) when every
    change logged since it left them as they were (holdings, serials, routing tables); else
    ``None``: the caller reads them (``Neo4jStore.libraries_network``)."""
    version = store.version()
    try:
        L, info = snapshot.read_newest(directory, database_id=store.database_id(),
                                       at_most=version, kind=snapshot.LIBRARIES)
    except OSError:
        log.exception("reading the libraries snapshots of %s failed", directory)
        return None
    if L is None or change_mark(store, info.version) != info.mark:
        return None
    if info.version < version:
        changes = store.changes_since(info.version)
        if not changes or any(c.kind not in _LIBRARIES_KEPT for c in changes):
            return None
        L.graph["version"] = changes[-1].version
    return L


def change_mark(store, version: int) -> str:
    """A digest of the change-log entry of ``version`` (``""`` when there is none): what a
    snapshot of that version must find again in the database to be used."""
    row = store.read("network/change_at", version=version)[0]
    if row["kind"] is None:
        return ""
    values = [row["kind"], *(sorted(row[k] or ()) for k in ("libids", "nlm_uids", "groups"))]
    return hashlib.sha256(json.dumps(values).encode()).hexdigest()[:16]
