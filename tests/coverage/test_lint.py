import pytest

from graphsvc.coverage import routing_table_lint
from graphsvc.errors import NotFound
from graphsvc.model import Group, Library, Network, RoutingTable
from graphsvc.network import build_network
from tests.coverage.conftest import JUNE, MARCH, T1, T4, T5


def codes(findings):
    return [(f.cell, f.entry, f.code) for f in findings]


def test_inactive_entries_grouped_cells_and_empty_cells(seven):
    assert codes(routing_table_lint(seven, "A", at=JUNE)) == [
        (1, "B", "OUT_OF_OFFICE"),
        (1, "GRP", "CLOSED"),  # member D
        (1, "GRP", "GROUP_SHARES_CELL"),
        (2, "D", "CLOSED"),
        (3, None, "EMPTY_CELL"),
        (4, "F", "NLM_ONLY"),
    ]


def test_out_of_office_only_on_its_dates(seven):
    assert "OUT_OF_OFFICE" not in [f.code for f in routing_table_lint(seven, "A", at=MARCH)]


def test_messages_name_the_group_member(seven):
    closed = [f for f in routing_table_lint(seven, "A", at=JUNE) if f.entry == "GRP"][0]
    assert closed.message == "D, member of GRP, is closed and is skipped (R14)"


def test_unknown_entry(seven):
    assert codes(routing_table_lint(seven, "C", at=MARCH)) == \
        [(1, "XX", "UNKNOWN"), (2, "D", "CLOSED")]


def test_cells_holding_few_of_the_most_requested_titles(seven):
    findings = routing_table_lint(seven, "A", at=JUNE, top_titles=[T1, T4, T5])
    assert [(f.cell, f.code) for f in findings if f.code == "FEW_TOP_TITLES"] == \
        [(2, "FEW_TOP_TITLES"), (4, "FEW_TOP_TITLES")]
    # cell 1 (GRP: C holds T4, E holds T1 and T5) holds all three
    e_alone = routing_table_lint(seven, "E", at=JUNE, top_titles=[T1, T4, T5])
    assert [(f.cell, f.message) for f in e_alone if f.code == "FEW_TOP_TITLES"] == [
        (1, "cell 1 libraries hold 1 of the 3 most requested titles"),
        (5, "cell 5 libraries hold 0 of the 3 most requested titles"),  # B away in June
    ]


def test_self_do_not_route_duplicates_and_empty_groups():
    G = build_network(Network(
        libraries=(Library("X", "X"), Library("Y", "Y")),
        groups=(Group("NOBODY", "Nobody"),),
        routing_tables=(RoutingTable("X", {1: ("X", "Y"), 2: ("Y",), 3: ("NOBODY",)},
                                     do_not_route=("Y",)),),
    ))
    assert codes(routing_table_lint(G, "X", at=MARCH)) == [
        (1, "X", "SELF"), (1, "Y", "DO_NOT_ROUTE"),
        (2, "Y", "DO_NOT_ROUTE"), (2, "Y", "DUPLICATE"),
        (3, "NOBODY", "EMPTY_GROUP"),
    ]


def test_a_group_alone_in_its_cell_is_fine_and_no_table_has_no_findings(seven):
    assert codes(routing_table_lint(seven, "B", at=MARCH)) == [(1, "GRP", "CLOSED")]
    assert routing_table_lint(seven, "D", at=MARCH) == []


def test_unknown_borrower_is_not_found(seven):
    with pytest.raises(NotFound):
        routing_table_lint(seven, "GRP", at=MARCH)
