"""`graphsvc import` at any size: the bulk path into an empty database, only the differences
in bounded, version-guarded batches into a populated one, undone when a batch fails."""

from __future__ import annotations

import dataclasses

import pytest

from graphsvc import services
from graphsvc.errors import Conflict
from graphsvc.io.bundle import dump_bundle
from graphsvc.io.differences import network_differences
from graphsvc.model import Holding, Library, Network, Range, RoutingTable, Serial
from graphsvc.network import canonical
from graphsvc.store.arcadedb_batch import BatchEndpoint
from tests.store.test_store import literal_network


def changed_network() -> Network:
    net = literal_network()
    libs = tuple(dataclasses.replace(lib, name="Pacific U") if lib.libid == "ORUPAC" else lib
                 for lib in net.libraries) + (Library("ORUNEW", "New", state="OR"),)
    return Network(net.regions, libs, net.groups,
                   net.serials + (Serial("7777777", "Added", ("1234-5679",)),),
                   net.holdings + (Holding("ORUNEW", "7777777", ranges=(Range("1", "5"),)),
                                   Holding("ORUPAC", "0255562", ranges=(Range("3", None),))),
                   (RoutingTable("ORUPAC", {1: ("ORUNEW",)}, (), ("ORUOHS",)),))


def test_an_empty_database_takes_the_bulk_path(store, bolt_server):
    endpoint = BatchEndpoint(bolt_server.http_port, bolt_server.password, bolt_server.database)
    steps = []
    answer = services.import_large_bundle(store, dump_bundle(literal_network()),
                                          endpoint=endpoint, progress=lambda s, n: steps.append(s))
    assert answer["path"] == "bulk" and answer["holdings"] == 4 and "batch/holdings" in steps
    assert canonical(store.export_network()) == canonical(literal_network())


def test_a_populated_database_gets_only_the_differences(store):
    store.import_network(literal_network())
    G = store.network()
    answer = services.import_large_bundle(store, dump_bundle(changed_network()))
    assert answer == {"path": "differences", "regions": 0, "libraries": 2, "groups": 0,
                      "serials": 1, "holdings": 2, "routing_tables": 1}
    expected = network_differences(literal_network(), changed_network())
    assert canonical(store.export_network()) == canonical(changed_network())
    assert store.network() is G  # the cached graph caught up batch by batch
    assert "ORUNEW" in G and not expected.empty
    version = store.version()
    again = services.import_large_bundle(store, dump_bundle(changed_network()))
    assert again["libraries"] == again["holdings"] == 0 and store.version() == version


def test_a_write_between_batches_undoes_the_import(store):
    store.import_network(literal_network())
    before = canonical(store.export_network())
    diff = network_differences(store.export_network(), changed_network())

    def someone_else_writes(step, rows):
        if step == "LIBRARY":
            store.upsert_library(Library("WAUOTH", "Other writer", state="WA"))

    with pytest.raises(Conflict):
        store.import_differences(diff, batch=1, progress=someone_else_writes)
    after = store.export_network()
    assert canonical(Network(after.regions, tuple(lib for lib in after.libraries
                                                  if lib.libid != "WAUOTH"),
                             after.groups, after.serials, after.holdings,
                             after.routing_tables)) == before
