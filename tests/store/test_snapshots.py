"""Network snapshots (graphsvc/snapshot.py, graphsvc/store/snapshots.py): written and read
back whole, never taken from another database or a damaged file, brought up to date by the
change log, and written by an import."""

from __future__ import annotations

import logging
import stat

import pytest

from graphsvc import snapshot
from graphsvc.coverage import libraries_geojson
from graphsvc.io.bundle import dump_bundle
from graphsvc.model import Holding, Library, Range
from graphsvc.network import build_network, canonical, holdings_table, to_bundle
from graphsvc.services.network import import_large_bundle
from graphsvc.store import snapshots
from graphsvc.store.neo4j import Neo4jStore, delete_everything
from tests.store.test_store import literal_network

def content(G) -> tuple:
    """What a network graph says, whatever object holds it: node records, the records it
    was built from, and the regions."""
    return (dict(G.nodes(data=True)), canonical(to_bundle(G)),
            [G.graph.get(k) for k in ("regions", "state_region", "complete")])


@pytest.fixture
def fresh(bolt_server):
    """Another store on the session's database: a process that holds no graph yet."""
    made = []

    def open_one() -> Neo4jStore:
        made.append(Neo4jStore(bolt_server.uri, bolt_server.auth,
                               database=bolt_server.database))
        return made[-1]
    yield open_one
    for s in made:
        s.close()


def test_a_snapshot_reads_back_as_the_same_network(tmp_path):
    G = build_network(literal_network(), version=7)
    G.graph["_derived:issn_index"] = ("cached", object(), 0.0, None)
    path = snapshot.write_snapshot(G, tmp_path, database_id="db1")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    H, info = snapshot.read_newest(tmp_path, database_id="db1")
    assert (info.version, info.database_id) == (7, "db1")
    assert content(H) == content(G) and H.graph["version"] == 7
    assert not [k for k in H.graph if k.startswith("_derived:")]  # rebuilt on first use


def test_only_the_newest_few_are_kept_and_the_newest_is_read(tmp_path):
    G = build_network(literal_network())
    for version in range(1, snapshot.KEEP + 3):
        G.graph["version"] = version
        snapshot.write_snapshot(G, tmp_path, database_id="db1")
    for kind in snapshot.KINDS:  # the whole network, and its libraries beside it
        kept = sorted(p.name for p in tmp_path.glob(f"{kind}-*"))
        assert len(kept) == snapshot.KEEP and not list(tmp_path.glob(f".{kind}-*"))
    assert snapshot.read_newest(tmp_path, database_id="db1")[1].version == snapshot.KEEP + 2
    assert snapshot.read_newest(tmp_path, database_id="db1", at_most=4)[1].version == 4


def test_beside_each_snapshot_its_libraries_draw_the_same_map(tmp_path):
    G = build_network(literal_network(), version=7)
    snapshot.write_snapshot(G, tmp_path, database_id="db1")
    L, info = snapshot.read_newest(tmp_path, database_id="db1", kind=snapshot.LIBRARIES)
    assert info.version == L.graph["version"] == 7 and L.graph["complete"] is False
    assert sorted(L) == sorted(n for n in G if G.nodes[n]["kind"] in ("library", "group"))
    assert libraries_geojson(L) == libraries_geojson(G)
    assert libraries_geojson(L, region="5") == libraries_geojson(G, region="5")


def test_another_databases_snapshot_is_never_used(tmp_path, caplog):
    G = build_network(literal_network(), version=3)
    snapshot.write_snapshot(G, tmp_path, database_id="other")
    with caplog.at_level(logging.INFO, "graphsvc.snapshot"):
        assert snapshot.read_newest(tmp_path, database_id="mine") == (None, None)
    assert "another database's" in caplog.text


def test_a_snapshot_other_code_wrote_is_never_used(tmp_path, caplog, monkeypatch):
    snapshot.write_snapshot(build_network(literal_network(), version=3), tmp_path,
                            database_id="db1")
    monkeypatch.setattr(snapshot, "code_id", lambda: "upgraded")
    with caplog.at_level(logging.WARNING, "graphsvc.snapshot"):
        assert snapshot.read_newest(tmp_path, database_id="db1") == (None, None)
    assert "written by other code" in caplog.text


