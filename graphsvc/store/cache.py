"""The whole-network graph of one process, cached by network version.

Every write bumps the network version; a reader checks it at most every ``max_age`` seconds
(so another worker's write shows within that time, this process's at once), and a stale graph
is never handed out. Loading a national network takes a while, so :meth:`NetworkCache.ready`
starts the load in the background and answers ``None`` until it is done; callers fall back
to a request's neighbourhood query meanwhile.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

import networkx as nx

log = logging.getLogger("graphsvc.store")


class NetworkCache:
    def __init__(self, version: Callable[[], int], load: Callable[[int], nx.MultiDiGraph]):
        self._version, self._load = version, load
        self._lock = threading.Lock()
        self._loading = threading.Lock()  # one load at a time; others wait and reuse it
        self._graph: nx.MultiDiGraph | None = None
        self._graph_version: int | None = None
        self._current: int | None = None  # the version last read from the database
        self._checked = 0.0
        self._loader: threading.Thread | None = None

    def invalidate(self) -> None:
        """Forget when the version was last checked (after a write of this process)."""
        self._checked = 0.0

    def clear(self) -> None:
        with self._lock:
            self._graph = self._graph_version = self._current = None
            self._checked = 0.0

    def _current_version(self, max_age: float) -> int:
        now = time.monotonic()
        if self._current is None or now - self._checked >= max_age:
            self._current, self._checked = self._version(), now
        return self._current

    def _cached(self, version: int) -> nx.MultiDiGraph | None:
        with self._lock:
            if self._graph is not None and self._graph_version == version:
                return self._graph
        return None

    def get(self, *, max_age: float = 0.0) -> nx.MultiDiGraph:
        """The graph at the current version, loading it in this thread when needed."""
        version = self._current_version(max_age)
        found = self._cached(version)
        if found is not None:
            return found
        with self._loading:
            found = self._cached(version)  # another thread may have loaded it meanwhile
            return found if found is not None else self._store(version, self._load(version))

    def ready(self, *, max_age: float = 1.0) -> nx.MultiDiGraph | None:
        """The graph if it is loaded at the current version, else ``None`` (and load it)."""
        version = self._current_version(max_age)
        with self._lock:
            if self._graph is not None and self._graph_version == version:
                return self._graph
            if self._loader is None or not self._loader.is_alive():
                self._loader = threading.Thread(target=self._background, args=(version,),
                                                name="network-loader", daemon=True)
                self._loader.start()
        return None

    def _background(self, version: int) -> None:
        try:
            with self._loading:
                if self._cached(version) is None:
                    self._store(version, self._load(version))
        except Exception:  # the next ready() call tries again
            log.exception("loading the network graph failed")

    def _store(self, version: int, G: nx.MultiDiGraph) -> nx.MultiDiGraph:
        with self._lock:
            if self._graph_version is None or version >= self._graph_version:
                self._graph, self._graph_version = G, version
        return G
