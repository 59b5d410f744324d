"""Batch re-routing gives exactly the sequences of lender_sequence, request by request."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random

import pytest

from graphsvc.errors import Conflict, NotFound
from graphsvc.io.generate import generate_network
from graphsvc.model import (NOT_BORROWING, Citation, DateRange, Delivery, LenderSequence,
                            RoutingRequest)
from graphsvc.network import build_network, libraries, serials
from graphsvc.routing import RoutingPolicy, lender_sequence
from graphsvc.routing.batch import lender_sequences

AT = dt.datetime(2026, 11, 23, 15, tzinfo=dt.UTC)
DELIVERIES = (Delivery("EMAIL_PDF", ("WEB_PDF",)), Delivery("FAX"), Delivery("WEB_PDF"),
              Delivery("ARTICLE_EXCHANGE", ("EMAIL_PDF", "FAX")))


@pytest.fixture(scope="module")
def G():
    net = generate_network(libraries=80, serials=120, holdings=3000, seed=5)
    # some libraries out of office on the routing day, to exercise the date checks
    libs = tuple(dataclasses.replace(lib, out_of_office=(DateRange(AT.date(), AT.date()),))
                 if i % 9 == 0 else lib for i, lib in enumerate(net.libraries))
    return build_network(dataclasses.replace(net, libraries=libs,
                                             holdings=tuple(map(kbart_like, net.holdings))))


def kbart_like(holding):
    """Some electronic holdings as KBART gives them: a calendar-year embargo (P1Y) and a
    limited retention (R10Y or R6M)."""
    if holding.format != "ELECTRONIC" or sum(map(ord, holding.nlm_uid)) % 3:
        return holding
    kind = ("Years", 10) if sum(map(ord, holding.libid)) % 2 else ("Months", 6)
    return dataclasses.replace(holding, embargo_months=0, embargo_years=1,
                               retention_policy="Limited Period Only",
                               limited_retention_type=kind[0], limited_retention_period=kind[1])


def random_request(G, rng: random.Random, seed: int) -> RoutingRequest:
    libs, titles = sorted(libraries(G)), sorted(serials(G))
    borrowers = [libid for libid in libs if G.nodes[libid]["participation"] not in NOT_BORROWING]
    uid = rng.choice(titles)
    issns = G.nodes[uid]["issns"]
    by_issn = bool(issns) and rng.random() < .4
    citation = Citation(nlm_uid=None if by_issn else uid, issn=issns[0] if by_issn else None,
                        year=rng.choice([None, 1995, 2005, 2015, 2024]),
                        volume=rng.choice([None, "3", "40", "120 suppl"]),
                        epub_date=rng.choice([None, dt.date(2026, 9, 1), dt.date(2025, 12, 1)]))
    return RoutingRequest(
        rng.choice(borrowers), citation, AT + dt.timedelta(hours=rng.choice([0, 12])),
        service_level=rng.choice(["NORMAL", "NORMAL", "RUSH", "URGENT"]),
        delivery=rng.choice(DELIVERIES), format=rng.choice(["ANY", "PRINT", "ELECTRONIC"]),
        efts_only=rng.random() < .2, direct_to=rng.choice([None, None, rng.choice(libs)]),
        cells=rng.choice([tuple(range(1, 10)), (1, 2, 3), (4, 6), ()]),
        route_to_nlm=rng.random() < .8, all_other_libraries=rng.random() < .5,
        do_not_route=tuple(rng.sample(libs, rng.choice([0, 0, 3]))),
        exclude=tuple(rng.sample(libs, rng.choice([0, 0, 2]))),
        max_cost=rng.choice([None, 5.0]), seed=seed, loan=rng.random() < .1,
        explain=rng.random() < .05, manual=rng.random() < .05)


@pytest.mark.parametrize("policy", [
    RoutingPolicy(), RoutingPolicy(resource_library_stage=True, honour_max_cost=True),
    RoutingPolicy(cell_cap=2, all_other_cap=3)])
def test_same_sequences_as_lender_sequence(G, policy):
    rng = random.Random(11)
    requests = [random_request(G, rng, seed) for seed in range(400)]
    expected = [lender_sequence(G, r, policy=policy) for r in requests]
    assert lender_sequences(G, requests, policy=policy) == expected
    assert sum(len(s.lenders) for s in expected) > 400  # the requests do route somewhere


def test_forked_processes_give_the_same_sequences(G):
    rng = random.Random(3)
    requests = [random_request(G, rng, seed) for seed in range(4100)]
    assert lender_sequences(G, requests, processes=2) == lender_sequences(G, requests)


@pytest.mark.parametrize("where", [0, -1])
def test_a_request_that_raises_in_any_process_raises(G, where):
    rng = random.Random(4)
    requests = [random_request(G, rng, seed) for seed in range(4100)]
    requests[where] = RoutingRequest("XXUXXX", Citation(nlm_uid=min(serials(G))), AT, seed=1)
    with pytest.raises(NotFound):
        lender_sequences(G, requests, processes=2)


@pytest.mark.parametrize("processes", [1, 2])
def test_a_refused_request_gets_the_failed_answer_when_one_is_given(G, processes):
    rng = random.Random(5)
    requests = [random_request(G, rng, seed) for seed in range(4100)]
    unknown = RoutingRequest("XXUXXX", Citation(nlm_uid=min(serials(G))), AT, seed=1)
    requests[0] = requests[-1] = unknown
    failed = LenderSequence(notes=("refused",))
    found = lender_sequences(G, requests, processes=processes, failed=failed)
    assert found[0] == found[-1] == failed
    assert found[1:-1] == [lender_sequence(G, r) for r in requests[1:-1]]


def test_unknown_borrower_raises_as_lender_sequence(G):
    request = RoutingRequest("XXUXXX", Citation(nlm_uid=min(serials(G))), AT, seed=1)
    with pytest.raises(NotFound):
        lender_sequences(G, [request])


def test_a_borrower_that_cannot_borrow_raises_as_lender_sequence(G):
    closed = min(libid for libid in libraries(G)
                 if G.nodes[libid]["participation"] in NOT_BORROWING)
    request = RoutingRequest(closed, Citation(nlm_uid=min(serials(G)), year=2015), AT, seed=1)
    with pytest.raises(Conflict):
        lender_sequence(G, request)
    with pytest.raises(Conflict):
        lender_sequences(G, [request])


def test_a_changed_holding_changes_the_next_batch():
    """What a batch remembers (holders' matches, checks, lenders made) lives as long as the
    batch: a holding replaced in the graph's table changes the next batch's answer."""
    from graphsvc.model import Holding, Library, Network, Range, RoutingTable, Serial
    from graphsvc.network import holdings_table

    email = ("EMAIL_PDF",)
    G = build_network(Network(
        libraries=tuple(Library(libid, libid, delivery_methods=email)
                        for libid in ("ORUPAC", "WAUUHS", "ORUOHS")),
        serials=(Serial("0255562", "N Engl J Med", ("0028-4793",)),),
        holdings=(Holding("WAUUHS", "0255562", ranges=(Range("1", None, 1990, None),)),
                  Holding("ORUOHS", "0255562", ranges=(Range("1", None, 1990, None),))),
        routing_tables=(RoutingTable("ORUPAC", {1: ("WAUUHS", "ORUOHS")}),)))
    batch = [RoutingRequest("ORUPAC", Citation(nlm_uid="0255562", year=2015), AT, seed=s,
                            route_to_nlm=False) for s in range(5000)]
    assert {s.libids for s in lender_sequences(G, batch, processes=2)} == {
        ("WAUUHS", "ORUOHS"), ("ORUOHS", "WAUUHS")}
    holdings_table(G).replace("WAUUHS", [Holding("WAUUHS", "0255562",
                                                 ranges=(Range("1", "5", 1990, 1994),))])
    assert {s.libids for s in lender_sequences(G, batch)} == {("ORUOHS",)}
    assert [s.libids for s in lender_sequences(G, batch, processes=2)] == [
        lender_sequence(G, r).libids for r in batch]
