"""Stage order, Direct, cells and NLM (DOCLINE rules R1-R20, acceptance seeds 1-5)."""

from __future__ import annotations

import random

import pytest

from graphsvc.errors import InvalidInput, NotFound
from graphsvc.model import Citation, DateRange, Delivery, Skip
from graphsvc.routing import lender_sequence
from tests.routing.builders import (
    AT, NLM, WEB, email_or, graph, group, hold, ids, lib, nlm_library, request,
)


def vias(sequence):
    return [(lender.libid, lender.via, lender.cell) for lender in sequence.lenders]


@pytest.fixture
def every_stage():
    """A direct-to library, two cells, NLM and an all-others holder."""
    libraries = [lib("DIRECT"), lib("CELLAA"), lib("CELLBB"), lib("OTHERS"), nlm_library()]
    holdings = [hold("CELLAA"), hold("CELLBB"), hold("OTHERS")]
    return graph(libraries, holdings, cells={1: ("CELLAA",), 2: ("CELLBB",)})


def test_r1_stages_run_in_order_direct_cells_nlm_all_other(every_stage):
    got = lender_sequence(every_stage, request(direct_to="DIRECT", all_other_libraries=True))
    assert vias(got) == [("DIRECT", "DIRECT", None), ("CELLAA", "CELL", 1),
                         ("CELLBB", "CELL", 2), (NLM, "NLM", None),
                         ("OTHERS", "ALL_OTHER", None)]


@pytest.mark.parametrize("options, expected", [
    ({}, ["CELLAA", "CELLBB", NLM]),
    ({"cells": (2,)}, ["CELLBB", NLM]),
    ({"cells": (), "route_to_nlm": False}, []),
    ({"route_to_nlm": False, "all_other_libraries": True}, ["CELLAA", "CELLBB", "OTHERS"]),
])
def test_r1_each_stage_runs_only_if_selected(every_stage, options, expected):
    assert lender_sequence(every_stage, request(**options)).libids == tuple(expected)


def test_seed_1_r5_direct_to_lender_without_holdings_gets_the_request(every_stage):
    got = lender_sequence(every_stage, request(direct_to="DIRECT", cells=(),
                                               route_to_nlm=False))
    assert vias(got) == [("DIRECT", "DIRECT", None)]
    assert got.lenders[0].matched_on == "NOT_CHECKED"


@pytest.mark.parametrize("fields, options, reason", [
    ({"participation": "CLOSED"}, {}, "INACTIVE"),
    ({"out_of_office": (DateRange(AT.date(), AT.date()),)}, {}, "OUT_OF_OFFICE"),
    ({}, {"do_not_route": ("DIRECT",)}, "DO_NOT_ROUTE"),
    ({"delivery_methods": ("FAX",)}, {}, "DELIVERY"),
    ({}, {"service_level": "RUSH"}, "SERVICE_LEVEL"),
    ({}, {"efts_only": True}, "EFTS"),
    ({"participation": "NLM_ONLY"}, {}, "NOT_A_LENDER"),
])
def test_seed_1_r6_direct_to_lender_is_skipped_only_for_its_conditions(fields, options,
                                                                       reason):
    G = graph([lib("DIRECT", **fields), nlm_library()])
    got = lender_sequence(G, request(direct_to="DIRECT", explain=True, **options))
    assert "DIRECT" not in got.libids
    assert Skip("DIRECT", "DIRECT", reason) in got.skipped


def test_r6_direct_to_lender_may_match_an_alternate_delivery_or_the_service_level():
    G = graph([lib("DIRECT", delivery_methods=WEB, fills_rush=True)])
    got = lender_sequence(G, request(direct_to="DIRECT", service_level="RUSH",
                                     delivery=email_or("WEB_PDF")))
    assert [(lender.libid, lender.delivery) for lender in got.lenders] == [("DIRECT", "WEB_PDF")]


