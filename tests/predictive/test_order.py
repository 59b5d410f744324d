"""The predictive policy's order: within a cell only, never past the cap, each lender says why."""

from __future__ import annotations

import datetime as dt

from graphsvc.model import (Citation, Holding, Library, Network, Range, Region, RoutingRequest,
                            RoutingTable, Serial)
from graphsvc.network import build_network
from graphsvc.requests.predict import LenderEstimate
from graphsvc.routing import RoutingPolicy, lender_sequence

AT = dt.datetime(2026, 11, 2, 15, tzinfo=dt.UTC)
CELL_1 = ("WAUAAA", "WAUBBB", "WAUCCC")


def network():
    libs = ("ORUPAC", *CELL_1, "WAUDDD")
    return build_network(Network(
        regions=(Region("5", "Region 5", ("OR", "WA"), None),),
        libraries=tuple(Library(x, x, state=x[:2], delivery_methods=("EMAIL_PDF",))
                        for x in libs),
        serials=(Serial("0255562", "NEJM"),),
        holdings=tuple(Holding(x, "0255562", ranges=(Range(None, None, 1980, None),))
                       for x in libs[1:]),
        routing_tables=(RoutingTable("ORUPAC", {1: CELL_1, 2: ("WAUDDD",)}),)))


def estimate(libid, reached, filled, chance, hours):
    return LenderEstimate(libid, reached, filled, chance, hours)


ESTIMATES = {"WAUAAA": estimate("WAUAAA", 50, 10, 0.2, 30.0),
             "WAUBBB": estimate("WAUBBB", 50, 45, 0.9, 6.0),
             "WAUCCC": estimate("WAUCCC", 50, 30, 0.6, 10.0),
             "WAUDDD": estimate("WAUDDD", 80, 80, 0.99, 1.0)}  # best, but in cell 2


def route(seed, policy):
    request = RoutingRequest("ORUPAC", Citation(nlm_uid="0255562", year=2015), at=AT, seed=seed)
    return lender_sequence(network(), request, policy=policy).lenders


def test_within_a_cell_the_likeliest_to_fill_quickly_come_first_whatever_the_seed():
    policy = RoutingPolicy(predictive=True, estimates=ESTIMATES)
    for seed in range(20):
        assert [x.libid for x in route(seed, policy)] == [
            "WAUBBB", "WAUCCC", "WAUAAA", "WAUDDD"]  # cell 2's WAUDDD never moves up


def test_without_the_policy_the_cell_stays_random_and_says_nothing():
    orders = {tuple(x.libid for x in route(seed, RoutingPolicy())[:3]) for seed in range(20)}
    assert len(orders) > 1
    assert all(x.why is None for x in route(1, RoutingPolicy()))


def test_each_lender_says_why_and_unknown_lenders_get_the_networks_rate():
    lenders = route(3, RoutingPolicy(predictive=True,
                                     estimates={"WAUBBB": ESTIMATES["WAUBBB"]}))
    why = {x.libid: x.why for x in lenders}
    assert why["WAUBBB"] == "filled 90% of 50 requests, median 6 h"
    assert why["WAUAAA"].startswith("little history (0 requests")
    assert lenders[0].libid == "WAUBBB"


def test_the_cap_still_holds():
    policy = RoutingPolicy(predictive=True, estimates=ESTIMATES, cell_cap=2)
    assert [x.libid for x in route(5, policy)] == ["WAUBBB", "WAUCCC", "WAUDDD"]
