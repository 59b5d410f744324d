"""Who may borrow and lend, as DOCLINE's participation says (issue 15.4), over HTTP.

NLM_ONLY borrowers are routed to NLM only (E8); CLOSED and NON_PARTICIPANT libraries cannot
borrow (409 naming the participation); BORROW_ONLY libraries borrow but never receive a
request, whatever the stage; the lint flags an NLM-only borrower that keeps a routing table.
"""

from __future__ import annotations

import pytest

from graphsvc.services.auth import create_token
from graphsvc.model import (
    Holding, Library, Network, Range, Region, RoutingTable, Serial,
)

EMAIL = ("EMAIL_PDF",)
ALL = (Range("1", None, 1928, None),)


def network() -> Network:
    def library(libid, participation="FULL", state="OR", **fields):
        return Library(libid, f"Library {libid}", participation=participation, state=state,
                       delivery_methods=EMAIL, **fields)

    libraries = (library("ORUPAC"), library("ORUOHS"), library("ORUBOR", "BORROW_ONLY"),
                 library("ORUNLO", "NLM_ONLY"), library("ORUCLO", "CLOSED"),
                 library("ORUNON", "NON_PARTICIPANT"), library("WAUUHS", state="WA"),
                 library("MDUNLM", type="NLM", state="MD"))
    holders = ("ORUOHS", "ORUBOR", "WAUUHS", "ORUPAC", "ORUNLO")
    return Network(
        regions=(Region("5", "Region 5", ("OR", "WA"), None),),
        libraries=libraries,
        serials=(Serial("0255562", "N Engl J Med", ("0028-4793",)),),
        holdings=tuple(Holding(h, "0255562", ranges=ALL) for h in holders),
        routing_tables=tuple(
            RoutingTable(b, {1: ("ORUBOR", "ORUOHS"), 2: ("WAUUHS",)},
                         manual_map=("ORUBOR", "ORUOHS"))
            for b in ("ORUPAC", "ORUNLO", "ORUBOR")))


@pytest.fixture
def loaded(store):
    store.import_network(network())
    return store


def route(client, **changes):
    body = {"borrower": "ORUPAC", "citation": {"issn": "0028-4793", "year": 2015},
            "at": "2026-11-23T10:00:00-05:00", "seed": 3, "all_other_libraries": True,
            **changes}
    return client.post("/v1/routing/lender-sequence", json=body)


def test_an_nlm_only_borrower_is_routed_to_nlm_only(client, loaded):
    body = route(client, borrower="ORUNLO", direct_to="ORUOHS").json
    assert [(x["libid"], x["via"]) for x in body["lenders"]] == [("MDUNLM", "NLM")]
    assert "NLM-only" in body["notes"][0]
    manual = route(client, borrower="ORUNLO", manual=True).json
    assert [x["libid"] for x in manual["lenders"]] == ["MDUNLM"]
    assert route(client, borrower="ORUNLO", route_to_nlm=False).json["lenders"] == []


@pytest.mark.parametrize("libid, participation", [("ORUCLO", "CLOSED"),
                                                  ("ORUNON", "NON_PARTICIPANT")])
def test_closed_and_non_participant_libraries_cannot_borrow(client, loaded, libid,
                                                            participation):
    response = route(client, borrower=libid)
    assert response.status_code == 409
    problem = response.json["errors"][0]
    assert problem["field"] == "borrower" and participation in problem["message"]
    created = client.post("/v1/requests", json={
        "borrower": libid, "citation": {"issn": "0028-4793", "year": 2015},
        "at": "2026-11-23T10:00:00-05:00"}, headers=_bearer(loaded, libid))
    assert created.status_code == 409


def _bearer(store, libid):
    secret, _ = create_token(store, "library", libid=libid)
    return {"Authorization": f"Bearer {secret}"}


def test_a_borrow_only_library_borrows_but_never_lends(client, loaded):
    for changes in ({}, {"direct_to": "ORUBOR"}, {"manual": True}, {"explain": True}):
        lenders = [x["libid"] for x in route(client, **changes).json["lenders"]]
        assert "ORUBOR" not in lenders and lenders
    skipped = route(client, explain=True, direct_to="ORUBOR").json["skipped"]
    assert {(s["via"], s["reason"]) for s in skipped if s["libid"] == "ORUBOR"} == \
        {("DIRECT", "NOT_A_LENDER"), ("CELL", "NOT_A_LENDER")}
    own = route(client, borrower="ORUBOR").json["lenders"]
    assert [x["libid"] for x in own] == ["ORUOHS", "WAUUHS", "MDUNLM", "ORUPAC"]


def test_bundles_and_the_library_api_accept_borrow_only(client, store):
    secret, _ = create_token(store, "admin")
    admin = {"Authorization": f"Bearer {secret}"}
    bundle = {"libraries": [{"libid": "ORUNEW", "name": "New", "state": "OR",
                             "participation": "BORROW_ONLY"}]}
    assert client.post("/v1/imports", json=bundle, headers=admin).status_code == 200
    assert client.get("/v1/libraries/ORUNEW").json["participation"] == "BORROW_ONLY"


def test_lint_flags_an_nlm_only_borrower_that_keeps_a_routing_table(client, loaded):
    findings = client.get("/v1/libraries/ORUNLO/routing-table/lint",
                          query_string={"at": "2026-11-23"}).json["findings"]
    assert {(f["cell"], f["code"]) for f in findings if f["entry"] is None} >= \
        {(1, "NLM_ONLY_BORROWER"), (2, "NLM_ONLY_BORROWER")}
    borrow_only = client.get("/v1/libraries/ORUPAC/routing-table/lint",
                             query_string={"at": "2026-11-23"}).json["findings"]
    assert ("ORUBOR", "BORROW_ONLY") in {(f["entry"], f["code"]) for f in borrow_only}
    assert not any(f["code"] == "NLM_ONLY_BORROWER" for f in borrow_only)
