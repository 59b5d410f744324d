"""Neo4jStore: the graph over Bolt with the official driver (Neo4j 5 or the embedded server).

The only module that imports ``neo4j``. Every query is a file of ``cypher/`` run with
parameters; driver errors become :class:`StoreUnavailable` or :class:`StoreError`.
"""

from __future__ import annotations

import logging
import random
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import networkx as nx
import neo4j
from neo4j import GraphDatabase, RoutingControl
from neo4j import exceptions as neo4j_errors

from graphsvc.changes import FULL_CHANGE, NetworkChange
from graphsvc.errors import StoreBusy, StoreError, StoreUnavailable
from graphsvc.store.alerts import AlertsStore
from graphsvc.store.auth import AuthStore
from graphsvc.store.bulk_load import BulkLoadStore
from graphsvc.store.cache import NetworkCache
from graphsvc.store.cypher import QUERIES
from graphsvc.store.idempotency import IdempotencyStore
from graphsvc.store.import_rows import BATCH
from graphsvc.store.imports import ImportStore
from graphsvc.store.library_holdings import LibraryHoldingsStore, is_serial
from graphsvc.store.network_read import NetworkReadStore
from graphsvc.store.network_records import NetworkRecordsStore
from graphsvc.store.requests import RequestsStore
from graphsvc.store.subcoordinators import SubcoordinatorStore

CHANGE_LOG_KEEP = 1_000  # change-log entries kept; a reader further behind reloads
CHANGE_LOG_PRUNE_EVERY = 100
WRITE_ATTEMPTS = 4  # a write that lost a MERGE race sees the winner's node next time
_log = logging.getLogger("graphsvc.store")
_UNAVAILABLE = (neo4j_errors.ServiceUnavailable, neo4j_errors.SessionExpired,
                neo4j_errors.SessionError, ConnectionError, OSError, TimeoutError)


