"""Request queues, reading one request and the event feed, each scoped by the token."""

from __future__ import annotations

import pytest

from api import create_app
from graphsvc.model import Library, Network, Region
from graphsvc.services.auth import create_token
from tests.requests_api.conftest import BODY

MON = "2026-10-05T{}:00:00-04:00"


@pytest.fixture
def secured(loaded):
    """The lifecycle network plus MAUOTH in Region 7, which no request concerns."""
    loaded.import_network(Network(regions=(Region("7", "Region 7", ("MA",), None),),
                                  libraries=(Library("MAUOTH", "Other", state="MA"),)))
    client = create_app({"TESTING": True, "STORE": loaded}).test_client()

    def token(role, **scope):
        secret, _ = create_token(loaded, role, region=scope.get("region"),
                                 libid=scope.get("libid"))
        return {"Authorization": f"Bearer {secret}"}
    return client, token


@pytest.fixture
def three(secured):
    """Three requests of ORUBOR at 10, 11 and 12: the first received by WAUSEA, the second
    not filled by WAUSEA (now at ORUOHS), the third still new at WAUSEA."""
    client, token = secured
    borrower, wausea = token("library", libid="ORUBOR"), token("library", libid="WAUSEA")
    ids = [client.post("/v1/requests", json={**BODY, "at": MON.format(h)},
                       headers=borrower).json["id"] for h in (10, 11, 12)]
    act = "/v1/requests/{}/actions"
    assert client.post(act.format(ids[0]), headers=wausea, json={
        "action": "RECEIVE", "lender": "WAUSEA", "at": MON.format(13)}).status_code == 200
    assert client.post(act.format(ids[1]), headers=wausea, json={
        "action": "RECEIVE", "lender": "WAUSEA", "at": MON.format(13)}).status_code == 200
    assert client.post(act.format(ids[1]), headers=wausea, json={
        "action": "NOT_FILL", "lender": "WAUSEA", "reason": "NOS",
        "at": MON.format(14)}).status_code == 200
    return client, token, ids


def listed(client, headers, **query) -> dict:
    response = client.get("/v1/requests", query_string=query, headers=headers)
    assert response.status_code == 200, response.json
    return response.json


def ids_of(page) -> list[str]:
    return [r["id"] for r in page["requests"]]


def test_lender_queue_lists_what_it_holds_with_due_times(three):
    client, token, ids = three
    page = listed(client, token("library", libid="WAUSEA"), role="lender")
    assert ids_of(page) == [ids[2], ids[0]]  # newest first; ids[1] moved on to ORUOHS
    new, received = page["requests"]
    assert (new["status"], new["lender"]) == ("NEW", "WAUSEA")
    assert new["receipt_due"] and new["action_due"] is None
    assert received["status"] == "RECEIVED" and received["action_due"]
    waiting = listed(client, token("library", libid="WAUSEA"), role="lender", status="NEW")
    assert ids_of(waiting) == [ids[2]]
    assert ids_of(listed(client, token("library", libid="ORUOHS"), role="lender")) == [ids[1]]


def test_borrower_sees_its_requests_newest_first_page_by_page(three):
    client, token, ids = three
    borrower = token("library", libid="ORUBOR")
    first = listed(client, borrower, role="borrower", limit=2)
    assert ids_of(first) == [ids[2], ids[1]] and first["next_cursor"]
    second = listed(client, borrower, role="borrower", limit=2, cursor=first["next_cursor"])
    assert ids_of(second) == [ids[0]] and second["next_cursor"] is None
    changed = listed(client, borrower, updated_since="2026-10-05T13:30:00-04:00")
    assert ids_of(changed) == [ids[1]]


