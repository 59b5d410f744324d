"""The whole-network read (``Neo4jStore.load_network``): holdings go from Bolt records
straight into the compact table's columns, pages read ahead in threads; the table equals the
one built from the holdings themselves, flags included, with the defaults of a holding whose
properties were not stored."""

from __future__ import annotations

import datetime as dt
import gc
import importlib.util

import pytest

from graphsvc.holdings import has_access_window, is_level_2
from graphsvc.holdings_columns import LEVEL_2, WINDOW
from graphsvc.holdings_table import HoldingsTable
from graphsvc.model import Holding, Library, Network, Range, Serial
from graphsvc.network import canonical, holdings_table, to_bundle
from graphsvc.store import network_read as store_module
from graphsvc.store import records
from graphsvc.collector import collector_paused
from tests.routing.test_holdings_table import varied


def flags(table: HoldingsTable) -> dict[tuple, tuple[bool, bool]]:
    """(libid, title, format) -> whether its row is flagged Level 2 and access window."""
    return {(table.libid(ref), table.uid(ref), table.format(ref)):
            (bool(ref[0].flags[ref[1]] & LEVEL_2), bool(ref[0].flags[ref[1]] & WINDOW))
            for ref in table.refs()}


def rule_flags(holdings: list[Holding]) -> dict[tuple, tuple[bool, bool]]:
    """The same, as the rules of :mod:`graphsvc.holdings` say it (the last of a key wins)."""
    return {(h.libid, h.nlm_uid, h.format): (is_level_2(h.ranges), has_access_window(h))
            for h in holdings}


def network_of(holdings: list[Holding]) -> Network:
    return Network(libraries=tuple(Library(libid, libid, state="OR")
                                   for libid in sorted({h.libid for h in holdings})),
                   serials=tuple(Serial(uid, f"Title {uid}")
                                 for uid in sorted({h.nlm_uid for h in holdings})),
                   holdings=tuple(holdings))


@pytest.fixture
def small_pages(monkeypatch):
    """Three libraries a page and two pages read ahead: many pages, several threads."""
    monkeypatch.setattr(store_module, "HOLDINGS_PAGE", 3)
    monkeypatch.setattr(store_module, "PAGES_AHEAD", 2)


def test_the_read_table_equals_the_table_of_the_holdings(store, small_pages):
    holdings = varied(1500) + [
        Holding("L900", "0000001", ranges=(Range(), Range())),  # Level 2: every range open
        Holding("L900", "0000002", ranges=(Range(), Range("1"))),
        Holding("L900", "0000003", "ELECTRONIC", embargo_years=2),  # an access window
        Holding("L901", "0000001", "ELECTRONIC", retention_policy="Limited Period Only",
                limited_retention_period=3, last_modified=dt.date(2026, 2, 28))]
    store.import_network(network_of(holdings))
    G = store.load_network(store.version())
    expected = HoldingsTable.of(holdings)
    assert holdings_table(G) == expected
    assert flags(holdings_table(G)) == rule_flags(holdings)
    assert canonical(to_bundle(G)) == canonical(store.export_network())


def test_properties_not_stored_read_as_their_defaults(store, small_pages):
    stored = Holding("ORUPAC", "0000001", "ELECTRONIC", (Range("1"),), embargo_months=6)
    store.import_network(network_of([stored, Holding("WAUUHS", "0000002")]))
    store.driver.execute_query(  # a holding stored without any property
        "MATCH (l:Library {libid: 'ORUPAC'}), (s:Serial {nlm_uid: '0000002'}) "
        "CREATE (l)-[:HOLDS]->(s)", database_=store.database)
    table = holdings_table(store.load_network())
    assert sorted((h.nlm_uid, h, h.issns_as_written) for h in table.holdings_of("ORUPAC")) == [
        ("0000001", stored, ""), ("0000002", Holding("ORUPAC", "0000002"), "")]
    assert table == HoldingsTable.of(store.export_network().holdings)


def test_a_number_stored_as_a_float_or_boolean_reads_as_an_int():
    """As ``records.holding_from`` reads it (Neo4j keeps the type a property was written
    with; ArcadeDB's schema makes it an integer)."""
    row = ["0000001", "ELECTRONIC", ["1"], [""], [0], [0], True, 6.0, "2026-01-02", None,
           True, None, False, False, False, 0, None]
    fields = records.holding_fields([{"libid": "ORUPAC", "holdings": [row]}])
    expected = records.holding_from_row("ORUPAC", row)
    assert (fields["embargo_months"], fields["limited_retention_period"]) == ([6], [1])
    assert HoldingsTable.of_fields([fields]).holdings_of("ORUPAC") == [expected]


def test_a_network_without_holdings_reads(store):
    store.import_network(Network(libraries=(Library("ORUPAC", "P", state="OR"),)))
    G = store.load_network()
    assert "ORUPAC" in G and len(holdings_table(G)) == 0


def test_the_driver_decodes_records_in_rust():
    """pyproject's neo4j-rust-ext is installed: without it the driver still works, silently
    3-4 times slower at reading the whole network (national scale: +20 s of CPU)."""
    assert importlib.util.find_spec("neo4j._rust") is not None


def test_the_collector_is_paused_while_any_block_runs_and_on_again_after():
    assert gc.isenabled()
    with collector_paused():
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # off before: left off
    finally:
        gc.enable()


def test_a_librarys_holdings_come_from_the_graph_as_the_database_gives_them(store, bolt_server,
                                                                          monkeypatch):
    from graphsvc.store.neo4j import Neo4jStore
    from tests.store.test_store import literal_network

    holdings = varied(600)
    net = network_of(holdings)
    serials = tuple(Serial(s.nlm_uid, "Same title" if i % 7 == 0 else f"t{i % 13} {s.title}",
                           ("0028-4793",) if i == 1 else (), med_abbr=f"A{i}" if i % 2 else None)
                    for i, s in enumerate(net.serials))
    store.import_network(Network(net.regions, net.libraries, (), serials, net.holdings))
    store.import_network(literal_network())
    reading = Neo4jStore(bolt_server.uri, bolt_server.auth, database=bolt_server.database)
    try:
        store.network()  # this process holds the graph at the database's version
        read = store.read
        monkeypatch.setattr(store, "read", lambda name, **kw: pytest.fail("read")
                            if "library_holdings" in name else read(name, **kw))
        for libid in sorted({h.libid for h in holdings})[:12] + ["WAUUHS", "ORUOHS"]:
            assert store.holdings(libid) == reading.holdings(libid)
    finally:
        reading.close()


def test_a_librarys_holdings_are_read_when_the_graph_is_behind(store, bolt_server):
    from graphsvc.store.neo4j import Neo4jStore
    from tests.store.test_store import literal_network

    store.import_network(literal_network())
    store.network()
    writer = Neo4jStore(bolt_server.uri, bolt_server.auth, database=bolt_server.database)
    try:  # another process's write: this one's graph is one version behind
        writer.replace_holdings("ORUOHS", [Holding("ORUOHS", "0255562", "PRINT")])
    finally:
        writer.close()
    held, _ = store.holdings("ORUOHS")
    assert [(h.nlm_uid, h.format) for h in held] == [("0255562", "PRINT")]
