"""Neo4jStore: the graph over Bolt with the official driver (Neo4j 5 or the embedded server).

The only module that imports ``neo4j``. Every query is a file of ``cypher/`` run with
parameters; driver errors become :class:`StoreUnavailable` or :class:`StoreError`.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager

import networkx as nx
import neo4j
from neo4j import GraphDatabase, RoutingControl
from neo4j import exceptions as neo4j_errors

from graphsvc import changes as patch
from graphsvc.changes import FULL_CHANGE, NetworkChange, changed_parts
from graphsvc.errors import Conflict, StoreBusy, StoreError, StoreUnavailable
from graphsvc.io.differences import Differences, Undo
from graphsvc.model import Group, Holding, Library, Network, Region, RoutingTable, Serial
from graphsvc.holdings_table import HoldingsTable
from graphsvc.network import add_holdings, build_network
from graphsvc.store import records
from graphsvc.store.alerts import AlertsStore
from graphsvc.store.auth import AuthStore
from graphsvc.collector import collector_paused
from graphsvc.store.cache import NetworkCache
from graphsvc.store.idempotency import IdempotencyStore
from graphsvc.store.library_holdings import LibraryHoldingsStore, is_serial
from graphsvc.store.requests import RequestsStore
from graphsvc.store.subcoordinators import SubcoordinatorStore
from graphsvc.store.cypher import QUERIES

#: Changes that leave a library's routing table as it was.
TABLE_UNRELATED = ("HOLDINGS", "TITLE_HOLDINGS", "GROUP", "SERIALS")
BATCH = 5_000
CHANGE_LOG_KEEP = 1_000  # change-log entries kept; a reader further behind reloads
CHANGE_LOG_PRUNE_EVERY = 100
CATCH_UP_LIMIT = 200  # more changes than this at once: reload instead
HOLDINGS_PAGE = 100  # libraries per query when the whole network is read
PAGES_AHEAD = 1  # holdings pages read while the one before is encoded
LOADED_LABELS = ("Region", "State", "Library", "Group", "Serial", "Issn")  # what bulk_load writes
WRITE_ATTEMPTS = 4  # a write that lost a MERGE race sees the winner's node next time
_log = logging.getLogger("graphsvc.store")
_UNAVAILABLE = (neo4j_errors.ServiceUnavailable, neo4j_errors.SessionExpired,
                neo4j_errors.SessionError, ConnectionError, OSError, TimeoutError)


class Neo4jStore(RequestsStore, AuthStore, AlertsStore, SubcoordinatorStore, IdempotencyStore,
                 LibraryHoldingsStore):
    """The service's graph database.

    Area-specific queries live in mixins (:mod:`graphsvc.store.requests`,
    :mod:`graphsvc.store.auth`, :mod:`graphsvc.store.alerts`,
    :mod:`graphsvc.store.subcoordinators`) that use :meth:`read`,
    :meth:`write` and :meth:`run`.

    Examples
    --------
    >>> store = Neo4jStore("bolt://127.0.0.1:7687", ("root", "secret"), database="graphsvc")
    >>> store.close()
    """

    def __init__(self, uri: str, auth: tuple[str, str], *, database: str | None = None,
                 timeout: float = 3.0, max_retry_time: float = 5.0, pool_size: int = 20,
                 relocate: Callable[[], tuple[str, tuple[str, str]] | None] | None = None):
        self.database = database
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

    # --- writes ---------------------------------------------------------------------------

    def import_network(self, network: Network, *, atomic: bool = True,
                       progress: Callable[[str, int], None] | None = None) -> dict[str, int]:
        """Create or update every record of a bundle in one transaction.

        Routing tables, do-not-route lists and manual maps of the bundle's tables replace
        the stored ones; group membership is replaced; holdings are created or replaced per
        library, title and format. ``atomic=False`` commits batch by batch (bulk loads into
        an empty database only). ``progress(step, rows)`` is called after each step.
        """
        steps = list(_import_steps(network))

        def step(tx, name, rows):
            self.run_batched(tx, name, rows)
            if progress:
                progress(name, len(rows))

        if atomic:
            self.write(lambda tx: [step(tx, name, rows) for name, rows in steps])
        else:
            for name, rows in steps:
                for start in range(0, len(rows), BATCH * 4):
                    chunk = rows[start:start + BATCH * 4]
                    self.write(lambda tx, n=name, c=chunk: step(tx, n, c))
        return _counted(network)

    def bulk_load(self, network: Network, *, batch: int = 10_000, endpoint=None,
                  progress: Callable[[str, int], None] | None = None) -> dict[str, int]:
        """Load a whole bundle into an EMPTY database, fast: CREATE instead of MERGE for
        serials, ISSNs and holdings, holdings sent as lists grouped by library, one
        transaction per batch, all or nothing: on any failure what the load wrote is deleted
        again (in batches), and the error raised.

        ``endpoint``: a :class:`~graphsvc.store.arcadedb_batch.BatchEndpoint` of the embedded
        server; serials, ISSNs and holdings then go through ArcadeDB's batch endpoint (about
        15 times faster than Cypher over Bolt). Raises :class:`StoreError` when the database
        already holds libraries. ``progress(step, rows)`` is called after each batch.
        """
        if not self.is_empty():
            msg = "bulk_load needs an empty database; use import_network to update one"
            raise StoreError(msg)
        census = self.census()
        fresh = [label for label in LOADED_LABELS if not census.get(f":{label}")]
        try:
            self._bulk_load(network, batch, endpoint, progress)
        except BaseException as exc:
            self._delete_loaded(fresh, batch, exc)
            raise
        return _counted(network)

    def _bulk_load(self, network: Network, batch: int, endpoint, progress) -> None:
        small = Network(regions=network.regions, libraries=network.libraries,
                        groups=network.groups)
        for name, rows in _import_steps(small):
            self._commit_batches(name, rows, batch, progress)
        if endpoint is not None:
            self._batch_serials(endpoint, network.serials, progress)
        else:
            self._commit_batches("import/create_serials",
                                 [{"props": records.serial_props(s)} for s in network.serials],
                                 batch, progress)
            self._commit_batches("import/create_issns", _issn_rows(network.serials), batch,
                                 progress)
        links = [row for name, rows in _import_steps(Network(serials=network.serials))
                 if name == "import/link_title_changes" for row in rows]
        self._commit_batches("import/link_title_changes", links, batch, progress)
        if endpoint is not None:
            self._batch_holdings(endpoint, network.holdings, batch * 5, progress)
        else:
            listed, mapped = _bulk_holding_rows(network.holdings)
            self._commit_grouped("import/create_holdings", listed, batch, progress)
            self._commit_batches("import/create_holdings_props", mapped, batch, progress)
        for name, rows in _routing_steps(network.routing_tables):
            self._commit_batches(name, rows, batch, progress)
        self.write(lambda tx: None)  # one version bump for the whole load

    def _delete_loaded(self, labels: list[str], batch: int, failure: BaseException) -> None:
        """Delete the nodes of ``labels`` (none had any before the load) and their
        relationships, the holdings first, each batch in its own transaction; then bump the
        version (FULL), so no process keeps a graph of the part that was loaded."""
        try:
            steps = [("import/delete_loaded_holdings", {})] if "Library" in labels else []
            for name, params in [*steps, ("import/delete_loaded_nodes", {"labels": labels})]:
                while self._delete_batch(name, batch, params):
                    pass
            self.write(lambda tx: None)
        except Exception as exc:  # the load's own error is the one to raise
            _log.error("a failed bulk load could not be deleted: %s: %s",
                       type(exc).__name__, exc)
            failure.add_note("what the load wrote could not all be deleted: empty the "
                             "database before importing again")

    def _delete_batch(self, name: str, batch: int, params: dict) -> int:
        def unit(tx):
            rows = self.run(tx, name, batch=batch, **params)
            return rows[0]["deleted"] if rows else 0

        return self.execute_write(unit)

    def import_differences(self, diff: Differences, *, batch: int = 20_000,
                           progress: Callable[[str, int], None] | None = None,
                           atomic: bool = False, expected: int | None = None
                           ) -> dict[str, int]:
        """Write the differences of a bundle to a stored network in bounded transactions,
        all or nothing.

        Each transaction writes at most ``batch`` records of one kind and logs its change
        (readers catch up batch by batch). Each checks first that the network version is
        the one the previous batch made: a write of someone else in between, or any
        failure, stops the import and undoes what it wrote (``diff.undo``), then raises.
        ``atomic``: one transaction instead (a bundle over HTTP), logging the change of each
        batch all the same. ``expected``: the version the differences were computed at
        (default: the version now); another, and :class:`Conflict` is raised.
        """
        expected = self.version() if expected is None else expected
        if atomic:
            self._write_at_once(list(_difference_steps(diff.changes, batch)), expected,
                                progress)
            return _counted(diff.changes)
        written: list[NetworkChange] = []
        try:
            for queries, change, rows in _difference_steps(diff.changes, batch):
                expected = self._guarded_write(queries, change, expected)
                written.append(change)
                if progress:
                    progress(change.kind, rows)
        except Exception:
            if written:  # put back only what was written: the rest may be another writer's
                self._undo(_written_part(diff.undo, written), batch)
            raise
        return _counted(diff.changes)

    def _write_at_once(self, steps: list, expected: int, progress) -> None:
        """Every step of :func:`_difference_steps` in one version-guarded transaction (old
        routing links deleted first, as :func:`_import_steps` does), each change logged."""
        if not steps:
            return
        queries = [q for step, _, _ in steps for q in step]
        queries.sort(key=lambda q: q[0] != "routing/delete_routing_links")
        self._guarded_write(queries, [change for _, change, _ in steps], expected)
        for _, change, rows in steps if progress else ():
            progress(change.kind, rows)

    def stored_records(self, network: Network) -> Network:
        """The stored records of what ``network`` names, to judge its import against
        (:func:`~graphsvc.io.differences.network_differences`): every region; its libraries,
        groups and serials; the holdings and routing table (empty if none) of each library
        it has holdings or a table for."""
        libs = self.read("network/libraries_by_id",
                         libids=sorted({lib.libid for lib in network.libraries}))
        groups = self.read("network/groups_by_code", codes=sorted({g.code for g in network.groups}))
        serials = self.read("network/serials_by_uid",
                            nlm_uids=sorted({s.nlm_uid for s in network.serials}))
        tabled = sorted({t.libid for t in network.routing_tables})
        tables = {t.libid: t for t in _routing_tables(
            self.read("network/routing_links_of", libids=tabled))}
        return Network(
            self.regions(), tuple(records.library_from(r["props"]) for r in libs),
            tuple(records.group_from(r["props"], r["members"]) for r in groups),
            tuple(records.serial_from(r["props"]) for r in serials),
            tuple(self._holdings_by_page(sorted({h.libid for h in network.holdings}))),
            tuple(tables.get(libid, RoutingTable(libid)) for libid in tabled))

    def _guarded_write(self, queries, change: NetworkChange, expected: int) -> int:
        def work(tx):
            found = self.run(tx, "network/version")[0]["version"] or 0
            if found != expected:
                msg = (f"the network changed during the import (version {found}, expected "
                       f"{expected}); what the import wrote was undone")
                raise Conflict(msg)
            for name, rows in queries:
                self.run_batched(tx, name, rows)

        self.write(work, change)
        return self.last_written

    def _undo(self, undo: Undo, batch: int) -> None:
        """Put back what an import wrote (every step is harmless if it had not been)."""
        keys = [{"libid": k[0], "nlm_uid": k[1], "format": k[2]} for k in undo.new_holdings]
        for start in range(0, len(keys), batch):
            libids = tuple(sorted({r["libid"] for r in keys[start:start + batch]}))
            self.write(lambda tx, c=keys[start:start + batch]: self.run_batched(
                tx, "holdings/delete_holdings", c), NetworkChange("HOLDINGS", libids))
        emptied = Network(routing_tables=tuple(RoutingTable(t) for t in undo.new_tables))
        for restore in (emptied, undo.restore):
            for queries, change, _ in _difference_steps(restore, batch):
                self.write(lambda tx, q=queries: [self.run_batched(tx, n, r) for n, r in q],
                           change)
        for name, created in (("import/delete_libraries", undo.new_libraries),
                              ("import/delete_groups", undo.new_groups),
                              ("import/delete_serials", undo.new_serials)):
            if created:
                self.write(lambda tx, n=name, c=created: self.run_batched(
                    tx, n, [{"key": k} for k in c]))

    def _batch_serials(self, endpoint, serials: tuple[Serial, ...], progress) -> None:
        """Serials, their ISSN nodes and IDENTIFIES links in one batch call (an ISSN node
        is shared by every serial naming it, so they cannot be split)."""
        self.write(lambda tx: self.run(tx, "import/edge_types"))
        lines = [{"@type": "vertex", "@class": "Serial", "@id": f"s{s.nlm_uid}",
                  **records.serial_props(s)} for s in serials]
        issns = _issn_rows(serials)
        lines += [{"@type": "vertex", "@class": "Issn", "@id": f"i{code}", "code": code}
                  for code, _ in issns]
        lines += [{"@type": "edge", "@class": "IDENTIFIES", "@from": f"i{code}",
                   "@to": f"s{uid}"} for code, uids in issns for uid in uids]
        endpoint.post(lines)
        if progress:
            progress("batch/serials", len(serials))

    def _batch_holdings(self, endpoint, holdings: tuple[Holding, ...], batch: int,
                        progress) -> None:
        ids = {(r["kind"], r["key"]): r["id"] for r in self.read("import/element_ids")}
        lines = []
        for h in holdings:
            lines.append({"@type": "edge", "@class": "HOLDS", "@from": ids["library", h.libid],
                          "@to": ids["serial", h.nlm_uid], **records.holding_props(h)})
            if len(lines) >= batch:
                endpoint.post(lines)
                if progress:
                    progress("batch/holdings", len(lines))
                lines = []
        if lines:
            endpoint.post(lines)
            if progress:
                progress("batch/holdings", len(lines))

    def _commit_batches(self, name: str, rows: list, batch: int, progress) -> None:
        for start in range(0, len(rows), batch):
            chunk = rows[start:start + batch]
            with self._translated(), self.driver.session(database=self.database) as session:
                session.execute_write(
                    lambda tx, c=chunk: tx.run(QUERIES[name], {"rows": c}).consume())
            if progress:
                progress(name, len(chunk))

    def _commit_grouped(self, name: str, groups: list[list], batch: int, progress) -> None:
        """Batches of ``[key, rows]`` groups holding about ``batch`` rows each."""
        chunk, size = [], 0
        for key, rows in groups:
            for start in range(0, len(rows), batch):
                chunk.append([key, rows[start:start + batch]])
                size += len(chunk[-1][1])
                if size >= batch:
                    self._commit_batches(name, chunk, len(chunk), progress)
                    chunk, size = [], 0
        if chunk:
            self._commit_batches(name, chunk, len(chunk), progress)

    def rewrite_libraries(self, libraries: Iterable[Library],
                          holdings: Mapping[str, Iterable[Holding]]) -> dict[str, int]:
        """Write library records and replace the holdings of every LIBID of ``holdings``, in
        one transaction (a merge or a closure: all or nothing). ``{libid: holdings written}``."""
        rows = [_library_row(lib) for lib in libraries]

        def work(tx):
            self.run_batched(tx, "import/merge_libraries", rows)
            return {libid: self._replace_holdings_tx(tx, libid, held)[1]
                    for libid, held in holdings.items()}

        libids = tuple(sorted({r["libid"] for r in rows}))
        return self.write(work, [NetworkChange("LIBRARY", libids),
                                 NetworkChange("HOLDINGS", tuple(sorted(holdings)))])

    def replace_routing_table(self, table: RoutingTable) -> None:
        """Replace a library's routing table, do-not-route list and manual map atomically
        (a routing-table write of the same library committed meanwhile: it runs again)."""
        steps = _routing_steps([table])

        def work(tx) -> int:
            at = self.run(tx, "network/version")[0]["version"] or 0
            for name, rows in steps:
                self.run_batched(tx, name, rows)
            return at

        self.write(work, NetworkChange("ROUTING_TABLE", (table.libid,)),
                   check=lambda tx, at, version: self._not_overtaken(
                       tx, table.libid, at, version, unrelated=TABLE_UNRELATED,
                       what="routing table"))

    def upsert_library(self, library: Library, *, updated: dt.date | None = None) -> None:
        """Create or replace a library's record; ``updated`` is the day recorded as the
        record's last update (default today)."""
        self.write(lambda tx: self.run_batched(tx, "import/merge_libraries",
                                               [_library_row(library, updated)]),
                   NetworkChange("LIBRARY", (library.libid,)))

    def record_updates(self) -> dict[str, dt.date | None]:
        """LIBID -> the day each library's record was last written (``None``: before the
        service kept it)."""
        return {r["libid"]: dt.date.fromisoformat(r["updated"]) if r["updated"] else None
                for r in self.read("libraries/record_updates")}

    # --- reads ----------------------------------------------------------------------------

    def serial_for_issn(self, issn: str) -> str | None:
        found = self.serials_for_issn(issn)
        return found[0] if found else None

    def serials_for_issn(self, issn: str) -> list[str]:
        code = records.normalize_issn(issn)
        return sorted(r["nlm_uid"] for r in self.read("routing/serial_by_issn", issn=code)) \
            if code else []

    def serial_titles(self) -> list[tuple[str, str]]:
        return [(r["nlm_uid"], r["title"] or "") for r in self.read("routing/serial_titles")]

    def serials_by_issn(self, issns: Iterable[str]) -> dict[str, list[Serial]]:
        """The stored serials each ISSN identifies (keys normalised, ``"0028-4793"``)."""
        codes = sorted({c for c in (records.normalize_issn(i) for i in issns) if c})
        found: dict[str, list[Serial]] = {}
        for start in range(0, len(codes), BATCH):
            for r in self.read("catalog/serials_by_issn", codes=codes[start:start + BATCH]):
                found.setdefault(r["issn"], []).append(records.serial_from(r["props"]))
        return found

    def serial_abbreviations(self) -> list[tuple[str, str]]:
        return [(r["nlm_uid"], r[key]) for r in self.read("routing/serial_titles")
                for key in ("med_abbr", "iso_abbr") if r[key]]

    def libraries(self, *, state=None, states=None, type=None, group=None) -> list[dict]:
        rows = self.read("libraries/list", state=state, states=states, type=type, group=group)
        return [{"library": records.library_from(r["props"]), "groups": sorted(r["groups"])}
                for r in rows]

    def library(self, libid: str) -> dict | None:
        rows = self.read("libraries/one", libid=libid)
        if not rows:
            return None
        r = rows[0]
        return {"library": records.library_from(r["props"]), "groups": sorted(r["groups"]),
                "holdings": r["holdings"]}

    def holdings(self, libid: str) -> tuple[list[Holding], dict[str, Serial]]:
        rows = self.read("holdings/library_holdings", libid=libid)
        return ([records.holding_from(libid, r["nlm_uid"], r["props"]) for r in rows],
                {r["nlm_uid"]: records.serial_from(r["serial"]) for r in rows})

    def routing_graph(self, borrower: str, nlm_uid: str | None, *,
                      extra: Iterable[str] = ()) -> nx.MultiDiGraph:
        """The neighbourhood of one routing request as a network graph (complete=False)."""
        row = self.read("routing/neighbourhood", borrower=borrower, nlm_uid=nlm_uid,
                        extra=list(extra))[0]
        return _neighbourhood_graph(row, self.regions())

    def regions(self) -> tuple[Region, ...]:
        rows = self.read("network/all_regions")
        return tuple(Region(r["code"], r["name"] or "", tuple(sorted(r["states"])), r["rml"])
                     for r in rows)

    def export_network(self) -> Network:
        """The whole network as a bundle."""
        libs, grps = self._libraries_and_groups()
        sers = tuple(records.serial_from(r["props"]) for r in self.read("network/all_serials"))
        holds = tuple(sorted(self._holdings_by_page(sorted(lib.libid for lib in libs)),
                             key=lambda h: (h.libid, h.nlm_uid, h.format)))
        tables = _routing_tables(self.read("network/all_routing_links"))
        return Network(self.regions(), libs, grps, sers, holds, tables)

    def load_network(self, version: int | None = None) -> nx.MultiDiGraph:
        """The whole network graph at ``version``; holdings are read page by page (the next
        page read while one is encoded) straight into its compact holdings table (no
        :class:`Holding` made), with the cyclic collector paused meanwhile."""
        with collector_paused():
            libs, grps = self._libraries_and_groups()
            sers = tuple(records.serial_from(r["props"])
                         for r in self.read("network/all_serials"))
            tables = _routing_tables(self.read("network/all_routing_links"))
            G = build_network(Network(self.regions(), libs, grps, sers, (), tables),
                              version=version)
            pages = self._pages_ahead("network/holdings_page",
                                      sorted(lib.libid for lib in libs), HOLDINGS_PAGE)
            add_holdings(G, HoldingsTable.of_fields(map(records.holding_fields, pages)))
        return G

    def libraries_network(self) -> nx.MultiDiGraph:
        """Regions, libraries and groups only, as a graph (``complete=False``)."""
        return build_network(Network(self.regions(), *self._libraries_and_groups()),
                             complete=False)

    def _libraries_and_groups(self) -> tuple[tuple[Library, ...], tuple[Group, ...]]:
        libs = tuple(records.library_from(r["props"]) for r in self.read("network/all_libraries"))
        grps = tuple(records.group_from(r["props"], r["members"])
                     for r in self.read("network/all_groups"))
        return libs, grps

    def _holdings_by_page(self, libids: list[str], page: int = HOLDINGS_PAGE
                          ) -> Iterator[Holding]:
        for start in range(0, len(libids), page):
            for r in self.read("network/holdings_page", libids=libids[start:start + page]):
                yield from (records.holding_from_row(r["libid"], row) for row in r["holdings"])

    def _pages_ahead(self, name: str, libids: list[str], page: int,
                     ahead: int = PAGES_AHEAD) -> Iterator[list[neo4j.Record]]:
        """The records of query ``name`` for ``libids``, ``page`` LIBIDs a query, in order;
        ``ahead`` queries run in threads of their own while the caller works on a page."""
        with ThreadPoolExecutor(ahead, thread_name_prefix="graphsvc-page") as pool:
            running: deque[Future] = deque()
            for start in range(0, len(libids), page):
                running.append(pool.submit(self.read, name, libids=libids[start:start + page]))
                if len(running) > ahead:
                    yield running.popleft().result()
            while running:
                yield running.popleft().result()

    def network_ready(self, *, max_age: float = 1.0) -> nx.MultiDiGraph | None:
        """The whole network graph if this process holds it, else ``None`` (and load it in
        the background); see :meth:`NetworkCache.ready` for how fresh it is."""
        return self.network_cache.ready(max_age=max_age)

    def network(self, *, max_age: float = 0.0) -> nx.MultiDiGraph:
        """The whole network graph, brought up to date when the network version changed.

        ``max_age``: seconds a checked version stays trusted before it is read again.
        """
        return self.network_cache.get(max_age=max_age)

    def catch_up(self, G: nx.MultiDiGraph, since: int) -> bool:
        """Bring ``G`` (the whole network at version ``since``) up to date in place by
        applying the logged changes after ``since``, re-reading only the parts they name.

        Returns ``False`` (``G`` unchanged) when the change log does not reach back to
        ``since``, holds too many changes, or one of them needs a full reload.
        """
        rows = self.read("network/changes_since", version=since, limit=CATCH_UP_LIMIT + 1)
        versions = [r["version"] for r in rows]
        if not rows or versions != list(range(since + 1, since + 1 + len(rows))) \
                or len(rows) > CATCH_UP_LIMIT:
            return False
        parts = changed_parts(NetworkChange(
            r["kind"], tuple(r["libids"] or ()), tuple(r["nlm_uids"] or ()),
            tuple(r["groups"] or ())) for r in rows)
        if parts is None:
            return False
        G.graph.setdefault("serials_version", since)
        G.graph.setdefault("links_version", since)
        self._patch(G, parts)
        G.graph["version"] = versions[-1]
        return True

    def _patch(self, G: nx.MultiDiGraph, parts) -> None:
        if parts.serials:
            rows = self.read("network/serials_by_uid", nlm_uids=sorted(parts.serials))
            patch.replace_serials(G, [records.serial_from(r["props"]) for r in rows])
            G.graph["serials_version"] = object()  # a new ISSN index
        if parts.libraries or parts.groups or parts.tables:
            G.graph["links_version"] = object()  # new group member sets
        for libid in sorted(parts.libraries):
            found = self.library(libid)
            patch.replace_library(G, libid, found and found["library"],
                                  found["groups"] if found else ())
        if parts.groups:
            rows = self.read("network/groups_by_code", codes=sorted(parts.groups))
            found = {r["props"]["code"]: records.group_from(r["props"], r["members"])
                     for r in rows}
            for code in sorted(parts.groups):
                patch.replace_group(G, code, found.get(code))
        self.patch_changed_holdings(G, parts)
        if parts.tables:
            rows = self.read("network/routing_links_of", libids=sorted(parts.tables))
            tables = {t.libid: t for t in _routing_tables(rows)}
            for libid in sorted(parts.tables):
                patch.replace_routing_table(G, tables.get(libid, RoutingTable(libid)))


