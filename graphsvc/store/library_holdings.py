"""A library's holdings: replaced by their differences, and read back by what changed (mixed
into :class:`~graphsvc.store.neo4j.Neo4jStore`).

A daily upload changes a few of a library's holdings. :meth:`replace_holdings` compares them
with the stored ones (those of this process's graph when it is at the database's version,
else read as rows: a list per holding is several times cheaper to receive than a map),
writes only the differences and logs the titles they touch (a ``TITLE_HOLDINGS`` change), so
a process holding the network re-reads those titles only (:meth:`patch_holdings`); the
writing process puts what it wrote in its own graph without reading it back. A change of
more than :data:`DIFFERENCE_LIMIT` holdings (or a tenth of the library's) replaces them all
and logs the library (``HOLDINGS``): a reader re-reads it whole.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import networkx as nx

from graphsvc import audit
from graphsvc import changes as patch
from graphsvc.changes import ChangedParts, NetworkChange
from graphsvc.errors import StoreBusy
from graphsvc.model import Holding
from graphsvc.network import holdings_of, holdings_table
from graphsvc.store import records
from graphsvc.store.import_rows import BATCH
#: An upload changing at most this many holdings (or a tenth of the library's) writes only
#: those; a larger change replaces them all (fewer, bigger queries).
DIFFERENCE_LIMIT = 500
#: A catch-up re-reads the changed titles of a library when they are at most this many (the
#: query's title filter costs per holding and title), else the library's holdings whole.
TITLES_READ_LIMIT = 50

#: Changes that leave a library's holdings as they were.
UNRELATED = ("ROUTING_TABLE", "GROUP", "SERIALS")

Key = tuple[str, str]  # (nlm_uid, format)


class LibraryHoldingsStore:
    """Writing one library's holdings, and bringing a graph's copy of them up to date."""

    def replace_holdings(self, libid: str, holdings: Iterable[Holding]) -> dict[str, int | bool]:
        """Replace every holding of ``libid`` atomically; serials are never created here
        (a holding of a title the store lacks is not written).

        Only what differs from the stored holdings is written when that is a small part of
        them (a daily upload changes a few titles): the holdings gone or changed are deleted
        and the new or changed ones created; otherwise all are replaced. Holdings equal to the
        stored ones write only the audit record: no new network version, nothing for serving
        processes to catch up (``unchanged``). ``deleted``: holdings deleted."""
        holdings = list(holdings)
        new = {(h.nlm_uid, h.format): h for h in holdings}  # the last one wins, as a MERGE

        def work(tx):
            at = self.run(tx, "network/version")[0]["version"] or 0
            stored = self._stored_holdings(tx, libid, at)
            gone = [key for key, h in stored.items() if not records.stored_alike(new.get(key), h)]
            added = [key for key, h in new.items() if not records.stored_alike(stored.get(key), h)]
            done = {"at": at, "stored": stored, "added": set(added), "unchanged": False}
            if not gone and not added:
                self._record_holdings_write(tx, libid, 0, len(new))
                return {**done, "deleted": 0, "holdings": len(new), "unchanged": True}
            if len(gone) + len(added) > max(DIFFERENCE_LIMIT, len(stored) // 10):
                deleted, written = self._replace_holdings_tx(tx, libid, holdings)
                return {**done, "deleted": deleted, "holdings": written}
            deleted, written = self._write_holding_differences(tx, libid, gone, added, new)
            return {**done, "deleted": deleted, "holdings": written,
                    "titles": sorted({uid for uid, _ in (*gone, *added)})}

        outcome = self.write(work, lambda done: _holdings_change(libid, done),
                             changed=lambda done: not done["unchanged"],
                             apply=lambda G, done: _put_written(G, libid, new, done),
                             check=lambda tx, done, version: self._not_overtaken(
                                 tx, libid, done["at"], version))
        return {key: outcome[key] for key in ("deleted", "holdings", "unchanged")}

    def _stored_holdings(self, tx, libid: str, at: int) -> dict[Key, Holding]:
        """``(nlm_uid, format) -> holding`` of ``libid``'s stored holdings at network version
        ``at``, as the database gives them back (:func:`records.stored_alike` compares them
        with new ones): from this process's graph when it is at that version (no read), else
        read in ``tx``."""
        G = self.network_cache.graph_at(at)
        held = holdings_of(G, libid) if G is not None else None
        if held is None or G.graph.get("version") != at:  # caught up meanwhile
            held = self._holding_rows(libid, tx=tx)
        return {(h.nlm_uid, h.format): h for h in held}

    def _not_overtaken(self, tx, libid: str, at: int, version: int, *,
                       unrelated: tuple[str, ...] = UNRELATED, what: str = "holdings") -> None:
        """Raise :class:`StoreBusy` (the write runs again) when a write logged between
        version ``at``, which this one read, and its own ``version`` changed ``libid`` (a
        change of a kind not ``unrelated`` naming it) or anything (``FULL``). Reads see what
        others committed, statement by statement, so a write that read ``libid``'s state
        before another's commit would otherwise leave a mixture of the two."""
        if version == at + 1:
            return
        between = self.run(tx, "network/changes_since", version=at, limit=version - at - 1)
        if any(r["kind"] not in unrelated and (r["kind"] == "FULL" or libid in (r["libids"] or ()))
               for r in between):
            msg = f"another write changed the {what} of {libid} meanwhile; writing again"
            raise StoreBusy(msg)

    def _holding_rows(self, libid: str, nlm_uids: list[str] | None = None, *,
                      tx=None) -> list[Holding]:
        """``libid``'s stored holdings (of ``nlm_uids`` only, if given), read as rows."""
        if nlm_uids is None:
            name, params = "network/holdings_page", {"libids": [libid]}
        else:
            name, params = "network/title_holdings", {"libid": libid, "nlm_uids": nlm_uids}
        rows = self.run(tx, name, **params) if tx is not None else self.read(name, **params)
        return [records.holding_from_row(libid, row) for r in rows for row in r["holdings"]]

    def _write_holding_differences(self, tx, libid: str, gone: list[Key], added: list[Key],
                                   new: dict[Key, Holding]) -> tuple[int, int]:
        """In ``tx``: delete the holdings ``gone`` and create ``added`` (keys of ``new``)."""
        self.run(tx, "holdings/delete_holdings",
                 rows=[{"libid": libid, "nlm_uid": uid, "format": fmt} for uid, fmt in gone])
        rows = [{"nlm_uid": uid, "props": records.holding_props(new[(uid, fmt)])}
                for uid, fmt in added]
        for start in range(0, len(rows), BATCH):
            self.run(tx, "holdings/create_library_holdings", libid=libid,
                     rows=rows[start:start + BATCH])
        self._record_holdings_write(tx, libid, len(gone), len(new))
        return len(gone), len(new)

    def _replace_holdings_tx(self, tx, libid: str, holdings: Iterable[Holding]
                             ) -> tuple[int, int]:
        """In ``tx``: delete ``libid``'s holdings and create ``holdings``; (deleted, written)."""
        unique = {(h.nlm_uid, h.format): h for h in holdings}  # the last one wins, as a MERGE
        rows = [{"nlm_uid": h.nlm_uid, "props": records.holding_props(h)}
                for h in unique.values()]
        deleted = self.run(tx, "holdings/delete_library_holdings", libid=libid)[0]["deleted"]
        for start in range(0, len(rows), BATCH):
            self.run(tx, "holdings/create_library_holdings", libid=libid,
                     rows=rows[start:start + BATCH])
        self._record_holdings_write(tx, libid, deleted, len(rows))
        return deleted, len(rows)

    def _record_holdings_write(self, tx, libid: str, deleted: int, written: int) -> None:
        at = dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")
        self.run(tx, "holdings/record_write", libid=libid, props={
            **audit.writer(), "at": at, "deleted": deleted, "written": written})

    def patch_changed_holdings(self, G: nx.MultiDiGraph, parts: ChangedParts) -> None:
        """Bring ``G`` up to the stored holdings ``parts`` names: libraries whole, or some
        titles of a library."""
        for libid in sorted(parts.holdings):
            self.patch_holdings(G, libid)
        for libid, titles in sorted(parts.title_holdings.items()):
            if libid not in parts.holdings:
                self.patch_holdings(G, libid, titles)

    def patch_holdings(self, G: nx.MultiDiGraph, libid: str,
                       titles: set[str] | None = None) -> None:
        """Bring ``G``'s holdings of ``libid`` (of ``titles`` only, if given) up to the
        stored ones, re-reading only those (and the serials ``G`` lacks)."""
        whole = titles is None or len(titles) > TITLES_READ_LIMIT
        if whole:
            holdings = self._holding_rows(libid)
            held = {h.nlm_uid for h in holdings}
        else:
            holdings = self._holding_rows(libid, sorted(titles))
            held = holdings_table(G).titles_of(libid) - set(titles) | \
                {h.nlm_uid for h in holdings}
        lacking = sorted(uid for uid in held if not is_serial(G, uid))
        serials = [records.serial_from(r["props"]) for r in
                   self.read("network/serials_by_uid", nlm_uids=lacking)] if lacking else []
        if whole:
            patch.replace_holdings(G, libid, holdings, serials)
        else:
            patch.replace_title_holdings(G, libid, titles, holdings, serials)


