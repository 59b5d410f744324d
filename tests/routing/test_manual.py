"""Manual routing through the M/A/N map (R25-R27, issue 11)."""

from __future__ import annotations

from graphsvc.model import Citation, DateRange, Skip
from graphsvc.routing import lender_sequence
from tests.routing.builders import AT, NLM, WEB, graph, lib, nlm_library, request

BOOK = Citation(title="Harrison's Principles of Internal Medicine", isbn="9781264268504")
ROWS = ("ROWONE", "ROWTWO", "ROWTRE", "ROWFOR")


def manual_graph(**overrides):
    libraries = [overrides.get(libid, lib(libid)) for libid in ROWS] + [nlm_library()]
    return graph(libraries, [], manual=ROWS, dnr=("ROWFOR",))


def test_r25_rows_go_in_order_never_shuffled_with_no_holdings_check_then_nlm():
    G = manual_graph()
    for seed in range(5):
        got = lender_sequence(G, request(citation=BOOK, manual=True, seed=seed))
        assert [(lender.libid, lender.via, lender.cell) for lender in got.lenders] == [
            ("ROWONE", "MANUAL", 1), ("ROWTWO", "MANUAL", 2), ("ROWTRE", "MANUAL", 3),
            (NLM, "NLM", None)]
        assert {lender.matched_on for lender in got.lenders} == {"NOT_CHECKED"}


def test_r25_each_row_must_be_active_deliver_fill_the_level_and_not_be_blocked():
    G = manual_graph(ROWONE=lib("ROWONE", out_of_office=(DateRange(AT.date(), AT.date()),)),
                     ROWTWO=lib("ROWTWO", delivery_methods=WEB, fills_rush=True),
                     ROWTRE=lib("ROWTRE", fills_rush=False))
    got = lender_sequence(G, request(citation=BOOK, manual=True, service_level="RUSH",
                                     explain=True))
    assert got.libids == (NLM,)
    assert got.skipped == (Skip("ROWONE", "MANUAL", "OUT_OF_OFFICE", 1),
                           Skip("ROWTWO", "MANUAL", "DELIVERY", 2),
                           Skip("ROWTRE", "MANUAL", "SERVICE_LEVEL", 3),
                           Skip("ROWFOR", "MANUAL", "DO_NOT_ROUTE", 4))


def test_r25_delivery_is_not_checked_for_loans():
    G = manual_graph(ROWONE=lib("ROWONE", delivery_methods=()))
    got = lender_sequence(G, request(citation=BOOK, manual=True, loan=True,
                                     route_to_nlm=False))
    assert got.libids == ("ROWONE", "ROWTWO", "ROWTRE")
    assert got.lenders[0].delivery == "MAIL"


def test_r26_no_nlm_after_manual_unless_selected_and_no_title_is_needed():
    got = lender_sequence(manual_graph(), request(citation=Citation(), manual=True,
                                                  route_to_nlm=False))
    assert NLM not in got.libids and got.libids


def test_r25_an_unknown_or_repeated_row_is_skipped():
    G = graph([lib("ROWONE"), nlm_library()], [], manual=("ROWONE", "XXUNKN", "ROWONE"))
    got = lender_sequence(G, request(citation=BOOK, manual=True, route_to_nlm=False,
                                     explain=True))
    assert got.libids == ("ROWONE",)
    assert got.skipped == (Skip("XXUNKN", "MANUAL", "NOT_A_LENDER", 2),
                           Skip("ROWONE", "MANUAL", "ALREADY_ROUTED", 3))
