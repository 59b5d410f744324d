"""Loading a whole bundle into an empty database, fast and all or nothing (mixed into
:class:`~graphsvc.store.neo4j.Neo4jStore`)."""

from __future__ import annotations

import logging
from collections.abc import Callable

from graphsvc.errors import StoreError
from graphsvc.model import Holding, Network, Serial
from graphsvc.store import records
from graphsvc.store.cypher import QUERIES
from graphsvc.store.import_rows import (bulk_holding_rows, counted, import_steps, issn_rows,
                                        routing_steps)

LOADED_LABELS = ("Region", "State", "Library", "Group", "Serial", "Issn")  # what bulk_load writes
_log = logging.getLogger("graphsvc.store")


class BulkLoadStore:
    """:meth:`bulk_load`, with Cypher batches or the embedded server's batch endpoint."""

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
        return counted(network)

    def _bulk_load(self, network: Network, batch: int, endpoint, progress) -> None:
        small = Network(regions=network.regions, libraries=network.libraries,
                        groups=network.groups)
        for name, rows in import_steps(small):
            self._commit_batches(name, rows, batch, progress)
        if endpoint is not None:
            self._batch_serials(endpoint, network.serials, progress)
        else:
            self._commit_batches("import/create_serials",
                                 [{"props": records.serial_props(s)} for s in network.serials],
                                 batch, progress)
            self._commit_batches("import/create_issns", issn_rows(network.serials), batch,
                                 progress)
        links = [row for name, rows in import_steps(Network(serials=network.serials))
                 if name == "import/link_title_changes" for row in rows]
        self._commit_batches("import/link_title_changes", links, batch, progress)
        if endpoint is not None:
            self._batch_holdings(endpoint, network.holdings, batch * 5, progress)
        else:
            listed, mapped = bulk_holding_rows(network.holdings)
            self._commit_grouped("import/create_holdings", listed, batch, progress)
            self._commit_batches("import/create_holdings_props", mapped, batch, progress)
        for name, rows in routing_steps(network.routing_tables):
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

    def _batch_serials(self, endpoint, serials: tuple[Serial, ...], progress) -> None:
        """Serials, their ISSN nodes and IDENTIFIES links in one batch call (an ISSN node
        is shared by every serial naming it, so they cannot be split)."""
        self.write(lambda tx: self.run(tx, "import/edge_types"))
        lines = [{"@type": "vertex", "@class": "Serial", "@id": f"s{s.nlm_uid}",
                  **records.serial_props(s)} for s in serials]
        issns = issn_rows(serials)
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