def _changes(change: NetworkChange | Sequence[NetworkChange]) -> list[NetworkChange]:
    return [change] if isinstance(change, NetworkChange) else list(change)


# --- rows for the import queries ------------------------------------------------------------

def _library_row(lib: Library, updated: dt.date | None = None) -> dict:
    """The merge_libraries row of ``lib``; its ``record_updated`` is ``updated`` or today."""
    props = {**records.library_props(lib),
             "record_updated": (updated or dt.date.today()).isoformat()}
    return {"libid": lib.libid, "state": lib.state, "props": props}


def _serial_row(serial: Serial) -> dict:
    issns = [c for c in (records.normalize_issn(i) for i in serial.issns) if c]
    return {"nlm_uid": serial.nlm_uid, "props": records.serial_props(serial), "issns": issns}


def _holding_row(h: Holding) -> dict:
    return {"libid": h.libid, "nlm_uid": h.nlm_uid, "format": h.format,
            "props": records.holding_props(h)}


_HOLDING_KEYS = ("format", "bv", "ev", "by", "ey", "currently_received", "embargo_months",
                 "last_modified", "retention_policy", "limited_retention_period",
                 "limited_retention_type", "has_epub_ahead_of_print", "has_supplements",
                 "ignore_warnings", "embargo_years", "issns_as_written")