@pytest.mark.parametrize("damage", ["truncated", "flipped", "garbage", "header"])
def test_a_damaged_snapshot_is_ignored_and_an_older_intact_one_used(tmp_path, caplog, damage):
    G = build_network(literal_network(), version=1)
    snapshot.write_snapshot(G, tmp_path, database_id="db1")
    G.graph["version"] = 2
    path = snapshot.write_snapshot(G, tmp_path, database_id="db1")
    data = path.read_bytes()
    broken = {"truncated": data[:len(data) - 100],
              "flipped": data[:-50] + bytes([data[-50] ^ 0xFF]) + data[-49:],
              "garbage": b"\x80\x05not a snapshot at all",
              "header": data[:len(snapshot.MAGIC)] + b"{not json" + data[40:]}[damage]
    path.write_bytes(broken)
    with caplog.at_level(logging.WARNING, "graphsvc.snapshot"):
        H, info = snapshot.read_newest(tmp_path, database_id="db1")
    assert info.version == 1 and content(H) == content(G)
    assert f"snapshot {path.name} ignored" in caplog.text


def test_a_snapshot_others_may_write_is_never_read(tmp_path, caplog):
    path = snapshot.write_snapshot(build_network(literal_network(), version=3), tmp_path,
                                   database_id="db1")
    path.chmod(0o666)
    with caplog.at_level(logging.WARNING, "graphsvc.snapshot"):
        assert snapshot.read_newest(tmp_path, database_id="db1") == (None, None)
    assert "writable by others" in caplog.text


def test_the_database_has_one_identity(store, fresh):
    first = store.database_id()
    assert first and fresh().database_id() == first
    version = store.version()
    delete_everything(store)  # `graphsvc db reset` keeps the identity; versions count on
    assert store.database_id() == first and store.version() > version


def test_the_service_user_makes_the_identity_when_the_database_has_none(store, bolt_server):
    store.execute_write(lambda tx: tx.run('MATCH (m:Meta {name: "database"}) DELETE m'))
    service = Neo4jStore(bolt_server.uri, bolt_server.service_auth,
                         database=bolt_server.database)
    try:
        made = service.database_id()
    finally:
        service.close()
    assert len(made) == 16 and store.database_id() == made


def test_a_snapshot_older_than_the_database_catches_up_by_the_change_log(store, fresh,
                                                                        tmp_path):
    store.import_network(literal_network())
    G, source, _ = snapshots.open_network(fresh(), tmp_path)
    assert source == snapshots.DATABASE
    path = snapshots.save(store, G, tmp_path)
    assert path is not None and path.exists()
    store.replace_holdings("ORUOHS", [Holding("ORUOHS", "0255562", "PRINT",
                                              (Range(begin_year=1990),))])
    H, source, since = snapshots.open_network(fresh(), tmp_path)
    assert (source, since) == (snapshots.SNAPSHOT, G.graph["version"])
    assert H.graph["version"] == store.version() > since
    assert "ORUOHS" in holdings_table(H).holders("0255562")  # the write made after the snapshot
    assert content(H) == content(fresh().network())


def test_a_snapshot_the_change_log_no_longer_reaches_is_not_used(store, fresh, tmp_path):
    store.import_network(literal_network())
    snapshots.save(store, fresh().network(), tmp_path)
    store.write(lambda tx: None)  # a change of unknown extent: FULL
    G, source, _ = snapshots.open_network(fresh(), tmp_path)
    assert source == snapshots.DATABASE and G.graph["version"] == store.version()


def test_a_snapshot_of_a_version_the_database_logged_otherwise_is_not_used(
        store, fresh, tmp_path, caplog):
    """A database restored from a backup reaches the snapshot's version again by other
    writes: the change logged at that version differs."""
    store.import_network(literal_network())
    G = fresh().network()
    snapshot.write_snapshot(G, tmp_path, database_id=store.database_id(), mark="other")
    with caplog.at_level(logging.WARNING, "graphsvc.snapshot"):
        H, source, _ = snapshots.open_network(fresh(), tmp_path)
    assert source == snapshots.DATABASE and "logged another change" in caplog.text
    assert snapshots.change_mark(store, G.graph["version"]) not in ("", "other")


@pytest.mark.parametrize("path", ["bulk", "differences"])
def test_an_import_writes_a_snapshot_of_the_network_it_made(store, fresh, tmp_path, path):
    bundle = dump_bundle(literal_network())
    if path == "differences":
        import_large_bundle(store, {k: v for k, v in bundle.items() if k != "holdings"})
    written = []
    answer = import_large_bundle(store, bundle, keep_network=lambda G: written.append(
        snapshots.save_caught_up(store, G, tmp_path)))
    assert answer["path"] == path and written[0] is not None
    H, info = snapshot.read_newest(tmp_path, database_id=store.database_id())
    assert info.version == store.version()
    assert content(H) == content(fresh().network())


