"""The whole-network graph of one process, kept up to date change by change.

Every write bumps the network version and logs what it changed (:mod:`graphsvc.changes`). A
reader checks the version at most every ``max_age`` seconds (for :meth:`NetworkCache.ready`,
once it is known, in the background: no request waits for that read); when it moved, the graph is
brought up to date by applying the logged changes (re-reading only the parts they name), in
the background for :meth:`NetworkCache.ready` (requests keep the graph they have meanwhile,
so another process's write shows within ``max_age`` plus the catch-up) and at once for
:meth:`NetworkCache.get`. Only when the log does not reach back far enough is the whole network
read again.

A reader that must see a version (this process's own writes, or a request's ``min_version``,
set in :data:`MIN_VERSION` for the request) waits for it, briefly: :meth:`NetworkCache.ready`
then answers ``None`` and the caller reads the database directly.
"""

from __future__ import annotations

import contextvars
import gc
import logging
import threading
import time
from collections.abc import Callable

import networkx as nx

from graphsvc.errors import Conflict, StoreUnavailable

log = logging.getLogger("graphsvc.store")

#: The network version the current request must see at least (0: any).
MIN_VERSION: contextvars.ContextVar[int] = contextvars.ContextVar("min_version", default=0)
#: Seconds past ``max_age`` a version reading may be old before a request reads it itself
#: (the background readings are not answered: the database is slow or away).
UNANSWERED_S = 2.0
#: The network version the current request's latest write made (0: it wrote nothing).
WRITTEN: contextvars.ContextVar[int] = contextvars.ContextVar("written_version", default=0)