def test_seed_2_r10_no_cell_k_plus_1_lender_before_cell_k_is_exhausted():
    cell1, cell2 = ids(5, "CAA"), ids(5, "CBB")
    G = graph([lib(x) for x in cell1 + cell2], [hold(x) for x in cell1 + cell2],
              cells={2: tuple(cell2), 1: tuple(cell1)})
    for seed in range(10):
        got = lender_sequence(G, request(seed=seed, route_to_nlm=False))
        assert [lender.cell for lender in got.lenders] == [1] * 5 + [2] * 5
        assert set(got.libids[:5]) == set(cell1)


def test_seed_3_r11_a_cell_of_30_eligible_yields_20_in_seeded_random_order():
    members = ids(30)
    G = graph([lib(x) for x in members], [hold(x) for x in members],
              cells={1: tuple(members)})
    orders = {lender_sequence(G, request(seed=seed, route_to_nlm=False)).libids
              for seed in range(5)}
    assert all(len(order) == 20 and set(order) <= set(members) for order in orders)
    assert len(orders) > 1
    explained = lender_sequence(G, request(route_to_nlm=False, explain=True))
    assert sorted(s.libid for s in explained.skipped if s.reason == "CELL_FULL") == \
        sorted(set(members) - set(explained.libids))


def test_seed_4_r11_top_up_keeps_the_5_primary_matches_first():
    primary, alternate = ids(5, "PRI"), ids(40, "ALT")
    G = graph([lib(x) for x in primary] + [lib(x, delivery_methods=WEB) for x in alternate],
              [hold(x) for x in primary + alternate], cells={1: tuple(alternate + primary)})
    got = lender_sequence(G, request(delivery=email_or("WEB_PDF"), route_to_nlm=False))
    assert len(got.lenders) == 20
    assert set(got.libids[:5]) == set(primary)
    assert [lender.delivery for lender in got.lenders] == ["EMAIL_PDF"] * 5 + ["WEB_PDF"] * 15


def test_r11_alternate_only_libraries_are_skipped_without_an_alternate_method():
    G = graph([lib("WEBONE", delivery_methods=WEB)], [hold("WEBONE")], cells={1: ("WEBONE",)})
    got = lender_sequence(G, request(route_to_nlm=False, explain=True))
    assert got.lenders == () and got.skipped == (Skip("WEBONE", "CELL", "DELIVERY", 1),)


def test_seed_5_r15_a_library_in_cell_1_and_in_a_cell_7_group_is_routed_once():
    G = graph([lib("WAUUHS"), lib("ORUOHS")], [hold("WAUUHS"), hold("ORUOHS")],
              groups=[group("PNWGRP", ["WAUUHS", "ORUOHS"])],
              cells={1: ("WAUUHS",), 7: ("PNWGRP",)})
    got = lender_sequence(G, request(route_to_nlm=False, explain=True))
    assert vias(got) == [("WAUUHS", "CELL", 1), ("ORUOHS", "CELL", 7)]
    assert got.skipped == (Skip("WAUUHS", "CELL", "ALREADY_ROUTED", 7),)


def test_r12_group_members_and_listed_libraries_share_one_cell_of_20():
    members, listed = ids(15, "GRP"), ids(15, "LST")
    G = graph([lib(x) for x in members + listed], [hold(x) for x in members + listed],
              groups=[group("BIGGRP", members)], cells={3: ("BIGGRP", *listed)})
    got = lender_sequence(G, request(route_to_nlm=False))
    assert len(got.lenders) == 20 and all(lender.cell == 3 for lender in got.lenders)
    assert set(got.libids) & set(members) and set(got.libids) & set(listed)


def test_r20_nlm_holdings_are_not_checked_but_service_level_and_activity_are():
    G = graph([nlm_library()])
    assert lender_sequence(G, request()).libids == (NLM,)
    closed = graph([nlm_library(participation="CLOSED")])
    assert lender_sequence(closed, request(explain=True)).skipped == \
        (Skip(NLM, "NLM", "INACTIVE"),)
    no_urgent = graph([nlm_library(fills_urgent=False)])
    assert lender_sequence(no_urgent, request(service_level="URGENT", explain=True)).skipped \
        == (Skip(NLM, "NLM", "SERVICE_LEVEL"),)


