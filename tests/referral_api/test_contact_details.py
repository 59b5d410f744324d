"""Contact details of libraries: in the bundle, the library API and referral suggestions."""

from __future__ import annotations

import dataclasses

import pytest

from api import create_app
from graphsvc.io.bundle import dump_bundle, load_bundle
from graphsvc.model import Network
from graphsvc.services.auth import create_token
from tests.referral_api.network import PORTLAND

CONTACT = {"address": "1015 NW 22nd Ave", "phone": "(503) 413-7711",
           "email": "library@example.org", "website": "https://example.org/library",
           "hours": "Mon-Fri 8:00-17:00"}


def with_contact(network: Network, libid: str) -> Network:
    libraries = tuple(dataclasses.replace(lib, **CONTACT) if lib.libid == libid else lib
                      for lib in network.libraries)
    return dataclasses.replace(network, libraries=libraries)


@pytest.fixture
def admin_client(store):
    store.import_network(with_contact(PORTLAND, "ORCLEG"))
    client = create_app({"TESTING": True, "STORE": store}).test_client()
    secret, _ = create_token(store, "admin")
    return client, {"Authorization": f"Bearer {secret}"}


def test_the_bundle_round_trips_contact_details():
    network = with_contact(PORTLAND, "ORCLEG")
    dumped = dump_bundle(network)
    leg = next(lib for lib in dumped["libraries"] if lib["libid"] == "ORCLEG")
    assert {k: leg[k] for k in CONTACT} == CONTACT
    assert load_bundle(dumped).libraries == network.libraries


def test_the_api_stores_and_shows_contact_details(admin_client):
    client, admin = admin_client
    leg = client.get("/v1/libraries/ORCLEG").json
    assert {k: leg[k] for k in CONTACT} == CONTACT
    answer = client.post("/v1/referrals", json={
        "zip": "97201", "category": "UNAFFILIATED_HEALTH_PROFESSIONAL"})
    first = answer.json["suggestions"][0]
    assert first["libid"] == "ORCLEG" and {k: first[k] for k in CONTACT} == CONTACT
    others = [s for s in answer.json["suggestions"] if s["libid"] != "ORCLEG"]
    assert others and all(s["phone"] == "" for s in others)


def test_bad_contact_details_are_422_naming_each_field_and_change_nothing(admin_client):
    client, admin = admin_client
    body = client.get("/v1/libraries/ORCLEG").json
    body = {k: v for k, v in body.items() if k not in ("groups", "holdings", "region",
                                                       "network_version")}
    bad = {**body, "phone": "call us", "email": "nobody", "website": "ftp://example.org"}
    answer = client.put("/v1/libraries/ORCLEG", json=bad, headers=admin)
    assert answer.status_code == 422
    assert {e["field"] for e in answer.json["errors"]} >= {"phone", "email", "website"}
    assert client.get("/v1/libraries/ORCLEG").json["phone"] == CONTACT["phone"]
    problems = None
    try:
        load_bundle({"libraries": [{"libid": "ORCXYZ", "name": "X", "state": "OR",
                                    "phone": "call us"}]})
    except Exception as exc:  # noqa: BLE001 - the bundle's InvalidInput
        problems = exc.problems
    assert problems and problems[0]["field"] == "phone"
