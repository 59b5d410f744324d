"""The dry run's rules on a three-library network, without a database."""

from __future__ import annotations

import datetime as dt

from graphsvc.model import Holding, Library, Network, Range, Region, RoutingTable, Serial
from graphsvc.network import build_network, routing_cells
from graphsvc.requests import new_request
from graphsvc.routing.dry_run import load_changes, table_outcome, with_routing_table

AT = dt.datetime(2026, 11, 2, 15, tzinfo=dt.UTC)


def three_library_network():
    """ORUPAC routes cell 1 to WAUUHS (v.1-50, 1980-2000), cell 2 to CAUXYZ (Level 2)."""
    def library(libid, state):
        return Library(libid, libid, state=state, delivery_methods=("EMAIL_PDF",))

    return build_network(Network(
        regions=(Region("5", "Region 5", ("CA", "OR", "WA"), "WAUUHS"),),
        libraries=(library("ORUPAC", "OR"), library("WAUUHS", "WA"), library("CAUXYZ", "CA")),
        serials=(Serial("0255562", "The New England journal of medicine"),),
        holdings=(Holding("WAUUHS", "0255562", ranges=(Range("1", "50", 1980, 2000),)),
                  Holding("CAUXYZ", "0255562", ranges=(Range(),))),
        routing_tables=(RoutingTable("ORUPAC", {1: ("WAUUHS",), 2: ("CAUXYZ",)}),)))


def requests(years):
    return [new_request(f"R{i:012d}", "ORUPAC", [], at=AT, nlm_uid="0255562", year=year)
            for i, year in enumerate(years)]


def test_the_copy_routes_by_the_proposed_table_and_the_network_is_untouched():
    G = three_library_network()
    H = with_routing_table(G, RoutingTable("ORUPAC", {3: ("CAUXYZ",)}), titles={"0255562"})
    assert routing_cells(H, "ORUPAC") == {3: ["CAUXYZ"]}
    assert routing_cells(G, "ORUPAC") == {1: ["WAUUHS"], 2: ["CAUXYZ"]}


def test_requests_no_lender_covers_end_beyond_the_routing_map():
    G = three_library_network()
    outcome = table_outcome(G, requests([1995, 2010]), at=AT, fill_rates={"WAUUHS": 0.9},
                            default_fill=0.5)
    assert outcome.requests == 2
    assert outcome.first_lenders["WAUUHS"] == 1  # v.1-50, 1980-2000 covers 1995 only
    assert outcome.beyond_routing_map == 1 and outcome.expected_first_fill == 0.9
    assert outcome.first_in_cells_1_3 == 0.5


def test_the_same_seed_gives_the_same_answer_for_the_same_table():
    G = three_library_network()
    table = RoutingTable("ORUPAC", {1: ("WAUUHS", "CAUXYZ")})
    first, again = (table_outcome(with_routing_table(G, table), requests([1995] * 6), at=AT,
                                  fill_rates={}, default_fill=None) for _ in range(2))
    assert first == again


def test_load_changes_list_only_lenders_that_change_biggest_first():
    from collections import Counter

    assert load_changes(Counter(A=3, B=1), Counter(A=3, C=4)) == [
        {"libid": "C", "current": 0, "proposed": 4, "change": 4},
        {"libid": "B", "current": 1, "proposed": 0, "change": -1}]
