"""The whole network read page by page (holdings of ``page`` libraries per query).

:meth:`Neo4jStore.export_network` reads every holding in one grouped query, which ArcadeDB
refuses at national scale (its 1 GB query heap budget); the benchmark's gunicorn master falls
back to this to load the graph, and says so in the figures.
"""

from __future__ import annotations

from benchmarks.naive import QUERIES
from graphsvc.model import Network
from graphsvc.store import records
from graphsvc.store.neo4j import _routing_tables


def paged_network(store, *, page: int = 100) -> Network:
    libs = tuple(records.library_from(r["props"]) for r in store.read("network/all_libraries"))
    grps = tuple(records.group_from(r["props"], r["members"])
                 for r in store.read("network/all_groups"))
    sers = tuple(records.serial_from(r["props"]) for r in store.read("network/all_serials"))
    libids = sorted(lib.libid for lib in libs)
    holds = []
    for start in range(0, len(libids), page):
        rows = store.driver.execute_query(QUERIES["holdings_page"],
                                          {"libids": libids[start:start + page]},
                                          database_=store.database).records
        holds += (records.holding_from_row(r["libid"], row) for r in rows for row in r["holdings"])
    holds.sort(key=lambda h: (h.libid, h.nlm_uid, h.format))
    tables = _routing_tables(store.read("network/all_routing_links"))
    return Network(store.regions(), libs, grps, sers, tuple(holds), tables)
