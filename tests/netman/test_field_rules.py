"""Issue 14.11 / 17.2: one rule per field. The API and the bundle accept and refuse the same
values, and a library saved over HTTP re-imports from its own export unchanged."""

from __future__ import annotations

import pytest

from graphsvc import fields, services
from tests.graph_snapshot import graph_snapshot
from tests.netman.conftest import bearer

SAVED = {"libid": "ONCTOR", "name": "Toronto Health Sciences", "state": "ON",
         "zip": "M5S 1A8", "base_fee": 2500.0, "timezone": "America/Toronto",
         "subjects": ["oncology"], "delivery_methods": ["EMAIL_PDF"],
         "address": "1 King's College Circle", "phone": "+1 (416) 555-0100 ext. 12",
         "email": "ill@onctor.example.ca", "website": "https://onctor.example.ca/ill",
         "hours": "Mon-Fri 9-5"}


@pytest.fixture
def admin(network, make_token):
    return bearer(make_token("admin"))


def test_a_library_saved_over_http_reimports_from_its_export(client, admin, network):
    answer = client.put("/v1/libraries/ONCTOR", json=SAVED, headers=admin)
    assert answer.status_code in (200, 201), answer.get_json()
    exported = services.export_bundle(network)
    before = graph_snapshot(network)
    again = client.post("/v1/imports", json=exported, headers=admin)
    assert again.status_code == 200, again.get_json()
    assert graph_snapshot(network) == before


@pytest.mark.parametrize(("field", "value"), [
    ("state", "ZZ"), ("zip", "1234"), ("base_fee", 10_001), ("timezone", "Mars/Olympus"),
    ("libid", "ONC123"), ("phone", "call us"), ("email", "ill@onctor"),
    ("website", "ftp://onctor.example.ca"), ("address", "x" * (fields.CONTACT_TEXT_MAX + 1))])
def test_api_and_bundle_refuse_the_same_values(client, admin, network, field, value):
    record = {**SAVED, field: value}
    over_http = client.put(f"/v1/libraries/{record['libid']}", json=record, headers=admin)
    assert over_http.status_code in (404, 422), over_http.get_json()
    bundled = client.post("/v1/imports", json={"libraries": [record]}, headers=admin)
    assert bundled.status_code == 422
    assert field in [e["field"] for e in bundled.get_json()["errors"]]
    if over_http.status_code == 422:
        assert field in [e["field"] for e in over_http.get_json()["errors"]]


def test_the_openapi_document_shows_the_contact_rules(client):
    spec = client.get("/v1/openapi.json").get_json()["components"]["schemas"]
    library = spec["Library"]["properties"]
    assert {name: library[name]["pattern"] for name in ("phone", "email", "website")} == {
        "phone": fields.PHONE.pattern, "email": fields.EMAIL.pattern,
        "website": fields.WEBSITE.pattern}
    assert library["address"]["maxLength"] == library["hours"]["maxLength"] == \
        fields.CONTACT_TEXT_MAX
    alerts = spec["AlertSettings"]["properties"]
    assert (alerts["email"]["pattern"], alerts["webhook_url"]["pattern"],
            alerts["secret"]["minLength"]) == (fields.EMAIL_ADDRESS.pattern,
                                               fields.WEBHOOK_URL.pattern,
                                               fields.WEBHOOK_SECRET_MIN)