def _bulk_holding_rows(holdings: Iterable[Holding]) -> tuple[list[list], list[dict]]:
    """``([libid, [[nlm_uid, *props in _HOLDING_KEYS order], ...]], ...)`` for holdings with
    every property, and property-map rows for the others (Neo4j stores no nulls)."""
    by_library: dict[str, list[list]] = {}
    mapped = []
    for h in holdings:
        props = records.holding_props(h)
        if len(props) == len(_HOLDING_KEYS):
            by_library.setdefault(h.libid, []).append(
                [h.nlm_uid, *(props[k] for k in _HOLDING_KEYS)])
        else:
            mapped.append(_holding_row(h))
    return [[libid, rows] for libid, rows in by_library.items()], mapped


def _issn_rows(serials: Iterable[Serial]) -> list[list]:
    """``[code, [nlm_uid, ...]]`` per distinct normalised ISSN."""
    by_code: dict[str, list[str]] = {}
    for s in serials:
        for code in dict.fromkeys(_serial_row(s)["issns"]):
            by_code.setdefault(code, []).append(s.nlm_uid)
    return [[code, uids] for code, uids in by_code.items()]


def _serial_steps(serials: Iterable[Serial]) -> Iterator[tuple[str, list[dict]]]:
    """Serials and exactly their ISSNs: the links a row no longer names go first; then the
    title changes (CONTINUES) neither end states any more."""
    rows = [_serial_row(s) for s in serials]
    yield "import/unlink_dropped_issns", rows
    yield "import/merge_serials", rows
    yield "import/unlink_title_changes", rows


