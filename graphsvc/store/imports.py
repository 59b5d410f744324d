"""Importing a bundle into a stored network: whole, or by its differences with undo (mixed
into :class:`~graphsvc.store.neo4j.Neo4jStore`)."""

from __future__ import annotations

from collections.abc import Callable

from graphsvc.changes import NetworkChange
from graphsvc.errors import Conflict
from graphsvc.io.differences import Differences, Undo
from graphsvc.model import Network, RoutingTable
from graphsvc.store import records
from graphsvc.store.import_rows import (BATCH, counted, difference_steps, import_steps,
                                        written_part)
from graphsvc.store.network_read import routing_tables


class ImportStore:
    """Bundle imports: :meth:`import_network` and :meth:`import_differences`."""

    def import_network(self, network: Network, *, atomic: bool = True,
                       progress: Callable[[str, int], None] | None = None) -> dict[str, int]:
        """Create or update every record of a bundle in one transaction.

        Routing tables, do-not-route lists and manual maps of the bundle's tables replace
        the stored ones; group membership is replaced; holdings are created or replaced per
        library, title and format. ``atomic=False`` commits batch by batch (bulk loads into
        an empty database only). ``progress(step, rows)`` is called after each step.
        """
        steps = list(import_steps(network))

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
        return counted(network)

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
            self._write_at_once(list(difference_steps(diff.changes, batch)), expected,
                                progress)
            return counted(diff.changes)
        written: list[NetworkChange] = []
        try:
            for queries, change, rows in difference_steps(diff.changes, batch):
                expected = self._guarded_write(queries, change, expected)
                written.append(change)
                if progress:
                    progress(change.kind, rows)
        except Exception:
            if written:  # put back only what was written: the rest may be another writer's
                self._undo(written_part(diff.undo, written), batch)
            raise
        return counted(diff.changes)

    def _write_at_once(self, steps: list, expected: int, progress) -> None:
        """Every step of :func:`difference_steps` in one version-guarded transaction (old
        routing links deleted first, as :func:`import_steps` does), each change logged."""
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
        tables = {t.libid: t for t in routing_tables(
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
            for queries, change, _ in difference_steps(restore, batch):
                self.write(lambda tx, q=queries: [self.run_batched(tx, n, r) for n, r in q],
                           change)
        for name, created in (("import/delete_libraries", undo.new_libraries),
                              ("import/delete_groups", undo.new_groups),
                              ("import/delete_serials", undo.new_serials)):
            if created:
                self.write(lambda tx, n=name, c=created: self.run_batched(
                    tx, n, [{"key": k} for k in c]))
