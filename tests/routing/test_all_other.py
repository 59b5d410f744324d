"""All Other Libraries (R22-R23) and empty / explained sequences (R30, seed 13)."""

from __future__ import annotations

from graphsvc.model import Skip
from graphsvc.routing import RoutingPolicy, lender_sequence
from tests.routing.builders import (
    NLM, WEB, graph, hold, ids, lib, nlm_library, request,
)

ALL_OTHERS_ONLY = {"cells": (), "route_to_nlm": False, "all_other_libraries": True}


def test_r23_all_others_come_same_state_then_same_region_then_the_rest():
    libraries = [lib("NYREST", state="NY"), lib("WAREGN", state="WA"),
                 lib("ORSAME", state="OR"), lib("CAREGN", state="CA")]
    G = graph(libraries, [hold(x.libid) for x in libraries])
    for seed in range(8):
        got = lender_sequence(G, request(seed=seed, **ALL_OTHERS_ONLY))
        assert got.libids[0] == "ORSAME" and got.libids[-1] == "NYREST"
        assert set(got.libids[1:3]) == {"WAREGN", "CAREGN"}
        assert {lender.via for lender in got.lenders} == {"ALL_OTHER"}


def test_r22_all_others_stop_at_the_cap_and_the_rest_are_cell_full():
    holders = ids(25)
    G = graph([lib(x, state="NY") for x in holders], [hold(x) for x in holders])
    got = lender_sequence(G, request(explain=True, **ALL_OTHERS_ONLY))
    assert len(got.lenders) == 20
    assert sorted(s.libid for s in got.skipped) == sorted(set(holders) - set(got.libids))
    assert {(s.via, s.reason) for s in got.skipped} == {("ALL_OTHER", "CELL_FULL")}
    capped = lender_sequence(G, request(**ALL_OTHERS_ONLY), policy=RoutingPolicy(all_other_cap=3))
    assert len(capped.lenders) == 3


def test_r23_libraries_evaluated_in_earlier_stages_are_not_checked_again():
    holders = ["CELLOK", "WEBONL", "OTHERS"]
    G = graph([lib("CELLOK"), lib("WEBONL", delivery_methods=WEB), lib("OTHERS"),
               nlm_library()], [hold(x) for x in holders + [NLM]],
              cells={1: ("CELLOK", "WEBONL")})
    got = lender_sequence(G, request(all_other_libraries=True, explain=True))
    assert got.libids == ("CELLOK", NLM, "OTHERS")
    assert got.skipped == (Skip("WEBONL", "CELL", "DELIVERY", 1),)


def test_r23_non_holders_are_never_all_other_candidates():
    G = graph([lib("NOHOLD"), lib("HOLDER")], [hold("HOLDER")])
    got = lender_sequence(G, request(explain=True, **ALL_OTHERS_ONLY))
    assert got.libids == ("HOLDER",) and got.skipped == ()


def test_seed_13_r30_a_request_that_selects_nothing_has_an_empty_sequence():
    G = graph([lib("WAUUHS"), nlm_library()], [hold("WAUUHS")], cells={1: ("WAUUHS",)})
    got = lender_sequence(G, request(cells=(), route_to_nlm=False, explain=True))
    assert got.lenders == () and got.skipped == ()


def test_seed_13_r30_every_stage_exhausted_gives_an_empty_sequence_with_reasons():
    G = graph([lib("WAUUHS"), nlm_library(participation="CLOSED")], [],
              cells={1: ("WAUUHS",)})
    got = lender_sequence(G, request(all_other_libraries=True, explain=True))
    assert got.lenders == ()
    assert got.skipped == (Skip("WAUUHS", "CELL", "NO_HOLDINGS", 1),
                           Skip(NLM, "NLM", "INACTIVE"))


def test_explain_false_leaves_skipped_empty_and_the_lenders_unchanged():
    holders = ids(30)
    G = graph([lib(x) for x in holders] + [lib("NOHOLD")], [hold(x) for x in holders],
              cells={1: (*holders, "NOHOLD")})
    quiet, explained = (lender_sequence(G, request(explain=flag)) for flag in (False, True))
    assert quiet.skipped == () and len(explained.skipped) == 11
    assert quiet.lenders == explained.lenders