class NetworkCache:
    """``version()`` reads the database's network version, ``load(version)`` the whole
    network, ``catch_up(G, since)`` applies the changes after ``since`` to ``G`` in place
    (``False`` when it cannot)."""

    def __init__(self, version: Callable[[], int], load: Callable[[int], nx.MultiDiGraph],
                 catch_up: Callable[[nx.MultiDiGraph, int], bool], *, wait: float = 2.0):
        self._version, self._load, self._catch_up = version, load, catch_up
        self.wait = wait  # seconds a reader that must see a version waits for the catch-up
        self._lock = threading.Lock()
        self._refreshing = threading.Lock()  # one load or catch-up at a time
        self._graph: nx.MultiDiGraph | None = None
        self._current: int | None = None  # the version last read from the database
        self._checked = 0.0
        self._unanswered = False  # the last reading in the background failed
        self._written = 0
        self._worker: threading.Thread | None = None
        self._defer_until = 0.0
        self.graph_settings: dict = {}  # set on every graph held, e.g. index_max_lag

    # --- what the store tells the cache ----------------------------------------------------

    def invalidate(self) -> None:
        """Forget when the version was last checked (after a write of this process)."""
        self._checked = 0.0

    def written(self, version: int) -> None:
        """This process wrote ``version``: its readers see it from now on (and the database
        is known to be at ``version`` at least, without reading it)."""
        self._written = max(self._written, version)
        if self._current is None or self._current < version:
            self._current = version
        WRITTEN.set(version)

    def apply(self, version: int, change: Callable[[nx.MultiDiGraph], None]) -> bool:
        """This process wrote ``version``: ``change(G)`` puts what it wrote in the graph, in
        place of re-reading it, when the graph is at the version just before (else ``False``:
        the catch-up brings it, as any other process's write). A ``change`` that fails leaves
        the graph at the version before, for the catch-up to re-read what the write changed
        (the write itself is done: its answer does not fail)."""
        if not self._refreshing.acquire(timeout=self.wait):
            return False
        try:
            G = self._graph
            if G is None or G.graph.get("version") != version - 1:
                return False
            try:
                change(G)
            except Exception:  # noqa: BLE001 - the write is done: the catch-up brings it
                log.exception("putting write %d in this process's graph failed; the change "
                              "log brings it instead", version)
                return False
            G.graph["version"] = version
            return True
        finally:
            self._refreshing.release()

    @property
    def last_written(self) -> int:
        return self._written

    def clear(self) -> None:
        with self._lock:
            self._graph = self._current = None
            self._checked = 0.0

    def put(self, G: nx.MultiDiGraph) -> None:
        """Hold ``G`` (whose ``G.graph["version"]`` says which version it is)."""
        G.graph.update(self.graph_settings)
        self._graph = G

    def defer(self, seconds: float) -> None:
        """Load nothing for ``seconds`` (another process is loading the network for this
        one): :meth:`ready` answers ``None`` and :meth:`get` raises StoreUnavailable."""
        self._defer_until = time.monotonic() + seconds

    def _deferring(self) -> bool:
        return self._graph is None and time.monotonic() < self._defer_until

    # --- reading -----------------------------------------------------------------------------

    @property
    def graph_version(self) -> int | None:
        G = self._graph
        return None if G is None else G.graph.get("version")

    def _wanted(self) -> int:
        return max(MIN_VERSION.get(), self._written)

    def _current_version(self, max_age: float, wanted: int) -> int:
        now = time.monotonic()
        if self._current is None or now - self._checked >= max_age or self._current < wanted:
            self._current, self._checked = self._version(), now
            self._unanswered = False
        if self._current < MIN_VERSION.get():
            msg = (f"min_version {MIN_VERSION.get()} is ahead of the network, which is at "
                   f"version {self._current}")
            raise Conflict(msg, problems=[{"field": "min_version", "message": msg}])
        return self._current

    def _last_known_version(self, max_age: float, wanted: int) -> int:
        """:meth:`_current_version` for a reader that may be answered with the graph it has:
        once the version was read and nothing newer is wanted, an old reading is read again
        in the background (the request goes on; under writes the database may take a while
        to answer, and every request thread arriving meanwhile would have waited for it)."""
        known, age = self._current, time.monotonic() - self._checked
        if known is None or known < wanted or known < MIN_VERSION.get() or self._unanswered \
                or age >= max_age + UNANSWERED_S:
            # a database that does not answer is the request's to report (503), as before
            return self._current_version(max_age, wanted)
        if age >= max_age and not self._deferring():
            self._start_background()
        return known

    def _behind(self, version: int) -> bool:
        at = self.graph_version
        return at is None or at < version

    def get(self, *, max_age: float = 0.0) -> nx.MultiDiGraph:
        """The graph at the current version, caught up (or loaded) in this thread if needed."""
        current = self._current_version(max_age, self._wanted())
        if self._deferring():
            msg = "the network is being loaded by the server's master process; try again soon"
            raise StoreUnavailable(msg)
        if self._behind(current):
            with self._refreshing:
                self._refresh(current)
        return self._graph

    def graph_at(self, version: int) -> nx.MultiDiGraph | None:
        """The graph if it is at ``version`` (no query), else ``None``."""
        G = self._graph
        return G if G is not None and G.graph.get("version") == version else None

    def current(self) -> nx.MultiDiGraph | None:
        """The graph if it is at the database's version now (read for this call), else
        ``None``: what it says is what the database says, without asking for it."""
        if self._graph is None or self.graph_version is None:
            return None
        self._current, self._checked = self._version(), time.monotonic()
        return self.graph_at(self._current)

    def ready(self, *, max_age: float = 1.0) -> nx.MultiDiGraph | None:
        """The graph if this process holds one, else ``None`` (and load it in the background).

        A graph behind the database's version is answered as it is while it is brought up to
        date in the background, unless the caller must see a newer version (its own write,
        :data:`MIN_VERSION`): then it waits up to :attr:`wait` seconds for the catch-up and
        answers ``None`` if it is not done (a reload in progress).
        """
        wanted = self._wanted()
        current = self._last_known_version(max_age, wanted)
        if self._behind(current) and not self._deferring():
            self._start_background()
        if self._graph is None:
            return None
        if not self._behind(wanted):
            return self._graph
        if self._refreshing.acquire(timeout=self.wait):
            try:
                if self._behind(wanted):
                    self._catch_up_to(wanted)
            finally:
                self._refreshing.release()
        return None if self._behind(wanted) else self._graph

    # --- bringing the graph up to date ------------------------------------------------------

    def _catch_up_to(self, version: int) -> bool:
        """Apply the logged changes (caller holds ``_refreshing``); ``False`` if it cannot."""
        G = self._graph
        if G is None:
            return False
        if not self._behind(version):
            return True
        started = time.perf_counter()
        if not self._catch_up(G, G.graph["version"]):
            return False
        log.info("network caught up to version %s in %.3f s", G.graph["version"],
                 time.perf_counter() - started)
        return not self._behind(version)

    def _refresh(self, version: int) -> None:
        """Catch up to ``version``, or load the whole network (caller holds ``_refreshing``)."""
        if not self._behind(version) or self._catch_up_to(version):
            return
        started = time.perf_counter()
        G = self._load(self._version())
        self.put(G)
        settle_after_load()
        log.info("network version %s loaded in %.1f s", G.graph["version"],
                 time.perf_counter() - started)

    def stop(self, *, timeout: float = 10.0) -> None:
        """Wait (at most ``timeout`` seconds) for a background load to finish, so the driver
        is not closed under it (a command ends while its first read loads the network)."""
        worker = self._worker
        if worker is not None and worker.is_alive():
            worker.join(timeout)

    def _start_background(self) -> None:
        with self._lock:
            if self._worker is not None and self._worker.is_alive():
                return
            self._worker = threading.Thread(target=self._background, name="network-refresh",
                                            daemon=True)
            self._worker.start()

    def _background(self) -> None:
        """Read the database's version, then bring the graph up to it if behind."""
        try:
            version, checked = self._version(), time.monotonic()
        except Exception as exc:  # the requests read it themselves now, and report it
            self._unanswered = True
            log.warning("reading the network version failed: %s", exc)
            return
        self._unanswered = False
        try:
            if self._current is None or version >= self._current:
                self._current, self._checked = version, checked
            if self._behind(version):
                with self._refreshing:
                    self._refresh(version)
        except Exception:  # the next ready() call tries again
            log.exception("bringing the network graph up to date failed")


def settle_after_load() -> None:
    """After a whole network was built: move it out of the cyclic collector's way.

    The objects frozen before (an older graph) are unfrozen and one collection frees what is
    gone; then ``gc.freeze()`` moves the graph's millions of objects to the permanent
    generation, so no later full pass walks them on a request's path (and forked workers do
    not touch their copy-on-write pages). The new objects a catch-up makes are few.
    """
    gc.unfreeze()
    gc.collect()
    gc.freeze()
