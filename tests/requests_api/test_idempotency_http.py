"""Idempotency-Key on POST /v1/requests, actions and imports: one effect per key."""

from __future__ import annotations

import threading

from api import create_app
from graphsvc.io.bundle import dump_bundle
from graphsvc.services.auth import create_token
from tests.requests_api.conftest import BODY, network

KEY = {"Idempotency-Key": "create-0001"}


def request_count(store) -> int:
    return len(store.request_queue(limit=100))


def test_a_repeat_gets_the_same_answer_and_creates_nothing(client, loaded):
    first = client.post("/v1/requests", json=BODY, headers=KEY)
    again = client.post("/v1/requests", json=BODY, headers=KEY)
    assert first.status_code == again.status_code == 201
    assert again.json == first.json
    assert again.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert request_count(loaded) == 1
    assert client.post("/v1/requests", json=BODY).status_code == 201  # no key: a new one
    assert request_count(loaded) == 2


def test_the_same_key_with_another_body_is_422_and_changes_nothing(client, loaded):
    assert client.post("/v1/requests", json=BODY, headers=KEY).status_code == 201
    other = client.post("/v1/requests", json={**BODY, "seed": 8}, headers=KEY)
    assert other.status_code == 422
    assert other.json["errors"][0]["field"] == "Idempotency-Key"
    assert request_count(loaded) == 1
    bad = client.post("/v1/requests", json=BODY, headers={"Idempotency-Key": "x" * 256})
    assert bad.status_code == 422 and bad.json["errors"][0]["field"] == "Idempotency-Key"


def test_an_error_answer_is_kept_too(client, loaded):
    unknown = {**BODY, "borrower": "ORUNON"}
    first = client.post("/v1/requests", json=unknown, headers=KEY)
    again = client.post("/v1/requests", json=unknown, headers=KEY)
    assert first.status_code == again.status_code == 404
    assert again.json == first.json and again.content_type == first.content_type


def test_two_at_once_make_one_request(app, loaded):
    barrier = threading.Barrier(2)
    answers = [None, None]

    def post(i):
        barrier.wait(timeout=10)
        answers[i] = app.test_client().post("/v1/requests", json=BODY, headers=KEY)

    threads = [threading.Thread(target=post, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert [a.status_code for a in answers] == [201, 201]
    assert answers[0].json["id"] == answers[1].json["id"]
    assert request_count(loaded) == 1


def test_a_repeated_action_happens_once(client, loaded):
    rid = client.post("/v1/requests", json=BODY).json["id"]
    receive = {"action": "RECEIVE", "lender": "WAUSEA", "at": "2026-10-05T11:00:00-04:00"}
    headers = {"Idempotency-Key": "receive-1"}
    url = f"/v1/requests/{rid}/actions"
    first, again = (client.post(url, json=receive, headers=headers) for _ in range(2))
    assert first.status_code == again.status_code == 200 and again.json == first.json
    assert [e["action"] for e in client.get(f"/v1/requests/{rid}").json["history"]] == [
        "ROUTED", "RECEIVED"]
    assert client.post(url, json=receive).status_code == 409  # without the key: a second try


def test_keys_belong_to_their_caller_and_cover_imports(loaded):
    client = create_app({"TESTING": True, "STORE": loaded}).test_client()

    def token(role, **scope):
        secret, _ = create_token(loaded, role, **scope)
        return {"Authorization": f"Bearer {secret}", **KEY}

    borrower, admin = token("library", libid="ORUBOR"), token("admin")
    mine = client.post("/v1/requests", json=BODY, headers=borrower)
    theirs = client.post("/v1/requests", json=BODY, headers=admin)
    assert mine.status_code == theirs.status_code == 201
    assert mine.json["id"] != theirs.json["id"]
    bundle = dump_bundle(network())
    imported = [client.post("/v1/imports", json=bundle,
                            headers={**admin, "Idempotency-Key": "import-1"}) for _ in range(2)]
    assert [i.status_code for i in imported] == [200, 200]
    assert imported[1].json == imported[0].json
    assert imported[1].headers["Idempotent-Replayed"] == "true"
    assert client.post("/v1/requests", json=BODY,
                       headers={"Idempotency-Key": "anon"}).status_code == 401
