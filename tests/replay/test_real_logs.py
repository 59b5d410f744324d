"""Replaying the three real ILL logs against a network of all the real NLM journals.

Every request whose ISSN is in NLM's journal file must resolve to that journal and route
without error. The only other outcomes allowed for it: "no year or volume" (DOCLINE needs
one of them to check holdings), and "ambiguous ISSN" when the ISSN is one of the few that
several NLM journals share and the cited title does not say which.
"""

from __future__ import annotations

import datetime as dt

import pytest

from graphsvc.errors import NotFound
from graphsvc.io.citations import openurl_citation
from graphsvc.io.generate import generate_network, read_journals
from graphsvc.model import Network, Serial
from graphsvc.services import replay
from graphsvc.store.neo4j import delete_everything
from tests.conftest import SHARED_DATA

pytestmark = pytest.mark.slow
LOGS = ("ohsu_borrowing.csv", "pacific_borrowing_articles_2016_2017.xlsx",
        "pacific_lending_articles_2016_2017.xlsx")
AT = dt.datetime(2026, 11, 24, 10, tzinfo=dt.timezone(dt.timedelta(hours=-8)))


@pytest.fixture(scope="module")
def data_dir():
    if not SHARED_DATA.is_dir():
        pytest.skip(f"real data folder {SHARED_DATA} is absent")
    pytest.importorskip("openpyxl", reason="openpyxl reads the XLSX logs")
    return SHARED_DATA


@pytest.fixture(scope="module")
def journals(data_dir):
    return read_journals(data_dir / "nlm" / "J_Sequence.txt")


@pytest.fixture(scope="module")
def loaded(session_store, data_dir, journals):
    """A generated network at real hospitals holding real titles, plus every NLM journal."""
    delete_everything(session_store)
    network = generate_network(libraries=40, serials=200, data_dir=data_dir, seed=5)
    session_store.import_network(network)
    have = {s.nlm_uid for s in network.serials}
    extra = tuple(Serial(uid, title, issns) for uid, title, issns in journals
                  if uid not in have)
    session_store.import_network(Network(serials=extra))
    assert session_store.counts()["serials"] == len(journals)
    return session_store


@pytest.fixture(scope="module")
def borrower(loaded):
    """A library in Oregon when the generated network has one, else in Washington."""
    try:
        return replay.default_borrower(loaded)
    except NotFound:
        return replay.default_borrower(loaded, state="WA")


@pytest.fixture(scope="module")
def by_issn(journals):
    found: dict[str, list[str]] = {}
    for uid, _, issns in journals:
        for issn in issns:
            found.setdefault(issn, []).append(uid)
    return found


def in_the_file(request, by_issn) -> tuple[list[str], object, list]:
    """The journals the request's first known ISSN may name (one, unless it is shared)."""
    fields, problems = openurl_citation(request.params)
    known = [by_issn[i] for i in fields.issns if i in by_issn]
    unique = [uids for uids in known if len(uids) == 1]
    return (unique or known or [[]])[0], fields, problems


@pytest.mark.parametrize("log", LOGS)
def test_every_request_with_a_known_issn_resolves_and_routes(loaded, data_dir, by_issn, log,
                                                            borrower):
    requests = replay.read_log(data_dir / "ill_logs" / log)
    router = replay.graph_router(loaded.network())
    checked = 0
    for i, request in enumerate(requests):
        expected, fields, problems = in_the_file(request, by_issn)
        if not expected:
            continue
        assert [p["field"] for p in problems] in ([], ["rft.date"]), (request, problems)
        found, issn, how = replay.serials_for(router, fields)
        if problems or len(found) > 1:
            assert problems or found == sorted(expected), request  # shared ISSN, no telling title
            continue
        assert how == "issn" and found[0] in expected, request
        routed = replay.citation_request(fields, found[0], issn,
                                         {"borrower": borrower, "at": AT, "seed": i})
        assert router.route(routed).lenders, request  # NLM at least
        checked += 1
    assert checked > 50
    summary = replay.replay(router, requests, borrower=borrower, at=AT)
    assert summary.failed == [] and summary.resolved["issn"] >= checked


@pytest.mark.parametrize("log", LOGS)
def test_the_store_resolves_and_routes_as_the_graph_does(loaded, data_dir, by_issn, log,
                                                         borrower):
    """The API's path (store round trips) on the first requests of each log."""
    requests = replay.read_log(data_dir / "ill_logs" / log)[:150]
    graph, store = replay.graph_router(loaded.network()), replay.store_router(loaded)
    compared = 0
    for i, request in enumerate(requests):
        expected, fields, problems = in_the_file(request, by_issn)
        found = replay.serials_for(store, fields)
        assert found == replay.serials_for(graph, fields), request
        if len(found[0]) != 1 or problems:
            continue
        routed = replay.citation_request(fields, found[0][0], found[1],
                                         {"borrower": borrower, "at": AT, "seed": i})
        assert store.route(routed) == graph.route(routed), request
        compared += 1
    assert compared > 10
