"""A holdings write and the graphs that hold the network: the writer puts what it wrote in its
own graph, another process re-reads only the titles the write changed (or the library whole
after a large change), and every graph ends equal to one read afresh."""

from __future__ import annotations

import pytest

from graphsvc.changes import NetworkChange
from graphsvc.model import Holding, Network, Range, RoutingTable, Serial
from graphsvc.network import build_network
from graphsvc.store import library_holdings
from graphsvc.store.neo4j import Neo4jStore
from tests.store.test_changes import same_records
from tests.store.test_store import literal_network

NEW_TITLE = Serial("9999999", "New title", ("1234-5679",))


@pytest.fixture
def other(store, bolt_server):
    """Another process's store on the same database."""
    other = Neo4jStore(bolt_server.uri, bolt_server.auth, database=bolt_server.database)
    yield other
    other.close()


def reads(store, monkeypatch) -> list[str]:
    """The names of the queries ``store`` reads from now on (outside write transactions)."""
    names: list[str] = []
    read = store.read
    monkeypatch.setattr(store, "read", lambda name, **p: names.append(name) or read(name, **p))
    return names


def network_with_new_title(store) -> None:
    store.import_network(literal_network())
    store.import_network(Network(serials=(NEW_TITLE,)))  # the catalog's


def wauuhs_changed() -> list[Holding]:
    """WAUUHS's holdings with the print one changed and one of a title it did not hold."""
    return [Holding("WAUUHS", "0255562", "PRINT", (Range("2", None, 1981, None),)),
            Holding("WAUUHS", "0255562", "ELECTRONIC", (Range(None, None, 1990, None),),
                    embargo_months=6),
            Holding("WAUUHS", "9999999", "PRINT", (Range("1", "2"),))]


def fresh(store):
    return build_network(store.export_network())


def test_the_writer_puts_its_write_in_its_graph_without_reading_it(store, monkeypatch):
    network_with_new_title(store)
    G = store.network()
    names = reads(store, monkeypatch)
    store.replace_holdings("WAUUHS", wauuhs_changed())
    assert store.network() is G and G.graph["version"] == store.version()
    assert "network/changes_since" not in names and "network/title_holdings" not in names
    assert same_records(G, fresh(store))


def test_another_process_re_reads_only_the_changed_titles(store, other, monkeypatch):
    network_with_new_title(store)
    G = other.network()
    store.replace_holdings("WAUUHS", wauuhs_changed())
    names = reads(other, monkeypatch)
    assert other.network() is G and G.graph["version"] == store.version()
    assert "network/title_holdings" in names and "network/holdings_page" not in names
    assert same_records(G, fresh(store))
    assert G.nodes["9999999"]["title"] == "New title"


@pytest.mark.parametrize("limit", ["DIFFERENCE_LIMIT", "TITLES_READ_LIMIT"])
def test_a_large_change_is_re_read_whole(store, other, monkeypatch, limit):
    network_with_new_title(store)
    G = other.network()
    monkeypatch.setattr(library_holdings, limit, 0)
    store.replace_holdings("WAUUHS", wauuhs_changed())
    kind = store.read("network/changes_since", version=store.version() - 1, limit=1)[0]["kind"]
    assert kind == ("HOLDINGS" if limit == "DIFFERENCE_LIMIT" else "TITLE_HOLDINGS")
    names = reads(other, monkeypatch)
    assert other.network() is G
    assert "network/holdings_page" in names and "network/title_holdings" not in names
    assert same_records(G, fresh(store))


def test_emptied_and_refilled_holdings_catch_up(store, other):
    network_with_new_title(store)
    G = other.network()
    store.replace_holdings("WAUXYZ", [])
    store.replace_holdings("ORUPAC", [Holding("ORUPAC", "9999999")])
    assert other.network() is G and same_records(G, fresh(store))


def test_known_serials_from_the_graph_or_the_database(store, other, monkeypatch):
    network_with_new_title(store)
    store.network()
    names = reads(store, monkeypatch)
    assert store.known_serials(["0255562", "9999999", "0000000"]) == {"0255562", "9999999"}
    assert "network/keys" not in names  # the graph is at the database's version
    assert other.known_serials(["0255562", "0000000"]) == {"0255562"}  # no graph held
    other.write(lambda tx: None, NetworkChange("SERIALS"))  # store's graph is behind now
    assert store.known_serials(["9999999"]) == {"9999999"} and "network/keys" in names