class Neo4jStore(NetworkReadStore, NetworkRecordsStore, ImportStore, BulkLoadStore,
                 RequestsStore, AuthStore, AlertsStore, SubcoordinatorStore, IdempotencyStore,
                 LibraryHoldingsStore):
    """The service's graph database.

    This class holds the driver plumbing (:meth:`read`, :meth:`write`, :meth:`run`, error
    translation), health and schema. The rest lives in mixins that use them: reading the
    network as graphs (:mod:`graphsvc.store.network_read`), records of libraries, serials and
    routing tables (:mod:`graphsvc.store.network_records`), imports
    (:mod:`graphsvc.store.imports`, :mod:`graphsvc.store.bulk_load`, rows in
    :mod:`graphsvc.store.import_rows`) and areas (:mod:`graphsvc.store.requests`,
    :mod:`graphsvc.store.auth`, :mod:`graphsvc.store.alerts`,
    :mod:`graphsvc.store.subcoordinators`, :mod:`graphsvc.store.idempotency`,
    :mod:`graphsvc.store.library_holdings`).

    Examples
    --------
    >>> store = Neo4jStore("bolt://127.0.0.1:7687", ("root", "secret"), database="graphsvc")
    >>> store.close()
    """

    def __init__(self, uri: str, auth: tuple[str, str], *, database: str | None = None,
                 timeout: float = 3.0, max_retry_time: float = 5.0, pool_size: int = 20,
                 relocate: Callable[[], tuple[str, tuple[str, str]] | None] | None = None,
                 snapshot_dir: str | Path | None = None):
        self.database = database
        #: where the network snapshots are (``libraries_network`` reads the small one)
        self.snapshot_dir = snapshot_dir
        self._max_retry_time = max_retry_time
        self._options = {"connection_timeout": timeout, "connection_acquisition_timeout": timeout,
                         "max_transaction_retry_time": max_retry_time,
                         "max_connection_pool_size": pool_size, "liveness_check_timeout": 30.0,
                         "max_connection_lifetime": 600}
        self.uri = uri
        self._relocate = relocate
        self._relocating = threading.Lock()
        self.driver = GraphDatabase.driver(uri, auth=auth, **self._options)
        self.network_cache = NetworkCache(
            self.version, self.load_network, self.catch_up)

    def close(self) -> None:
        self.network_cache.stop()
        self.driver.close()

    # --- plumbing -----------------------------------------------------------------------

    @contextmanager
    def _translated(self) -> Iterator[None]:
        """Driver errors as the service's errors, their messages free of the database's
        internals (addresses, page and file names, Cypher): those go to the log only."""
        try:
            yield
        except neo4j_errors.ConstraintError as exc:
            raise _scrubbed(StoreError, "the database refused a duplicate key", exc) from exc
        except neo4j_errors.TransientError as exc:  # what the driver's own retries left
            msg = "the database is busy with concurrent writes; try again shortly"
            raise _scrubbed(StoreBusy, msg, exc) from exc
        except (*_UNAVAILABLE, neo4j_errors.AuthError, neo4j_errors.DriverError) as exc:
            # AuthError is also what a server shutting down answers
            self._follow_restarted_server()
            raise _scrubbed(StoreUnavailable, "the graph database is unavailable", exc) from exc
        except neo4j_errors.Neo4jError as exc:
            raise _scrubbed(StoreError, "the graph database failed", exc) from exc

    def _follow_restarted_server(self) -> bool:
        """Connect to where the server answers now, when ``relocate`` says it moved (an
        embedded server restarted on other ports); whether the driver was replaced."""
        if self._relocate is None or not self._relocating.acquire(blocking=False):
            return False
        try:
            found = self._relocate()
            if found is None or found[0] == self.uri:
                return False
            old, (self.uri, auth) = self.driver, found
            self.driver = GraphDatabase.driver(self.uri, auth=auth, **self._options)
            _log.warning("the graph database moved; connecting to it again")
            old.close()
            return True
        finally:
            self._relocating.release()

    def read(self, name: str, **params) -> list[neo4j.Record]:
        """Run the read query ``cypher/<name>.cypher`` and return its records (once more
        when the server turned out to have moved)."""
        return self._again_if_moved(lambda: self.driver.execute_query(
            QUERIES[name], params, database_=self.database,
            routing_=RoutingControl.READ).records)

    def _again_if_moved(self, work: Callable):
        uri = self.uri
        try:
            with self._translated():
                return work()
        except StoreUnavailable:
            if self.uri == uri:
                raise
        with self._translated():
            return work()

    def write(self, work: Callable[[neo4j.ManagedTransaction], object],
              change: NetworkChange | Sequence[NetworkChange] | Callable = FULL_CHANGE, *,
              changed: Callable[[object], bool] | None = None,
              apply: Callable[[nx.MultiDiGraph, object], None] | None = None,
              check: Callable[[neo4j.ManagedTransaction, object, int], None] | None = None):
        """Run ``work(tx)`` in one write transaction (all or nothing), bump the network
        version and log ``change`` (what the write changed; or ``change(outcome)``) in the
        same transaction; ``changed(outcome)`` false: the work changed no network record (no
        version, no log).

        A write that does not say what it changed logs ``FULL``: readers reload the network.
        A write of several kinds logs one change of each (one version each).
        The new version is kept in :attr:`last_written` (this process's readers wait for it).
        ``apply(G, outcome)``: what the write changed, put in this process's graph at once
        (:meth:`NetworkCache.apply`) instead of re-read from the database; one change only.
        ``check(tx, outcome, version)`` runs last when a change was logged (``version``: the
        new one); what it raises undoes the write (:class:`StoreBusy`: it runs again).
        A write that lost a MERGE race, or kept colliding with concurrent writes beyond the
        driver's own retries, runs again a few times; then :class:`StoreBusy` (or the
        :class:`StoreError`) is raised.
        """
        def unit(tx):
            outcome, version = work(tx), None
            if changed is not None and not changed(outcome):
                return outcome, version
            logged = _changes(change(outcome) if callable(change) else change)
            for one in logged:
                version = self.run(tx, "network/record_change", kind=one.kind,
                                   libids=list(one.libids), nlm_uids=list(one.nlm_uids),
                                   groups=list(one.groups))[0]["version"]
                if version % CHANGE_LOG_PRUNE_EVERY == 0:
                    self.run(tx, "network/prune_changes", version=version - CHANGE_LOG_KEEP)
            if check is not None and logged:
                check(tx, outcome, version)
            return outcome, version

        try:
            outcome, version = self.execute_write(unit)
            if version is not None:
                if apply is not None:
                    self.network_cache.apply(version, lambda G: apply(G, outcome))
                self.network_cache.written(version)
            return outcome
        finally:
            self.network_cache.invalidate()

    @property
    def last_written(self) -> int:
        """The network version of this process's latest write (0 before any)."""
        return self.network_cache.last_written

    def execute_write(self, unit: Callable[[neo4j.ManagedTransaction], object]):
        """Run ``unit(tx)`` in one write transaction, again (after a short random wait) when
        the database was busy or it lost a uniqueness race (two MERGEs creating one key, two
        writers numbering the same request event)."""
        for attempt in range(1, WRITE_ATTEMPTS + 1):
            try:
                with self._translated(), \
                        self.driver.session(database=self.database) as session:
                    return session.execute_write(unit)
            except (StoreBusy, StoreError) as exc:
                if not _worth_retrying(exc) or attempt == WRITE_ATTEMPTS:
                    raise
                time.sleep(random.uniform(0.1, 0.5) * attempt)

    @staticmethod
    def run(tx, name: str, **params) -> list[neo4j.Record]:
        return list(tx.run(QUERIES[name], params))

    @staticmethod
    def run_batched(tx, name: str, rows: list[dict], batch: int = BATCH) -> None:
        for start in range(0, len(rows), batch):
            tx.run(QUERIES[name], {"rows": rows[start:start + batch]}).consume()

    # --- health and schema ----------------------------------------------------------------

    def ping(self) -> None:
        """Raise :class:`StoreUnavailable` unless the database answers now."""
        self._again_if_moved(lambda: (
            self.driver.verify_connectivity(),
            self.driver.execute_query("RETURN 1", database_=self.database,
                                      routing_=RoutingControl.READ)))

    def ensure_schema(self) -> None:
        """Create constraints and indexes; safe to run any number of times."""
        for name in sorted(q for q in QUERIES if q.startswith("schema/")):
            with self._translated():
                self.driver.execute_query(QUERIES[name], database_=self.database)

    def version(self) -> int:
        records_ = self.read("network/version")
        return (records_[0]["version"] if records_ else None) or 0

    def database_id(self) -> str:
        """The identity of this database (random, made on first use; see
        :mod:`graphsvc.snapshot`). Making it bumps no network version."""
        found = self.read("network/database_id")
        if found and found[0]["id"]:
            return found[0]["id"]
        made = self.execute_write(lambda tx: self.run(tx, "network/make_database_id",
                                                      id=uuid.uuid4().hex[:16]))
        return made[0]["id"]

    def counts(self) -> dict[str, int]:
        return dict(self.read("network/counts")[0])

    def census(self) -> dict[str, int]:
        """Nodes per label (``":Library"``) and relationships per type (``"HOLDS"``)."""
        return {(":" if r["kind"] == "label" else "") + r["name"]: r["count"]
                for r in self.read("network/census")}

    def keys(self) -> dict[str, frozenset[str]]:
        """Stored LIBIDs, group codes and NLM Unique IDs."""
        row = self.read("network/keys")[0]
        return {name: frozenset(row[name]) for name in ("libids", "groups", "serials")}

    def known_serials(self, nlm_uids: Iterable[str]) -> set[str]:
        """Which of ``nlm_uids`` name stored serials: from this process's graph when it is at
        the database's version (one version query), else from the stored keys."""
        uids = set(nlm_uids)
        G = self.network_cache.current()
        if G is None:
            return uids & self.keys()["serials"]
        return {uid for uid in uids if is_serial(G, uid)}

    def is_empty(self) -> bool:
        return self.counts()["libraries"] == 0



def _changes(change: NetworkChange | Sequence[NetworkChange]) -> list[NetworkChange]:
    return [change] if isinstance(change, NetworkChange) else list(change)


def _scrubbed(kind: type, message: str, exc: Exception) -> Exception:
    """``kind(message)``; the driver's own words (which name addresses, pages, files and
    Cypher) are logged, never shown to a client."""
    _log.warning("%s: %s: %s", message, type(exc).__name__, exc)
    return kind(message)


def _worth_retrying(exc: Exception) -> bool:
    return isinstance(exc, StoreBusy) or isinstance(exc.__cause__, neo4j_errors.ConstraintError)


def delete_everything(store: Neo4jStore) -> None:
    """Empty the database (tests and ``graphsvc db reset``)."""
    store.write(lambda tx: store.run(tx, "admin/delete_everything"))
    store.network_cache.clear()
