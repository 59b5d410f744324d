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


PROBED = {"EMAIL_ADDRESS": "ill@onctor.example.ca", "EMAIL": "ill@onctor.example.ca",
          "WEBSITE": "https://onctor.example.ca/ill", "WEBHOOK_URL": "https://hooks.example/x",
          "PHONE": "+1 (416) 555-0100 ext. 12"}
ODD = ["\x00", "\x09", "\x1c", "\x1f", "\x7f", "\x85", "\xa0", "\u2028", "\ufeff", " ", "é"]


def test_the_document_patterns_decide_as_the_service_does():
    """The OpenAPI document's patterns are read by ECMA regular expressions (a generated
    client's, schemathesis'): each must take and refuse what Python's ``re`` does, control and
    space characters included (``\\s`` differs between the two)."""
    import json
    import shutil
    import subprocess

    if shutil.which("node") is None:
        pytest.skip("node is absent: no ECMA regular expressions to compare with")
    probes = [(name, text[:i] + odd + text[i:]) for name, text in PROBED.items()
              for odd in ODD for i in (0, 9, len(text) - 3, len(text))] + list(PROBED.items())
    script = ("const [pats, probes] = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
              "console.log(JSON.stringify(probes.map(([n, t]) => new RegExp(pats[n], 'u')"
              ".test(t))))")
    patterns = {name: getattr(fields, name).pattern for name in PROBED}
    ecma = json.loads(subprocess.run(["node", "-e", script], check=True, capture_output=True,
                                     text=True, input=json.dumps([patterns, probes])).stdout)
    python = [bool(getattr(fields, name).match(text)) for name, text in probes]
    assert [p for p, e, py in zip(probes, ecma, python, strict=True) if e != py] == []
    assert all(python[-len(PROBED):])
