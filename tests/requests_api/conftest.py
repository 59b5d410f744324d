"""A small routed network and helpers for the request lifecycle over HTTP."""

from __future__ import annotations

import pytest

from graphsvc.model import Holding, Library, Network, Range, Region, RoutingTable, Serial

EMAIL = ("EMAIL_PDF",)


def network() -> Network:
    """ORUBOR routes cell 1 -> WAUSEA (RML), cell 2 -> ORUOHS (RESOURCE), then MDUNLM (NLM)."""
    def lender(libid, name, type_, state):
        return Library(libid, name, type=type_, state=state, delivery_methods=EMAIL,
                       fills_rush=True, fills_urgent=True)

    return Network(
        regions=(Region("5", "Region 5", ("OR", "WA"), "WAUSEA"),
                 Region("1", "Region 1", ("MD",), None)),
        libraries=(Library("ORUBOR", "Borrower", state="OR", delivery_methods=EMAIL),
                   lender("WAUSEA", "Seattle", "RML", "WA"),
                   lender("ORUOHS", "OHSU", "RESOURCE", "OR"),
                   lender("MDUNLM", "NLM", "NLM", "MD")),
        serials=(Serial("0255562", "N Engl J Med", ("0028-4793",)),
                 Serial("0000001", "Nobody holds it")),
        holdings=(Holding("WAUSEA", "0255562", ranges=(Range("1", None, 1928, None),)),
                  Holding("ORUOHS", "0255562", ranges=(Range("1", None, 1928, None),))),
        routing_tables=(RoutingTable("ORUBOR", {1: ("WAUSEA",), 2: ("ORUOHS",)}),))


BODY = {"borrower": "ORUBOR", "citation": {"nlm_uid": "0255562", "year": 2015, "volume": "372"},
        "at": "2026-10-05T10:00:00-04:00", "seed": 7}


@pytest.fixture
def loaded(store):
    store.import_network(network())
    return store


def create(client, **changes) -> dict:
    response = client.post("/v1/requests", json={**BODY, **changes})
    assert response.status_code == 201, response.json
    return response.json


def act(client, request_id, action, at, lender=None, reason=None):
    body = {"action": action, "at": at}
    if lender:
        body["lender"] = lender
    if reason:
        body["reason"] = reason
    return client.post(f"/v1/requests/{request_id}/actions", json=body)


def actions(view) -> list[tuple]:
    return [(e["action"], e["libid"], e["reason"]) for e in view["history"]]


@pytest.fixture
def app(store):
    """The lifecycle tests act as every library at once; tests/requests_api/test_auth.py
    checks who may do what with tokens."""
    from api import create_app

    return create_app({"TESTING": True, "STORE": store, "AUTH_REQUIRED": False})