def _import_steps(network: Network) -> Iterator[tuple[str, list[dict]]]:
    routing = _routing_steps(network.routing_tables)
    # The old routing links go first: ArcadeDB misses some edges of a library whose node was
    # rewritten earlier in the same transaction, and re-imports then duplicated them.
    yield routing[0]
    yield "import/merge_regions", [
        {"code": r.code, "states": list(r.states),
         "props": {k: v for k, v in {"code": r.code, "name": r.name, "rml": r.rml}.items()
                   if v is not None}} for r in network.regions]
    yield "import/merge_libraries", [_library_row(lib) for lib in network.libraries]
    yield "import/merge_groups", [
        {"code": g.code, "props": records.group_props(g), "members": list(g.members)}
        for g in network.groups]
    yield from _serial_steps(network.serials)
    yield "import/link_title_changes", [
        {"later": s.nlm_uid, "earlier": s.continues} for s in network.serials if s.continues] + [
        {"later": s.continued_by, "earlier": s.nlm_uid}
        for s in network.serials if s.continued_by]
    yield "import/merge_holdings", [_holding_row(h) for h in network.holdings]
    yield from routing[1:]


def _written_part(undo: Undo, written: list[NetworkChange]) -> Undo:
    """The part of ``undo`` for the records the ``written`` changes name."""
    def keys(kind: str, field: str = "libids") -> set[str]:
        return {k for c in written if c.kind == kind for k in getattr(c, field)}

    return undo.only(regions=any(c.kind == "FULL" for c in written), libraries=keys("LIBRARY"),
                     groups=keys("GROUP", "groups"), serials=keys("SERIALS", "nlm_uids"),
                     holders=keys("HOLDINGS"), tables=keys("ROUTING_TABLE"))


