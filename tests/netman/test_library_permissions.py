"""Who may change which field of a library, over HTTP: PUT, PATCH (JSON Merge Patch) and the
out-of-office endpoints all go through the one table of graphsvc.services.permissions."""

from __future__ import annotations

import pytest

from tests.netman.conftest import bearer

PROBLEM = "application/problem+json"
MERGE_PATCH = "application/merge-patch+json"
PACIFIC = "/v1/libraries/ORUPAC"


@pytest.fixture
def own(network, make_token):
    return bearer(make_token("library", libid="ORUPAC"))


@pytest.fixture
def record(client, network):
    """ORUPAC's stored record as a PUT body."""
    body = client.get(PACIFIC).json
    return {k: v for k, v in body.items() if k not in ("groups", "holdings", "region")}


def patch(client, body, headers, content_type=MERGE_PATCH, path=PACIFIC):
    import json

    return client.patch(path, data=json.dumps(body), content_type=content_type, headers=headers)


@pytest.mark.parametrize("change", [
    {"name": "Pacific University Library"}, {"delivery_methods": ["EMAIL_PDF", "MAIL"]},
    {"fills_rush": True, "fills_urgent": True}, {"efts": True}, {"base_fee": 12.5},
    {"subjects": ["oncology"]}, {"serves": ["GENERAL_PUBLIC"]},
    {"out_of_office": [{"start": "2027-01-04", "end": "2027-01-08"}]},
    {"address": "2043 College Way", "phone": "503-352-6151", "email": "ill@pacificu.edu",
     "website": "https://www.pacificu.edu/library", "hours": "Mon-Fri 8-5"},
])
def test_a_library_changes_its_operational_fields(client, network, own, record, change):
    assert client.put(PACIFIC, json={**record, **change}, headers=own).status_code == 200
    stored = client.get(PACIFIC).json
    assert {k: stored[k] for k in change} == change


@pytest.mark.parametrize(("change", "fields"), [
    ({"type": "NLM"}, ["type"]), ({"type": "RML"}, ["type"]),
    ({"participation": "NLM_ONLY"}, ["participation"]),
    ({"state": "WA"}, ["state"]), ({"zip": "98101"}, ["zip"]), ({"city": "Seattle"}, ["city"]),
    ({"lat": 47.6, "lon": -122.3}, ["lat", "lon"]), ({"timezone": "America/Chicago"},
                                                     ["timezone"]),
    ({"type": "NLM", "name": "Renamed", "state": "NC"}, ["type", "state"]),
])
def test_a_library_may_not_promote_or_move_itself(client, network, own, record, change, fields,
                                                  graph_unchanged):
    with graph_unchanged("PUT"):
        response = client.put(PACIFIC, json={**record, **change}, headers=own)
        assert response.status_code == 403 and response.mimetype == PROBLEM
        assert [p["field"] for p in response.json["errors"]] == fields
    with graph_unchanged("PATCH"):
        response = patch(client, change, own)
        assert response.status_code == 403 and response.mimetype == PROBLEM
        assert [p["field"] for p in response.json["errors"]] == fields


def test_the_coordinator_of_the_region_or_an_admin_may(client, network, make_token, record):
    coordinator = bearer(make_token("coordinator", region="5"))
    assert patch(client, {"type": "RESOURCE", "participation": "NLM_ONLY"},
                 coordinator).status_code == 200
    assert patch(client, {"state": "WA", "zip": "98101"}, coordinator).status_code == 200
    admin = bearer(make_token("admin"))
    assert patch(client, {"state": "MA"}, admin).status_code == 200
    stored = network.library("ORUPAC")["library"]
    assert (stored.type, stored.participation, stored.state, stored.zip) == \
        ("RESOURCE", "NLM_ONLY", "MA", "98101")


def test_a_coordinator_may_not_move_a_library_into_another_region(client, network, make_token,
                                                                  graph_unchanged):
    coordinator = bearer(make_token("coordinator", region="5"))
    with graph_unchanged():
        response = patch(client, {"state": "MA"}, coordinator)
        assert response.status_code == 403 and response.mimetype == PROBLEM


