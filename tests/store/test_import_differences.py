"""`graphsvc import` at any size: the bulk path into an empty database, only the differences
in bounded, version-guarded batches into a populated one, undone when a batch fails."""

from __future__ import annotations

import dataclasses

import pytest

from graphsvc import services
from graphsvc.errors import Conflict, StoreError
from graphsvc.io.bundle import dump_bundle
from graphsvc.io.differences import network_differences
from graphsvc.model import Holding, Library, Network, Range, RoutingTable, Serial
from graphsvc.network import canonical
from graphsvc.services.auth import create_token
from graphsvc.store.arcadedb_batch import BatchEndpoint
from graphsvc.store.neo4j import Neo4jStore
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


class FailingStore(Neo4jStore):
    """A store whose bulk load fails at one step, after the records before it were written."""

    def __init__(self, *args, fail_at: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fail_at = fail_at

    def _commit_batches(self, name, rows, batch, progress):
        if name == self.fail_at:
            raise StoreError(f"{name} failed")
        super()._commit_batches(name, rows, batch, progress)


NETWORK_LABELS = {":Region", ":State", ":Library", ":Group", ":Serial", ":Issn"}


@pytest.mark.parametrize("fail_at", ["routing/create_library_routes",
                                     "import/link_title_changes"])
@pytest.mark.parametrize("batch_endpoint", [True, False], ids=["batch-endpoint", "cypher"])
def test_a_bulk_load_that_fails_half_way_leaves_the_database_empty(
        store, bolt_server, fail_at, batch_endpoint):
    create_token(store, "admin")  # not the network's: stays
    endpoint = BatchEndpoint(bolt_server.http_port, bolt_server.password,
                             bolt_server.database) if batch_endpoint else None
    failing = FailingStore(bolt_server.uri, bolt_server.auth, database=bolt_server.database,
                           fail_at=fail_at)
    steps = []
    try:
        with pytest.raises(StoreError, match="failed"):
            failing.bulk_load(literal_network(), batch=2, endpoint=endpoint,
                              progress=lambda step, rows: steps.append(step))
    finally:
        failing.close()
    assert "import/merge_libraries" in steps  # it failed half-way
    census = store.census()
    assert store.is_empty() and not NETWORK_LABELS & set(census) and "HOLDS" not in census
    assert census.get(":Token") == 1
    answer = store.bulk_load(literal_network(), endpoint=endpoint)  # and it can load again
    assert answer["holdings"] == 4
    assert canonical(store.export_network()) == canonical(literal_network())


def test_a_write_before_the_first_batch_refuses_the_import_and_is_kept(store):
    store.import_network(literal_network())
    before = store.version()
    diff = network_differences(store.export_network(), changed_network())
    store.upsert_library(Library("ORUPAC", "Renamed by another writer", state="OR"))
    with pytest.raises(Conflict):
        store.import_differences(diff, expected=before)
    assert store.library("ORUPAC")["library"].name == "Renamed by another writer"
    assert "ORUNEW" not in store.keys()["libids"]


def test_an_import_stopped_half_way_puts_back_only_what_it_wrote(store):
    store.import_network(literal_network())
    diff = network_differences(store.export_network(), changed_network())
    theirs = [Holding("ORUPAC", "0255562", ranges=(Range("7", "8"),))]

    def someone_else_writes(step, rows):
        if step == "LIBRARY":  # the import's holdings are not written yet
            store.replace_holdings("ORUPAC", theirs)

    with pytest.raises(Conflict):
        store.import_differences(diff, batch=1, progress=someone_else_writes)
    assert store.holdings("ORUPAC")[0] == theirs  # not put back to what the import found
    assert "ORUNEW" not in store.keys()["libids"]
    pacific = next(lib for lib in literal_network().libraries if lib.libid == "ORUPAC")
    assert store.library("ORUPAC")["library"] == pacific