def test_r20_nlm_is_the_lowest_libid_of_type_nlm_and_not_a_cell_lender():
    G = graph([nlm_library("MDUNLM"), nlm_library("MDULMF")], [hold("MDUNLM")],
              cells={1: ("MDUNLM",)})
    got = lender_sequence(G, request(explain=True))
    assert vias(got) == [("MDULMF", "NLM", None)]
    assert Skip("MDUNLM", "CELL", "NOT_A_LENDER", 1) in got.skipped


def test_r15_direct_to_nlm_is_not_routed_again_in_the_nlm_stage():
    got = lender_sequence(graph([nlm_library()]), request(direct_to=NLM, explain=True))
    assert vias(got) == [(NLM, "DIRECT", None)]
    assert got.skipped == (Skip(NLM, "NLM", "ALREADY_ROUTED"),)


def test_same_seed_gives_the_same_sequence_and_rng_overrides_the_seed():
    members = ids(30)
    G = graph([lib(x) for x in members], [hold(x) for x in members],
              cells={1: tuple(members)})
    assert lender_sequence(G, request(seed=3)) == lender_sequence(G, request(seed=3))
    assert lender_sequence(G, request(seed=99), rng=random.Random(3)) == \
        lender_sequence(G, request(seed=3))


def test_unknown_borrower_is_not_found_unknown_title_without_manual_map_invalid():
    G = graph([nlm_library()])
    with pytest.raises(NotFound) as unknown_borrower:
        lender_sequence(G, request(borrower="XXUNKN"))
    assert unknown_borrower.value.problems[0]["field"] == "borrower"
    with pytest.raises(InvalidInput) as unknown_title:
        lender_sequence(G, request(citation=Citation(nlm_uid="9999999", year=2015)))
    assert unknown_title.value.problems[0]["field"] == "citation.nlm_uid"
    assert "manual routing is not set up" in unknown_title.value.message


def test_unknown_title_goes_through_the_manual_map():
    G = graph([lib("WAUUHS"), lib("ORUOHS"), nlm_library()], [hold("WAUUHS")],
              cells={1: ("WAUUHS",)}, manual=("ORUOHS",))
    got = lender_sequence(G, request(citation=Citation(issn="1234-5679", year=2015)))
    assert [(x.libid, x.via, x.cell) for x in got.lenders] == \
        [("ORUOHS", "MANUAL", 1), (NLM, "NLM", None)]
    assert "manual map" in got.notes[0]


def test_the_title_may_be_named_by_issn():
    G = graph([lib("WAUUHS"), nlm_library()], [hold("WAUUHS")], cells={1: ("WAUUHS",)})
    got = lender_sequence(G, request(citation=Citation(issn="00284793", year=2015)))
    assert got.libids == ("WAUUHS", NLM)


def test_r13a_delivery_is_checked_against_primary_then_alternates_in_order():
    G = graph([lib("FAXWEB", delivery_methods=("FAX", "WEB_PDF"))], [hold("FAXWEB")],
              cells={1: ("FAXWEB",)})
    got = lender_sequence(G, request(delivery=Delivery("MAIL", ("WEB_PDF", "FAX")),
                                     route_to_nlm=False))
    assert got.lenders[0].delivery == "WEB_PDF"


def test_borrower_routing_table_entries_in_unselected_cells_are_ignored():
    G = graph([lib("WAUUHS")], [hold("WAUUHS")], cells={4: ("WAUUHS",)})
    got = lender_sequence(G, request(cells=(1, 2, 3), route_to_nlm=False, explain=True))
    assert got.lenders == () and got.skipped == ()


def test_r12_a_group_cell_for_a_title_nobody_holds_routes_to_nlm_only():
    G = graph([lib("WAUUHS"), nlm_library()], [], groups=[group("PNWGRP", ["WAUUHS"])],
              cells={1: ("PNWGRP",)})
    for explain in (False, True):
        assert lender_sequence(G, request(explain=explain)).libids == (NLM,)