def test_the_stored_holdings_come_from_the_graph_at_the_databases_version(store, monkeypatch):
    network_with_new_title(store)
    store.network()
    rows = []
    read_rows = store._holding_rows
    monkeypatch.setattr(store, "_holding_rows", lambda *a, **k: rows.append(a) or read_rows(
        *a, **k))
    assert store.replace_holdings("WAUUHS", wauuhs_changed())["unchanged"] is False
    assert store.replace_holdings("WAUUHS", wauuhs_changed())["unchanged"] is True
    assert rows == []  # compared with the graph, which the first write brought up to date
    store.network_cache.clear()
    assert store.replace_holdings("WAUUHS", wauuhs_changed())["unchanged"] is True
    assert rows == [("WAUUHS",)]  # no graph: read from the database


@pytest.mark.parametrize("meanwhile, runs", [
    (lambda other: other.replace_holdings("WAUUHS", wauuhs_changed()[:1]), 2),
    (lambda other: other.replace_routing_table(RoutingTable("WAUUHS", {1: ("ORUPAC",)})), 1)])
def test_a_write_overtaken_by_one_of_the_same_library_runs_again(store, other, monkeypatch,
                                                                 meanwhile, runs):
    network_with_new_title(store)
    G = store.network()
    stored = store._stored_holdings
    attempts = []

    def overtaken(tx, libid, at):
        attempts.append(at)
        if len(attempts) == 1:  # another process writes meanwhile
            meanwhile(other)
        return stored(tx, libid, at)

    monkeypatch.setattr(store, "_stored_holdings", overtaken)
    store.replace_holdings("WAUUHS", wauuhs_changed()[1:])
    assert len(attempts) == runs and attempts[-1] == attempts[0] + runs - 1
    assert sorted(h.nlm_uid + h.format for h in store.holdings("WAUUHS")[0]) == \
        ["0255562ELECTRONIC", "9999999PRINT"]
    assert same_records(store.network(), fresh(store)) and store.network() is G


def test_a_routing_table_write_overtaken_by_one_of_the_same_library_runs_again(store, other,
                                                                               monkeypatch):
    """Two writers of one library's routing table: the one whose delete read the links
    before the other committed runs again, so the table is one writer's, not a mixture."""
    store.import_network(literal_network())
    batched, steps = store.run_batched, []

    def overtaken(tx, name, rows):
        steps.append(name)
        done = batched(tx, name, rows)
        if steps.count("routing/delete_routing_links") == 1 and \
                name == "routing/delete_routing_links":  # another process writes meanwhile
            other.replace_routing_table(RoutingTable("WAUUHS", {2: ("ORUOHS",)}))
        return done

    monkeypatch.setattr(store, "run_batched", overtaken)
    ours = RoutingTable("WAUUHS", {1: ("ORUPAC",)})
    store.replace_routing_table(ours)
    assert steps.count("routing/delete_routing_links") == 2
    from graphsvc.network import routing_table

    assert routing_table(fresh(store), "WAUUHS").cells == ours.cells


def test_a_write_that_fails_to_go_in_the_writers_graph_still_succeeds(store, monkeypatch):
    """The database committed it: the answer is the write's, and the writer's graph gets it
    from the change log (re-reading what changed) instead of from the failed patch."""
    network_with_new_title(store)
    G = store.network()
    before = G.graph["version"]

    def broken(*args, **kwargs):
        raise RuntimeError("dictionary changed size during iteration")

    monkeypatch.setattr(library_holdings.patch, "replace_title_holdings", broken)
    monkeypatch.setattr(library_holdings.patch, "replace_library_holdings", broken,
                        raising=False)
    store.replace_holdings("WAUUHS", wauuhs_changed())
    assert store.version() == before + 1 and G.graph["version"] == before
    monkeypatch.undo()
    names = reads(store, monkeypatch)
    assert store.network() is G and G.graph["version"] == store.version()
    assert "network/changes_since" in names
    assert same_records(G, fresh(store))


class ReaderAddsMeanwhile(dict):
    """A state's remembered holders, to which a reader adds a title while they are gone
    through (what a thread switch inside the copy let happen)."""

    def items(self):
        for n, item in enumerate(super().items()):
            if n == 0:
                self[-1] = {}
            yield item


def test_a_write_copies_the_holders_readers_remember_while_they_ask():
    """Readers add to a state's remembered holders while a write copies them: a collection
    inside the copy could run Python code (a finalizer) and let a reader in, which once
    failed uploads with "dictionary changed size during iteration"."""
    from graphsvc.holdings_table import HoldingsTable

    table = HoldingsTable.of([Holding(f"L{n}", f"{t:07d}") for n in range(5)
                              for t in range(n, n + 4)])
    for t in range(9):
        table.holders(f"{t:07d}")
    table._state.holders = ReaderAddsMeanwhile(table._state.holders)
    table.replace_titles("L0", ["0000000"], [Holding("L0", "0000000", "ELECTRONIC")])
    assert table.holdings_of("L0")[0].format == "ELECTRONIC"
    assert sorted(table.holders("0000000")) == ["L0"]