def _counted(net: Network) -> dict[str, int]:
    """Records per section of a bundle."""
    return {"regions": len(net.regions), "libraries": len(net.libraries),
            "groups": len(net.groups), "serials": len(net.serials),
            "holdings": len(net.holdings), "routing_tables": len(net.routing_tables)}


def _difference_steps(net: Network, batch: int
                      ) -> Iterator[tuple[list[tuple[str, list]], NetworkChange, int]]:
    """``(queries, change, records)`` per bounded transaction writing ``net``'s records."""
    def chunks(items, size=batch):
        return (items[i:i + size] for i in range(0, len(items), size))

    def steps(part: Network) -> list[tuple[str, list]]:
        return [(name, rows) for name, rows in _import_steps(part) if rows]

    if net.regions:
        yield steps(Network(regions=net.regions)), FULL_CHANGE, len(net.regions)
    for chunk in chunks(net.libraries):
        yield steps(Network(libraries=chunk)), NetworkChange(
            "LIBRARY", tuple(lib.libid for lib in chunk)), len(chunk)
    for chunk in chunks(net.groups):
        yield steps(Network(groups=chunk)), NetworkChange(
            "GROUP", groups=tuple(g.code for g in chunk)), len(chunk)
    for chunk in chunks(net.serials):
        queries = list(_serial_steps(chunk))
        yield queries, NetworkChange("SERIALS", nlm_uids=tuple(s.nlm_uid for s in chunk)), \
            len(chunk)
    links = [q for q in steps(Network(serials=net.serials))
             if q[0] == "import/link_title_changes"]
    if links:
        uids = tuple(sorted({r[k] for r in links[0][1] for k in ("later", "earlier")}))
        yield links, NetworkChange("SERIALS", nlm_uids=uids), 0
    for chunk in chunks(net.holdings):
        yield [("import/merge_holdings", [_holding_row(h) for h in chunk])], NetworkChange(
            "HOLDINGS", tuple(sorted({h.libid for h in chunk}))), len(chunk)
    for chunk in chunks(net.routing_tables, max(1, batch // 100)):
        yield _routing_steps(chunk), NetworkChange(
            "ROUTING_TABLE", tuple(t.libid for t in chunk)), len(chunk)


def _routing_steps(tables: Iterable[RoutingTable]) -> list[tuple[str, list[dict]]]:
    tables = list(tables)
    lib_routes, group_routes, dnr, manual = [], [], [], []
    for t in tables:
        for cell, entries in t.cells.items():
            for position, entry in enumerate(entries):
                row = {"libid": t.libid, "entry": entry, "cell": int(cell), "position": position}
                (lib_routes if _is_libid(entry) else group_routes).append(row)
        dnr += [{"libid": t.libid, "entry": e} for e in t.do_not_route]
        manual += [{"libid": t.libid, "entry": e, "row": i}
                   for i, e in enumerate(t.manual_map, start=1)]
    return [("routing/delete_routing_links", [{"libid": t.libid} for t in tables]),
            ("routing/create_library_routes", lib_routes),
            ("routing/create_group_routes", group_routes),
            ("routing/create_do_not_route", dnr), ("routing/create_manual_rows", manual)]


def _scrubbed(kind: type, message: str, exc: Exception) -> Exception:
    """``kind(message)``; the driver's own words (which name addresses, pages, files and
    Cypher) are logged, never shown to a client."""
    _log.warning("%s: %s: %s", message, type(exc).__name__, exc)
    return kind(message)


def _worth_retrying(exc: Exception) -> bool:
    return isinstance(exc, StoreBusy) or isinstance(exc.__cause__, neo4j_errors.ConstraintError)


def _is_libid(entry: str) -> bool:
    return len(entry) == 6 and entry.isalpha() and entry[2] in "UCX"


# --- reading rows back into graphs ----------------------------------------------------------

def _routing_tables(rows) -> tuple[RoutingTable, ...]:
    cells: dict[str, dict[int, list]] = {}
    dnr: dict[str, list[str]] = {}
    manual: dict[str, list] = {}
    for r in rows:
        if r["kind"] == "ROUTES_TO":
            cells.setdefault(r["libid"], {}).setdefault(r["cell"], []).append(
                (r["position"], r["target"]))
        elif r["kind"] == "DO_NOT_ROUTE":
            dnr.setdefault(r["libid"], []).append(r["target"])
        else:
            manual.setdefault(r["libid"], []).append((r["row"], r["target"]))
    libids = sorted(set(cells) | set(dnr) | set(manual))
    return tuple(RoutingTable(
        libid,
        {c: tuple(e for _, e in sorted(v)) for c, v in sorted(cells.get(libid, {}).items())},
        tuple(sorted(dnr.get(libid, ()))),
        tuple(e for _, e in sorted(manual.get(libid, ())))) for libid in libids)


def _neighbourhood_graph(row, regions: tuple[Region, ...]) -> nx.MultiDiGraph:
    libs = {p["libid"]: records.library_from(p) for p in row["libraries"] if p}
    if row["borrower"]:
        libs[row["borrower"]["libid"]] = records.library_from(row["borrower"])
    groups: dict[str, dict] = {}
    for m in row["memberships"]:
        if m["group"]:
            g = groups.setdefault(m["group"], {**m, "members": []})
            g["members"].append(m["member"])
    links = [link for link in row["links"] if link["kind"]]
    borrower = row["borrower"]["libid"] if row["borrower"] else None
    network = Network(
        regions=regions, libraries=tuple(libs.values()),
        groups=tuple(Group(c, g["name"] or "", g["kind"] or "LIBRARY_GROUP",
                           tuple(g["members"]), tuple(g["serves_states"] or ()))
                     for c, g in groups.items()),
        serials=tuple(records.serial_from(p) for p in row["serials"] if p),
        holdings=tuple(records.holding_from(h["libid"], h["nlm_uid"], h["props"])
                       for h in row["holdings"] if h["libid"]),
        routing_tables=_routing_tables([{**link, "libid": borrower} for link in links])
        if borrower else ())
    G = build_network(network, complete=False)
    G.graph["version"] = row["version"] or 0
    return G


def delete_everything(store: Neo4jStore) -> None:
    """Empty the database (tests and ``graphsvc db reset``)."""
    store.write(lambda tx: store.run(tx, "admin/delete_everything"))
    store.network_cache.clear()