def test_a_library_token_may_not_create_a_library(client, network, make_token,
                                                  graph_unchanged):
    secret = make_token("library", libid="ORUPAC")
    network.driver.execute_query("MATCH (l:Library {libid: 'ORUPAC'}) DETACH DELETE l",
                                 database_=network.database)
    with graph_unchanged():
        response = client.put(PACIFIC, json={"libid": "ORUPAC", "name": "Back", "state": "OR"},
                              headers=bearer(secret))
        assert response.status_code == 403
        assert {"type", "state"} <= {p["field"] for p in response.json["errors"]}


def test_patch_is_a_json_merge_patch(client, network, own):
    before = client.get(PACIFIC).json
    response = patch(client, {"fills_rush": True, "delivery_methods": ["FAX"],
                              "base_fee": 3}, own)
    assert response.status_code == 200
    after = client.get(PACIFIC).json
    assert after == {**before, "fills_rush": True, "delivery_methods": ["FAX"], "base_fee": 3.0}
    assert patch(client, {"base_fee": None}, own, content_type="application/json").json[
        "base_fee"] is None


@pytest.mark.parametrize(("body", "status", "field"), [
    ({"fills_rush": "maybe"}, 422, "fills_rush"), ({"name": None}, 422, "name"),
    ({"colour": "red"}, 422, "colour"), ({"libid": "ORUOHS"}, 422, "libid"),
    ({"delivery_methods": ["PIGEON"]}, 422, "delivery_methods.0"),
    ([{"name": "x"}], 422, "body"), ("renamed", 422, "body"),
])
def test_bad_patches_are_refused_and_change_nothing(client, network, own, body, status, field,
                                                    graph_unchanged):
    with graph_unchanged():
        response = patch(client, body, own)
        assert response.status_code == status and response.mimetype == PROBLEM
        assert field in [p["field"] for p in response.json["errors"]], response.json


def test_patch_of_an_unknown_library_is_404(client, network, make_token):
    admin = bearer(make_token("admin"))
    assert patch(client, {"name": "x"}, admin, path="/v1/libraries/ORUXXX").status_code == 404


def test_out_of_office_is_added_and_removed(client, network, own):
    period = {"start": "2027-02-01", "end": "2027-02-05"}
    first = client.post(f"{PACIFIC}/out-of-office", json=period, headers=own)
    assert first.status_code == 200 and first.json["out_of_office"] == [period]
    earlier = {"start": "2027-01-10", "end": "2027-01-12"}
    again = client.post(f"{PACIFIC}/out-of-office", json=period, headers=own)
    assert again.json["out_of_office"] == [period]
    both = client.post(f"{PACIFIC}/out-of-office", json=earlier, headers=own)
    assert both.json["out_of_office"] == [earlier, period]
    cleared = client.delete(f"{PACIFIC}/out-of-office", headers=own)
    assert cleared.status_code == 200 and cleared.json["out_of_office"] == []
    assert network.library("ORUPAC")["library"].out_of_office == ()


def test_out_of_office_is_refused_for_other_libraries_and_bad_dates(client, network, make_token,
                                                                    graph_unchanged):
    other = bearer(make_token("library", libid="ORUOHS"))
    own = bearer(make_token("library", libid="ORUPAC"))
    with graph_unchanged():
        assert client.post(f"{PACIFIC}/out-of-office", headers=other,
                           json={"start": "2027-02-01", "end": "2027-02-05"}).status_code == 403
        assert client.delete(f"{PACIFIC}/out-of-office", headers=other).status_code == 403
        reversed_ = client.post(f"{PACIFIC}/out-of-office", headers=own,
                                json={"start": "2027-02-05", "end": "2027-02-01"})
        assert reversed_.status_code == 422 and reversed_.json["errors"][0]["field"] == "end"
        assert client.post(f"{PACIFIC}/out-of-office", headers=own,
                           json={"start": "2027-02-05"}).status_code == 422
