"""The change log and the catch-up: a cached graph patched change by change equals the graph
read afresh, and is the same object (no reload) unless the log does not reach back."""

from __future__ import annotations

import datetime as dt

from graphsvc import changes as patch
from graphsvc.changes import NetworkChange
from graphsvc.model import DateRange, Group, Holding, Library, Network, Range, RoutingTable, Serial
from graphsvc.network import build_network, canonical, holdings_table, to_bundle
from tests.store.test_store import literal_network


def same_records(G, H) -> bool:
    return canonical(to_bundle(G)) == canonical(to_bundle(H))


def fresh(store):
    return build_network(store.export_network())


def test_patches_give_the_graph_built_from_the_new_records():
    net = literal_network()
    G = build_network(net)
    new_holdings = (Holding("ORUPAC", "0255562", "PRINT", (Range("1", "9"),)),
                    Holding("ORUPAC", "7777777", "ELECTRONIC", (Range(None, None, 2000),)))
    patch.replace_holdings(G, "ORUPAC", new_holdings, [Serial("7777777", "New")])
    patch.replace_holdings(G, "WAUUHS", [])
    table = RoutingTable("ORUPAC", {2: ("WAUUHS", "FREESHARE")}, (), ("MDUNLM",))
    patch.replace_routing_table(G, table)
    group = Group("FREESHARE", "FreeShare 2", members=("ORUPAC", "WAUXYZ"))
    patch.replace_group(G, "FREESHARE", group)
    moved = Library("ORUOHS", "OHSU moved", state="WA")
    patch.replace_library(G, "ORUOHS", moved, ["FREESHARE"])
    patch.replace_library(G, "WAUXYZ", None)
    expected = Network(
        net.regions,
        tuple(lib for lib in net.libraries if lib.libid not in ("ORUOHS", "WAUXYZ")) + (moved,),
        (Group("FREESHARE", "FreeShare 2", members=("ORUOHS", "ORUPAC")),),
        net.serials + (Serial("7777777", "New"),),
        tuple(h for h in net.holdings if h.libid == "ORUOHS") + new_holdings,
        (table,))
    assert same_records(G, build_network(expected))


def test_a_reader_keeps_the_holders_it_holds():
    G = build_network(literal_network())
    holders = holdings_table(G).holders("0255562")
    patch.replace_holdings(G, "WAUUHS", [])
    assert "WAUUHS" in holders and "WAUUHS" not in holdings_table(G).holders("0255562")


def test_every_write_logs_its_change(store):
    store.import_network(literal_network())
    store.import_network(Network(serials=(Serial("9999999", "N"),)))  # the catalog's
    start = store.version()
    store.replace_holdings("WAUUHS", [Holding("WAUUHS", "9999999")])
    store.replace_routing_table(RoutingTable("ORUPAC", {1: ("WAUUHS",)}))
    store.upsert_library(Library("ORUNEW", "New", state="OR"))
    rows = store.read("network/changes_since", version=start, limit=10)
    assert [(r["version"], r["kind"], r["libids"], r["nlm_uids"]) for r in rows] == [
        (start + 1, "TITLE_HOLDINGS", ["WAUUHS"], ["0255562", "9999999"]),  # gone, new
        (start + 2, "ROUTING_TABLE", ["ORUPAC"], []),
        (start + 3, "LIBRARY", ["ORUNEW"], [])]
    assert store.last_written == start + 3 == store.version()


def test_the_cached_graph_is_caught_up_not_reloaded(store):
    store.import_network(literal_network())
    store.import_network(Network(serials=(Serial("9999999", "New title", ("1234-5679",)),)))
    G = store.network()
    store.replace_holdings("ORUPAC", [Holding("ORUPAC", "9999999", ranges=(Range("1", "2"),))])
    store.replace_routing_table(RoutingTable("ORUPAC", {3: ("ORUOHS", "FREESHARE")}))
    store.upsert_library(Library("ORUOHS", "OHSU renamed", state="OR",
                                 out_of_office=(december(),)))
    store.upsert_library(Library("ORUNEW", "New", state="OR"))
    caught_up = store.network()
    assert caught_up is G and G.graph["version"] == store.version()
    assert same_records(G, fresh(store))


def december():
    return DateRange(dt.date(2026, 12, 1), dt.date(2026, 12, 31))


def test_a_log_that_does_not_reach_back_means_a_reload(store):
    store.import_network(literal_network())
    G = store.network()
    store.upsert_library(Library("ORUNEW", "New", state="OR"))
    pruned = store.version()  # a write that logs a harmless change and prunes the rest
    store.write(lambda tx: store.run(tx, "network/prune_changes", version=pruned),
                NetworkChange("SERIALS"))
    assert [r["version"] for r in store.read("network/changes_since", version=0, limit=9)] \
        == [pruned + 1]
    reloaded = store.network()
    assert reloaded is not G and "ORUNEW" in reloaded
    assert same_records(reloaded, fresh(store))


def test_a_full_import_means_a_reload(store):
    store.import_network(literal_network())
    G = store.network()
    store.import_network(Network(libraries=(Library("ORUNEW", "New", state="OR"),)))
    assert store.network() is not G and "ORUNEW" in store.network()