def test_the_master_renews_its_snapshot_in_a_forked_child(store, fresh, bolt_server,
                                                          tmp_path, monkeypatch):
    from api import preload

    store.import_network(literal_network())
    G = fresh().network()
    monkeypatch.setitem(preload._loaded, "graph", G)
    store.replace_holdings("ORUOHS", [Holding("ORUOHS", "0255562", "PRINT")])
    user, password = bolt_server.auth
    app = type("App", (), {"config": {"NEO4J_URI": bolt_server.uri, "NEO4J_USER": user,
                                      "NEO4J_PASSWORD": password,
                                      "NEO4J_DATABASE": bolt_server.database}})()
    assert preload._snapshot_due(app, G.graph["version"], age=1e9)
    assert preload._renew_snapshot(None, app, tmp_path) == store.version()
    assert preload.loaded_graph() is G  # caught up:
    assert "ORUOHS" in holdings_table(G).holders("0255562")
    H, info = snapshot.read_newest(tmp_path, database_id=store.database_id())
    assert info.version == store.version() and content(H) == content(G)
    assert not preload._snapshot_due(app, info.version, age=1e9)


def test_the_master_reads_its_first_snapshot_back_in_place_of_the_graph_read_whole(
        store, fresh, bolt_server, tmp_path):
    from api.master_graph import compact

    store.import_network(literal_network())
    G = fresh().network()
    loaded = {"graph": G}
    user, password = bolt_server.auth
    app = type("App", (), {"config": {"NEO4J_URI": bolt_server.uri, "NEO4J_USER": user,
                                      "NEO4J_PASSWORD": password,
                                      "NEO4J_DATABASE": bolt_server.database}})()
    assert compact(loaded, app, tmp_path) == G.graph["version"] == store.version()
    assert loaded["graph"] is not G and content(loaded["graph"]) == content(G)
    _, info = snapshot.read_newest(tmp_path, database_id=store.database_id())
    assert info.version == G.graph["version"]  # the snapshot a restart starts from


@pytest.fixture
def mapping_store(bolt_server, tmp_path):
    """A store that keeps its snapshots in ``tmp_path`` (as ``graphsvc serve``'s workers) and
    says whether it read the libraries from the database."""
    made = Neo4jStore(bolt_server.uri, bolt_server.auth, database=bolt_server.database,
                      snapshot_dir=tmp_path)
    made.reads = []
    read = made._libraries_and_groups
    made._libraries_and_groups = lambda: made.reads.append(1) or read()
    yield made
    made.close()


def test_the_map_before_the_network_comes_from_the_libraries_snapshot(store, fresh, tmp_path,
                                                                      mapping_store):
    store.import_network(literal_network())
    snapshots.save(store, fresh().network(), tmp_path)
    from_database = libraries_geojson(fresh().libraries_network())
    assert libraries_geojson(mapping_store.libraries_network()) == from_database
    store.replace_holdings("ORUOHS", [Holding("ORUOHS", "0255562", "PRINT")])
    L = mapping_store.libraries_network()  # a holdings change leaves the libraries as they were
    assert L.graph["version"] == store.version() and libraries_geojson(L) == from_database
    assert mapping_store.reads == []


@pytest.mark.parametrize("change", ["library", "everything"])
def test_the_libraries_are_read_when_a_change_since_the_snapshot_may_touch_them(
        store, fresh, tmp_path, mapping_store, change):
    store.import_network(literal_network())
    snapshots.save(store, fresh().network(), tmp_path)
    if change == "library":
        store.upsert_library(Library("ORUPAC", "Pacific University", state="OR", lat=45.52,
                                     lon=-123.1, participation="CLOSED"))
    else:
        store.write(lambda tx: None)  # a change of unknown extent: FULL
    found = libraries_geojson(mapping_store.libraries_network())
    assert mapping_store.reads == [1] and found == libraries_geojson(fresh().libraries_network())
    if change == "library":
        pacific = next(f for f in found["features"] if f["id"] == "ORUPAC")["properties"]
        assert (pacific["name"], pacific["participation"]) == ("Pacific University", "CLOSED")


def test_without_a_snapshot_the_libraries_are_read(store, mapping_store):
    store.import_network(literal_network())
    assert "ORUPAC" in mapping_store.libraries_network() and mapping_store.reads == [1]
