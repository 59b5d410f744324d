"""Records of libraries, serials, regions and routing tables: written one by one and read
back (mixed into :class:`~graphsvc.store.neo4j.Neo4jStore`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from graphsvc.changes import NetworkChange
from graphsvc.model import Holding, Library, Region, RoutingTable, Serial
from graphsvc.network import library_holdings
from graphsvc.store import records
from graphsvc.store.import_rows import BATCH, library_row, routing_steps

#: Changes that leave a library's routing table as it was.
TABLE_UNRELATED = ("HOLDINGS", "TITLE_HOLDINGS", "GROUP", "SERIALS")


class NetworkRecordsStore:
    """Library records, routing tables, serials by ISSN, regions."""

    def rewrite_libraries(self, libraries: Iterable[Library],
                          holdings: Mapping[str, Iterable[Holding]]) -> dict[str, int]:
        """Write library records and replace the holdings of every LIBID of ``holdings``, in
        one transaction (a merge or a closure: all or nothing). ``{libid: holdings written}``."""
        rows = [library_row(lib) for lib in libraries]

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
        steps = routing_steps([table])

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
                                               [library_row(library, updated)]),
                   NetworkChange("LIBRARY", (library.libid,)))

    def record_updates(self) -> dict[str, dt.date | None]:
        """LIBID -> the day each library's record was last written (``None``: before the
        service kept it)."""
        return {r["libid"]: dt.date.fromisoformat(r["updated"]) if r["updated"] else None
                for r in self.read("libraries/record_updates")}


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
        """A library's holdings and the serials they name: from this process's graph when it
        is at the database's version (5,071 holdings: 0.4 s read, a few ms from the graph)."""
        G = self.network_cache.current()
        if G is not None and libid in G:
            return library_holdings(G, libid)
        rows = self.read("holdings/library_holdings", libid=libid)
        return ([records.holding_from(libid, r["nlm_uid"], r["props"]) for r in rows],
                {r["nlm_uid"]: records.serial_from(r["serial"]) for r in rows})

    def regions(self) -> tuple[Region, ...]:
        rows = self.read("network/all_regions")
        return tuple(Region(r["code"], r["name"] or "", tuple(sorted(r["states"])), r["rml"])
                     for r in rows)

