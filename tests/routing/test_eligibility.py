"""Eligibility in cells and All Other Libraries: one reason per skip, in a fixed order
(DOCLINE rules R13-R14, R16, R24, E6, E8, E10, H5-H6; acceptance seeds 6-10, 15)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graphsvc.holdings import match_ranges, volume_number
from graphsvc.model import Citation, DateRange, Range, Skip
from graphsvc.routing import (
    RoutingPolicy, is_active, is_out_of_office, lender_sequence, local_date, match_holdings,
    offers_service_level,
)
from tests.routing.builders import (
    AT, BORROWER, UID, WEB, graph, group, hold, lib, nlm_library, request,
)

TODAY = DateRange(AT.date(), AT.date())
V10_20 = Range("10", "20", 1990, 2000)


def cell_reason(candidate, holdings=None, **options):
    """The reason the single cell-1 library ``candidate`` is skipped (None if routed)."""
    holdings = [hold(candidate.libid)] if holdings is None else holdings
    G = graph([candidate], holdings, cells={1: (candidate.libid,)}, dnr=options.pop("dnr", ()))
    policy = options.pop("policy", RoutingPolicy())
    got = lender_sequence(G, request(route_to_nlm=False, explain=True, **options), policy=policy)
    if got.lenders:
        return None
    (skip,) = got.skipped
    assert (skip.via, skip.cell) == ("CELL", 1)
    return skip.reason


@pytest.mark.parametrize("candidate, holdings, options, reason", [
    (lib("WAUUHS"), None, {"exclude": ("WAUUHS",)}, "EXCLUDED"),
    (lib("WAUUHS", participation="CLOSED"), None, {}, "INACTIVE"),
    (lib("WAUUHS", participation="NON_PARTICIPANT"), None, {}, "INACTIVE"),
    (lib("WAUUHS", participation="NLM_ONLY"), None, {}, "NOT_A_LENDER"),
    (lib("WAUUHS", type="NLM"), None, {}, "NOT_A_LENDER"),
    (lib("WAUUHS", out_of_office=(TODAY,)), None, {}, "OUT_OF_OFFICE"),
    (lib("WAUUHS"), None, {"dnr": ("WAUUHS",)}, "DO_NOT_ROUTE"),
    (lib("WAUUHS"), None, {"do_not_route": ("WAUUHS",)}, "DO_NOT_ROUTE"),
    (lib("WAUUHS"), [], {}, "NO_HOLDINGS"),
    (lib("WAUUHS"), [hold("WAUUHS", Range())], {}, "LEVEL_2"),
    (lib("WAUUHS"), [hold("WAUUHS", fmt="ELECTRONIC")], {"format": "PRINT"}, "FORMAT"),
    (lib("WAUUHS"), [hold("WAUUHS", fmt="ELECTRONIC", embargo_months=12)],
     {"citation": Citation(nlm_uid=UID, year=2026, volume="395",
                           epub_date=dt.date(2026, 5, 1))}, "EMBARGO"),
    (lib("WAUUHS"), [hold("WAUUHS", V10_20)], {}, "NO_HOLDINGS"),
    (lib("WAUUHS"), None, {"service_level": "RUSH"}, "SERVICE_LEVEL"),
    (lib("WAUUHS", fills_rush=True), None, {"service_level": "URGENT"}, "SERVICE_LEVEL"),
    (lib("WAUUHS"), None, {"efts_only": True}, "EFTS"),
    (lib("WAUUHS", delivery_methods=WEB), None, {}, "DELIVERY"),
    (lib("WAUUHS", base_fee=15.0), None,
     {"max_cost": 10.0, "policy": RoutingPolicy(honour_max_cost=True)}, "COST"),
])
def test_r13_each_failed_condition_has_its_own_reason(candidate, holdings, options, reason):
    assert cell_reason(candidate, holdings, **options) == reason


@pytest.mark.parametrize("candidate, holdings, options", [
    (lib("WAUUHS", fills_rush=True), None, {"service_level": "RUSH"}),
    (lib("WAUUHS", fills_urgent=True), None, {"service_level": "URGENT"}),
    (lib("WAUUHS", efts=True), None, {"efts_only": True}),
    (lib("WAUUHS", base_fee=15.0), None, {"max_cost": 10.0}),
    (lib("WAUUHS", out_of_office=(DateRange(dt.date(2026, 11, 24), dt.date(2026, 12, 1)),)),
     None, {}),
    (lib("WAUUHS", delivery_methods=("FAX",)), None, {"loan": True}),
])
def test_r13_the_same_library_qualifies_when_the_condition_holds(candidate, holdings,
                                                                 options):
    assert cell_reason(candidate, holdings, **options) is None


def test_r13_the_borrower_in_its_own_cell_is_skipped_as_borrower():
    G = graph([lib(BORROWER, state="OR")], [hold(BORROWER)], cells={1: (BORROWER,)})
    got = lender_sequence(G, request(route_to_nlm=False, explain=True))
    assert got.skipped == (Skip(BORROWER, "CELL", "BORROWER", 1),)


@pytest.mark.parametrize("candidate, holdings, options, reason", [
    (lib("WAUUHS", participation="CLOSED", out_of_office=(TODAY,)), [], {}, "INACTIVE"),
    (lib("WAUUHS", out_of_office=(TODAY,)), [], {}, "OUT_OF_OFFICE"),
    (lib("WAUUHS", delivery_methods=WEB), [], {"dnr": ("WAUUHS",)}, "DO_NOT_ROUTE"),
    (lib("WAUUHS", delivery_methods=WEB), [], {}, "NO_HOLDINGS"),
    (lib("WAUUHS", delivery_methods=WEB), [hold("WAUUHS", Range())], {}, "LEVEL_2"),
    (lib("WAUUHS", delivery_methods=WEB), None, {"efts_only": True}, "EFTS"),
])
def test_r13_checks_run_in_the_documented_order(candidate, holdings, options, reason):
    assert cell_reason(candidate, holdings, **options) == reason


def test_seed_6_r14_closed_out_of_office_and_nlm_only_libraries_never_receive_it():
    barred = [lib("CLOSED", participation="CLOSED"), lib("NONPAR", participation="NON_PARTICIPANT"),
              lib("OUTOFF", out_of_office=(TODAY,)), lib("NLMONL", participation="NLM_ONLY")]
    G = graph(barred + [lib("OPENLB")], [hold(x.libid) for x in barred] + [hold("OPENLB")],
              groups=[group("ALLGRP", [x.libid for x in barred])],
              cells={1: tuple(x.libid for x in barred), 2: ("ALLGRP",)})
    for seed in range(5):
        got = lender_sequence(G, request(seed=seed, all_other_libraries=True,
                                         route_to_nlm=False, direct_to="CLOSED"))
        assert got.libids == ("OPENLB",)


def test_e6a_out_of_office_uses_the_local_date_in_the_library_time_zone():
    at = dt.datetime(2026, 11, 23, 6, 0, tzinfo=dt.UTC)  # 22 Nov 22:00 in LA
    sunday = (DateRange(dt.date(2026, 11, 22), dt.date(2026, 11, 22)),)
    west = lib("CAUWST", timezone="America/Los_Angeles", out_of_office=sunday)
    east = lib("NYUEST", timezone="America/New_York", out_of_office=sunday)
    G = graph([west, east], [hold("CAUWST"), hold("NYUEST")], cells={1: ("CAUWST", "NYUEST")})
    assert local_date(G, "CAUWST", at) == dt.date(2026, 11, 22)
    assert is_out_of_office(G, "CAUWST", at) and not is_active(G, "CAUWST", at)
    assert is_active(G, "NYUEST", at)
    assert lender_sequence(G, request(at=at, route_to_nlm=False)).libids == ("NYUEST",)


@pytest.mark.parametrize("volume, year, matched_on", [
    ("25", 1995, "YEAR"), ("15", 2010, "VOLUME"), ("15", 1995, "BOTH"), ("25", 2010, None),
])
def test_seed_7_h6_volume_or_year_matches(volume, year, matched_on):
    G = graph([lib("WAUUHS")], [hold("WAUUHS", V10_20)], cells={1: ("WAUUHS",)})
    got = lender_sequence(G, request(citation=Citation(nlm_uid=UID, year=year, volume=volume),
                                     route_to_nlm=False))
    assert [lender.matched_on for lender in got.lenders] == ([matched_on] if matched_on else [])


def test_seed_8_h3_an_open_ended_range_matches_a_later_year():
    G = graph([lib("WAUUHS")], [hold("WAUUHS", Range(None, None, 1999, None))],
              cells={1: ("WAUUHS",)})
    got = lender_sequence(G, request(citation=Citation(nlm_uid=UID, year=2024),
                                     route_to_nlm=False))
    assert [(lender.libid, lender.matched_on) for lender in got.lenders] == [("WAUUHS", "YEAR")]


@pytest.mark.parametrize("epub_date, pmid, routed", [
    (dt.date(2026, 5, 23), "41000000", False),   # six months old, 12-month embargo
    (None, None, True),                          # no PMID, no ePubDate: routed despite it
    (dt.date(2025, 5, 1), "39000000", True),     # older than the embargo
])
def test_seed_9_e10_electronic_embargo(epub_date, pmid, routed):
    G = graph([lib("WAUUHS")], [hold("WAUUHS", fmt="ELECTRONIC", embargo_months=12)],
              cells={1: ("WAUUHS",)})
    citation = Citation(nlm_uid=UID, year=2026, volume="395", epub_date=epub_date, pmid=pmid)
    got = lender_sequence(G, request(citation=citation, route_to_nlm=False))
    assert got.libids == (("WAUUHS",) if routed else ())


def test_e10_embargo_applies_to_electronic_holdings_only_and_either_holding_may_match():
    citation = Citation(nlm_uid=UID, year=2026, volume="395", epub_date=dt.date(2026, 10, 1))
    both = [hold("WAUUHS", fmt="ELECTRONIC", embargo_months=12),
            hold("WAUUHS", Range("1", "300", 1900, 2020))]
    # the print holding gets past the embargo step, so the reason is its ranges
    assert cell_reason(lib("WAUUHS"), both, citation=citation) == "NO_HOLDINGS"
    assert cell_reason(lib("WAUUHS"), both[:1], citation=citation) == "EMBARGO"
    both[1] = hold("WAUUHS")
    assert cell_reason(lib("WAUUHS"), both, citation=citation) is None
    assert cell_reason(lib("WAUUHS"), both, citation=citation, format="ELECTRONIC") == "EMBARGO"


def test_h6_a_print_and_an_electronic_holding_each_cover_part_and_combine_as_both():
    holdings = [hold("WAUUHS", Range("300", "400", None, None)),
                hold("WAUUHS", Range(None, None, 2010, 2020), fmt="ELECTRONIC")]
    got = match_holdings(holdings, request())
    assert got == (None, "BOTH")
    assert match_holdings(holdings, request(format="PRINT")) == (None, "VOLUME")


def test_seed_10_r16_max_cost_never_changes_the_default_sequence():
    libraries = [lib("CHEAPL", base_fee=5.0), lib("DEARLB", base_fee=50.0), nlm_library()]
    G = graph(libraries, [hold("CHEAPL"), hold("DEARLB")], cells={1: ("CHEAPL", "DEARLB")})
    for seed in range(5):
        free, capped = request(seed=seed), request(seed=seed, max_cost=10.0)
        assert lender_sequence(G, free) == lender_sequence(G, capped)
        assert "DEARLB" in lender_sequence(G, capped).libids
    honour = RoutingPolicy(honour_max_cost=True)
    assert "DEARLB" not in lender_sequence(G, request(max_cost=10.0), policy=honour).libids


def test_seed_15_r24_do_not_route_blocks_a_group_member_and_an_all_other_lender():
    G = graph([lib("GRPMEM"), lib("GRPOK1"), lib("ALLOTH"), lib("ALLOK1")],
              [hold(x) for x in ("GRPMEM", "GRPOK1", "ALLOTH", "ALLOK1")],
              groups=[group("LIBGRP", ["GRPMEM", "GRPOK1"])], cells={1: ("LIBGRP",)},
              dnr=("GRPMEM", "ALLOTH"))
    got = lender_sequence(G, request(all_other_libraries=True, route_to_nlm=False,
                                     explain=True))
    assert got.libids == ("GRPOK1", "ALLOK1")
    assert set(got.skipped) == {Skip("GRPMEM", "CELL", "DO_NOT_ROUTE", 1),
                                Skip("ALLOTH", "ALL_OTHER", "DO_NOT_ROUTE")}


def test_e2_service_level_predicate():
    G = graph([lib("RUSHLB", fills_rush=True), nlm_library()])
    assert offers_service_level(G, "RUSHLB", "NORMAL")
    assert offers_service_level(G, "RUSHLB", "RUSH")
    assert not offers_service_level(G, "RUSHLB", "URGENT")


VOLUME_LABELS = st.sampled_from([None, "1", "10", "15", "20", "25", "16 Suppl 2", "Suppl"])
YEARS = st.sampled_from([None, 1985, 1990, 1995, 2000, 2010])
RANGE_STRATEGY = st.builds(Range, VOLUME_LABELS, VOLUME_LABELS, YEARS, YEARS)


@settings(max_examples=100, deadline=None)
@given(st.lists(RANGE_STRATEGY, max_size=3).map(tuple), VOLUME_LABELS, YEARS)
def test_h6_range_matching_follows_the_rule_as_written(ranges, volume, year):
    """The one range matcher against H6 spelled out: the volume in any range that states
    volumes, or the year in any range that states years; open ends are open."""
    def within(begin, end, value):
        return (begin is not None or end is not None) and \
            (begin is None or begin <= value) and (end is None or value <= end)

    number = volume_number(volume)
    on_volume = number is not None and any(
        within(volume_number(r.begin_volume), volume_number(r.end_volume), number)
        for r in ranges)
    on_year = year is not None and any(within(r.begin_year, r.end_year, year) for r in ranges)
    expected = "BOTH" if on_volume and on_year else "VOLUME" if on_volume else \
        "YEAR" if on_year else None
    assert match_ranges(ranges, volume=volume, year=year) == expected

def test_the_reason_is_the_first_failing_check_when_exact_and_a_failing_one_otherwise():
    from graphsvc.routing import routing_context, skip_reason, verdict
    from graphsvc.routing.title import title_holdings

    slow = lib("WAUUHS")  # fills no RUSH request, and holds nothing of the title
    G = graph([slow], [hold("WAUUHS", uid="0000001")], cells={1: ("WAUUHS",)})
    rush = request(service_level="RUSH")
    ctx = routing_context(G, rush, holdings=title_holdings(G, UID), title=UID)
    assert skip_reason(ctx, "WAUUHS", "CELL") == "NO_HOLDINGS"
    assert verdict(ctx, "WAUUHS", "CELL").reason == "SERVICE_LEVEL"  # holdings not read
    explained = lender_sequence(G, request(service_level="RUSH", explain=True))
    assert [s.reason for s in explained.skipped if s.libid == "WAUUHS"] == ["NO_HOLDINGS"]