def _holdings_change(libid: str, outcome: dict) -> NetworkChange:
    """What a holdings write logs: the titles it changed, or (all replaced) the library."""
    if "titles" in outcome:
        return NetworkChange("TITLE_HOLDINGS", (libid,), tuple(outcome["titles"]))
    return NetworkChange("HOLDINGS", (libid,))


def _put_written(G: nx.MultiDiGraph, libid: str, new: dict[Key, Holding], done: dict) -> None:
    """Put the holdings a write stored (those of serials ``G`` holds: the others were not
    written) in ``G``, as the database gives them back: the stored ones it left as they were
    (``done["stored"]``, not ``done["added"]``), the others read back through their props;
    of the changed titles only when the write names them."""
    stored, added, titles = done["stored"], done["added"], done.get("titles")
    keys = [key for key in new if titles is None or key[0] in titles]
    holdings = [stored[key] if key not in added else
                records.holding_from(libid, key[0], records.holding_props(new[key]))
                for key in keys if is_serial(G, key[0])]
    if titles is None:
        patch.replace_holdings(G, libid, holdings)
    else:
        patch.replace_title_holdings(G, libid, titles, holdings)


def is_serial(G: nx.MultiDiGraph, nlm_uid: str) -> bool:
    """Whether ``G`` holds the serial ``nlm_uid`` (not just a node a holding named)."""
    return G._node.get(nlm_uid, {}).get("kind") == "serial"