def test_scopes_library_coordinator_admin(three):
    client, token, ids = three
    everything = [ids[2], ids[1], ids[0]]
    assert ids_of(listed(client, token("admin"))) == everything
    assert ids_of(listed(client, token("coordinator", region="5"))) == everything
    assert ids_of(listed(client, token("coordinator", region="7"))) == []
    assert ids_of(listed(client, token("library", libid="MAUOTH"))) == []
    assert ids_of(listed(client, token("library", libid="MAUOTH"), borrower="ORUBOR")) == []
    assert ids_of(listed(client, token("admin"), lender="ORUOHS")) == [ids[1]]


def test_anonymous_is_401_and_bad_filters_are_422_naming_them(three):
    client, token, _ = three
    assert client.get("/v1/requests").status_code == 401
    admin = token("admin")
    for query, field in (({"cursor": "nope"}, "cursor"), ({"role": "lender"}, "lender"),
                         ({"status": "LOST"}, "status"), ({"limit": 0}, "limit")):
        response = client.get("/v1/requests", query_string=query, headers=admin)
        assert response.status_code == 422, query
        assert field in str(response.json["errors"]), response.json


def test_one_request_is_read_by_its_parties_only(three):
    client, token, ids = three
    url = f"/v1/requests/{ids[0]}"
    assert client.get(url).status_code == 401
    for reader in (token("library", libid="ORUBOR"), token("library", libid="MDUNLM"),
                   token("coordinator", region="1"), token("admin")):
        assert client.get(url, headers=reader).status_code == 200
    for outsider in (token("library", libid="MAUOTH"), token("coordinator", region="7")):
        response = client.get(url, headers=outsider)
        assert response.status_code == 403 and response.json["errors"][0]["field"] == "id"


def feed(client, headers, **query) -> dict:
    response = client.get("/v1/requests/events", query_string=query, headers=headers)
    assert response.status_code == 200, response.json
    return response.json


def test_the_feed_lists_events_in_order_and_resumes_from_a_cursor(three):
    client, token, ids = three
    admin = token("admin")
    first = feed(client, admin)
    kinds = [(e["request_id"], e["type"], e["libid"]) for e in first["events"]]
    assert kinds == [
        (ids[0], "NEW", "ORUBOR"), (ids[0], "ROUTED", "WAUSEA"),
        (ids[1], "NEW", "ORUBOR"), (ids[1], "ROUTED", "WAUSEA"),
        (ids[2], "NEW", "ORUBOR"), (ids[2], "ROUTED", "WAUSEA"),
        (ids[0], "RECEIVED", "WAUSEA"), (ids[1], "RECEIVED", "WAUSEA"),
        (ids[1], "NOT_FILLED", "WAUSEA"), (ids[1], "REROUTED_ONLINE", "WAUSEA"),
        (ids[1], "ROUTED", "ORUOHS")]
    assert first["events"][8]["reason"] == "NOS"
    assert feed(client, admin, since=first["next_cursor"])["events"] == []
    moved = client.post("/v1/tta/run", json={"at": "2026-10-07T00:05:00-04:00"}, headers=admin)
    assert moved.status_code == 200
    later = feed(client, admin, since=first["next_cursor"])["events"]
    assert ("MOVED_BY_TTA", "REMOVED_NOT_RECEIPTED") in [(e["type"], e["reason"]) for e in later]
    paged = feed(client, admin, limit=3)
    assert [e["type"] for e in paged["events"]] == ["NEW", "ROUTED", "NEW"]
    rest = feed(client, admin, since=paged["next_cursor"], limit=8)["events"]
    assert [(e["request_id"], e["type"], e["libid"]) for e in rest] == kinds[3:]


def test_the_feed_is_scoped_like_the_queues(three):
    client, token, ids = three
    assert client.get("/v1/requests/events").status_code == 401
    assert feed(client, token("library", libid="MAUOTH"))["events"] == []
    oruohs = feed(client, token("library", libid="ORUOHS"))["events"]
    assert {e["request_id"] for e in oruohs} == {ids[1]}
    bad = client.get("/v1/requests/events", query_string={"since": "x"},
                     headers=token("admin"))
    assert bad.status_code == 422 and bad.json["errors"][0]["field"] == "since"
