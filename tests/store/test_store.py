"""Neo4jStore against the real embedded Bolt server."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from graphsvc import services
from graphsvc.errors import InvalidInput, StoreError, StoreUnavailable
from graphsvc.io.bundle import dump_bundle
from graphsvc.model import (DateRange, Group, Holding, Library, Network, Range, Region,
                            RoutingTable, Serial)
from graphsvc.network import canonical, holders_of, routing_cells
from graphsvc.store.neo4j import Neo4jStore


def literal_network() -> Network:
    return Network(
        regions=(Region("5", "Region 5", ("OR", "WA"), "WAUUHS"),),
        libraries=(
            Library("WAUUHS", "UW", type="RML", state="WA", delivery_methods=("EMAIL_PDF",),
                    out_of_office=(DateRange(dt.date(2026, 12, 24), dt.date(2027, 1, 2)),)),
            Library("ORUPAC", "Pacific", state="OR", lat=45.52, lon=-123.1),
            Library("ORUOHS", "OHSU", state="OR", base_fee=11.0, subjects=("oncology",)),
            Library("MDUNLM", "NLM", type="NLM", state="MD"),
            Library("WAUXYZ", "Elsewhere", state="WA")),
        groups=(Group("FREESHARE", "FreeShare", members=("ORUOHS", "ORUPAC", "WAUUHS")),),
        serials=(Serial("0255562", "NEJM", ("0028-4793", "1533-4406")),
                 Serial("0000001", "Old NEJM", continued_by="0255562")),
        holdings=(
            Holding("WAUUHS", "0255562", "PRINT", (Range("1", None, 1980, None),)),
            Holding("WAUUHS", "0255562", "ELECTRONIC", (Range(None, None, 1990, None),),
                    embargo_months=6),
            Holding("ORUOHS", "0000001", "ELECTRONIC",
                    (Range(None, None, 1950, 1979), Range("5", "9", None, None)),
                    last_modified=dt.date(2025, 1, 8)),
            Holding("WAUXYZ", "0255562", "PRINT", (Range(),))),
        routing_tables=(RoutingTable("ORUPAC", {1: ("ORUOHS",), 7: ("FREESHARE",)},
                                     ("WAUXYZ",), ("ORUOHS", "WAUUHS")),))


def test_schema_is_idempotent(store):
    def constraints():
        rows = store.driver.execute_query("SHOW CONSTRAINTS", database_=store.database).records
        return sorted(str(sorted(dict(r).items())) for r in rows)

    store.ensure_schema()
    first = constraints()
    store.ensure_schema()
    assert constraints() == first and first  # nothing added twice, nothing dropped
    store.upsert_library(Library("ORUPAC", "Pacific", state="OR"))
    with pytest.raises(StoreError, match="duplicate"):  # the LIBID constraint still holds
        store.write(lambda tx: tx.run("CREATE (:Library {libid: 'ORUPAC'})").consume())


def test_import_twice_leaves_the_same_counts(store):
    store.import_network(literal_network())
    first = store.counts()
    store.import_network(literal_network())
    assert store.counts() == first == {"libraries": 5, "groups": 1, "serials": 2,
                                       "holdings": 4, "regions": 1}


def test_export_then_import_round_trips(store):
    store.import_network(literal_network())
    exported = store.export_network()
    assert canonical(exported) == canonical(literal_network())
    services.import_bundle(store, dump_bundle(exported))
    assert canonical(store.export_network()) == canonical(literal_network())


def test_every_write_bumps_the_network_version(store):
    store.import_network(literal_network())
    before = store.version()
    store.replace_routing_table(RoutingTable("ORUPAC", {2: ("WAUUHS",)}))
    assert store.version() == before + 1
    assert store.export_network().routing_tables == (RoutingTable("ORUPAC", {2: ("WAUUHS",)}),)


def test_bundle_with_one_bad_record_imports_nothing(store):
    data = dump_bundle(literal_network())
    data["routing_tables"][0]["cells"]["3"] = ["WAUQQQ"]  # unknown LIBID
    with pytest.raises(InvalidInput) as caught:
        services.import_bundle(store, data)
    assert [p["position"] for p in caught.value.problems] == ["routing_tables[0]"]
    assert store.counts()["libraries"] == 0


def test_failed_transaction_leaves_nothing(store):
    store.import_network(literal_network())
    before = canonical(store.export_network())

    def work(tx):
        store.run(tx, "holdings/delete_library_holdings", libid="WAUUHS")
        raise RuntimeError("crash in the middle")

    with pytest.raises(RuntimeError):
        store.write(work)
    assert canonical(store.export_network()) == before


def test_uniqueness_constraint_refuses_duplicates(store):
    store.import_network(literal_network())
    with pytest.raises(StoreError):
        store.write(lambda tx: tx.run("CREATE (:Library {libid: 'WAUUHS'})").consume())
    assert store.counts()["libraries"] == 5


def test_issn_resolves_with_or_without_hyphen(store):
    store.import_network(literal_network())
    assert store.serial_for_issn("15334406") == "0255562"
    assert store.serial_for_issn("0028-4793") == "0255562"
    assert store.serial_for_issn("1234-5678") is None


def test_routing_graph_holds_the_request_neighbourhood(store):
    store.import_network(literal_network())
    G = store.routing_graph("ORUPAC", "0255562", extra=["WAUXYZ"])
    assert routing_cells(G, "ORUPAC") == {1: ["ORUOHS"], 7: ["FREESHARE"]}
    assert {h.libid for h in holders_of(G, "0255562")} == {"WAUUHS", "WAUXYZ"}
    assert {h.libid for h in holders_of(G, "0000001")} == {"ORUOHS"}  # the earlier title
    assert G.nodes["MDUNLM"]["type"] == "NLM"
    assert G.nodes["WAUUHS"]["out_of_office"][0].start == dt.date(2026, 12, 24)
    assert G.graph["state_region"]["OR"] == "5"


def test_routing_graph_of_unknown_borrower_has_no_borrower(store):
    store.import_network(literal_network())
    G = store.routing_graph("ORUZZZ", "0255562")
    assert "ORUZZZ" not in G


def test_replace_holdings_is_atomic_and_complete(store):
    store.import_network(literal_network())
    store.import_network(Network(serials=(Serial("9999999", "New title"),)))
    new = [Holding("WAUUHS", "9999999", "PRINT", (Range("1", "2", None, None),))]
    result = store.replace_holdings("WAUUHS", new)
    assert result["deleted"] == 2
    holdings, serials = store.holdings("WAUUHS")
    assert holdings == new and serials["9999999"].title == "New title"


def test_network_graph_is_cached_by_version(store):
    store.import_network(literal_network())
    first = store.network()
    assert store.network() is first
    store.upsert_library(Library("ORUNEW", "New", state="OR"))
    assert "ORUNEW" in store.network()


def test_unreachable_database_fails_fast():
    dead = Neo4jStore("bolt://127.0.0.1:9", ("root", "x"), database="graphsvc", timeout=1.0,
                      max_retry_time=1.0)
    started = time.monotonic()
    with pytest.raises(StoreUnavailable):
        dead.read("network/version")
    assert time.monotonic() - started < 10
    dead.close()
