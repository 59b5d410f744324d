"""POST /v1/routing/lender-sequence and `graphsvc route` against the real database."""

from __future__ import annotations

import json

import pytest

from graphsvc.cli import main
from graphsvc.model import Group, Holding, Library, Network, Range, Region, RoutingTable, Serial

EMAIL = ("EMAIL_PDF",)


def network() -> Network:
    members = tuple(f"WAU{chr(65 + i)}AA" for i in range(25))
    libraries = [Library("ORUPAC", "Pacific", state="OR", delivery_methods=EMAIL),
                 Library("ORUOHS", "OHSU", state="OR", delivery_methods=EMAIL),
                 Library("ORUCLO", "Closed", state="OR", participation="CLOSED",
                         delivery_methods=EMAIL),
                 Library("MDUNLM", "NLM", type="NLM", state="MD", delivery_methods=EMAIL)]
    libraries += [Library(m, f"Member {m}", state="WA", delivery_methods=EMAIL) for m in members]
    holders = ("ORUOHS", "ORUCLO") + members
    return Network(
        regions=(Region("5", "Region 5", ("OR", "WA"), None),),
        libraries=tuple(libraries),
        groups=(Group("FREESHARE", "FreeShare", members=members + ("ORUPAC",)),),
        serials=(Serial("0255562", "N Engl J Med", ("0028-4793", "1533-4406")),),
        holdings=tuple(Holding(h, "0255562", ranges=(Range("1", None, 1928, None),))
                       for h in holders),
        routing_tables=(RoutingTable("ORUPAC", {1: ("ORUOHS", "ORUCLO"), 7: ("FREESHARE",)}),))


BODY = {"borrower": "ORUPAC", "citation": {"issn": "1533-4406", "year": 2015, "volume": "372"},
        "at": "2026-11-23T10:00:00-05:00", "seed": 7}


@pytest.fixture
def loaded(store):
    store.import_network(network())
    return store


def post(client, **changes):
    return client.post("/v1/routing/lender-sequence", json={**BODY, **changes})


def test_sequence_follows_the_cells_then_nlm(client, loaded):
    body = post(client).json
    vias = [(x["libid"], x["via"], x["cell"]) for x in body["lenders"]]
    assert vias[0] == ("ORUOHS", "CELL", 1)
    assert [v[1:] for v in vias[1:21]] == [("CELL", 7)] * 20  # 25 members, 20 per cell
    assert vias[-1] == ("MDUNLM", "NLM", None)
    assert body["title"] == {"nlm_uid": "0255562", "title": "N Engl J Med"}
    assert "skipped" not in body


def test_explain_gives_every_skipped_library_a_reason(client, loaded):
    body = post(client, explain=True).json
    reasons = {(s["libid"], s["reason"]) for s in body["skipped"]}
    assert ("ORUCLO", "NOT_A_LENDER") in reasons or ("ORUCLO", "INACTIVE") in reasons
    assert sum(1 for s in body["skipped"] if s["reason"] == "CELL_FULL") == 5


def test_same_seed_same_sequence_and_cli_agrees(client, loaded, capsys, monkeypatch, bolt_server):
    first = post(client).json["lenders"]
    assert post(client).json["lenders"] == first
    monkeypatch.setenv("GRAPHSVC_NEO4J_URI", bolt_server.uri)
    monkeypatch.setenv("GRAPHSVC_NEO4J_USER", "root")
    monkeypatch.setenv("GRAPHSVC_NEO4J_PASSWORD", bolt_server.password)
    monkeypatch.setenv("GRAPHSVC_NEO4J_DATABASE", bolt_server.database)
    code = main(["route", "--borrower", "ORUPAC", "--issn", "1533-4406", "--year", "2015",
                 "--volume", "372", "--at", "2026-11-23T10:00:00-05:00", "--seed", "7"])
    assert code == 0
    assert json.loads(capsys.readouterr().out)["lenders"] == first


@pytest.mark.parametrize("changes, field", [
    ({"borrower": "ORUZZZ"}, "borrower"),
    ({"citation": {"nlm_uid": "9999999", "year": 2015}}, "citation.nlm_uid"),
    ({"citation": {"issn": "1234-5678", "year": 2015}}, "citation.issn"),
])
def test_unknown_borrower_404_unknown_title_422_naming_it(client, loaded, changes, field):
    """A title not in the network goes through the manual map; ORUPAC has none: 422."""
    response = post(client, **changes)
    assert response.status_code == (404 if field == "borrower" else 422)
    assert response.mimetype == "application/problem+json"
    assert response.json["errors"][0]["field"] == field


@pytest.mark.parametrize("changes, field", [
    ({"borrower": "x' OR 1=1"}, "borrower"),
    ({"service_level": "FAST"}, "service_level"),
    ({"cells": [0, 10]}, "cells"),
    ({"at": "2026-11-23T10:00:00"}, "at"),
    ({"colour": True}, "colour"),
    ({"citation": {"year": 2015}}, "citation"),
])
def test_bad_input_is_422_naming_the_field(client, loaded, changes, field):
    response = post(client, **changes)
    assert response.status_code == 422
    assert any(e["field"].startswith(field) for e in response.json["errors"])


def test_request_that_selects_nothing_is_an_empty_sequence(client, loaded):
    response = post(client, cells=[], route_to_nlm=False)
    assert response.status_code == 200 and response.json["lenders"] == []


def test_manual_request_needs_no_title(client, loaded):
    response = post(client, manual=True, citation={"title": "A book", "isbn": "978-0-00-000000-2"})
    assert response.status_code == 200
    assert [x["via"] for x in response.json["lenders"]] == ["NLM"]


def test_endpoint_is_in_the_openapi_document(client):
    spec = client.get("/v1/openapi.json").json
    operation = spec["paths"]["/v1/routing/lender-sequence"]["post"]
    assert {"200", "404", "422"} <= set(operation["responses"])
