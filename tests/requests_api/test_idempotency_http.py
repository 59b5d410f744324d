"""Idempotency-Key on POST /v1/requests, actions and imports: one effect per key."""

from __future__ import annotations

import datetime as dt
import json
import threading

from api import create_app
from graphsvc.io.bundle import dump_bundle
from graphsvc.services import idempotency
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


def test_a_key_expires_after_a_day(client, loaded):
    first = client.post("/v1/requests", json=BODY, headers=KEY)
    assert first.status_code == 201 and request_count(loaded) == 1
    asked = idempotency.fingerprint("POST", "/v1/requests", b"{}")  # another body
    later = dt.datetime.now(dt.UTC) + idempotency.KEEP + dt.timedelta(minutes=1)
    claim, kept = idempotency.begin(loaded, "anonymous", KEY["Idempotency-Key"], asked,
                                    now=later)
    assert kept is None and claim is not None  # a new key again: another body is fine
    idempotency.finish(loaded, "anonymous", KEY["Idempotency-Key"], claim, None)
    again = client.post("/v1/requests", json=BODY, headers=KEY)
    assert again.status_code == 201 and "Idempotent-Replayed" not in again.headers
    assert again.json["id"] != first.json["id"] and request_count(loaded) == 2


def test_an_abandoned_claim_does_not_block_the_key(client, loaded):
    """A claim whose process died half-way (no answer, never released) is taken over by a
    retry once it is ABANDONED old."""
    asked = idempotency.fingerprint("POST", "/v1/requests", json.dumps(BODY).encode())
    then = dt.datetime.now(dt.UTC) - idempotency.ABANDONED - dt.timedelta(seconds=1)
    claim, _ = idempotency.begin(loaded, "anonymous", "dying-1", asked, now=then)
    assert claim is not None
    retried = client.post("/v1/requests", json=BODY, headers={"Idempotency-Key": "dying-1"})
    assert retried.status_code == 201 and request_count(loaded) == 1
    assert "Idempotent-Replayed" not in retried.headers


def _old_answers(store, n: int) -> None:
    old = dt.datetime.now(dt.UTC) - idempotency.KEEP - dt.timedelta(hours=1)
    for k in range(n):
        claim, _ = idempotency.begin(store, "anonymous", f"old-{k}", "x", now=old)
        idempotency.finish(store, "anonymous", f"old-{k}", claim,
                           idempotency.Answer(200, "{}", "application/json"))


def test_expired_records_are_deleted_in_batches(loaded, monkeypatch):
    monkeypatch.setitem(idempotency._purge, "next", float("inf"))  # no purge by begin
    _old_answers(loaded, 3)
    fresh, _ = idempotency.begin(loaded, "anonymous", "fresh", "x")
    cutoff = (dt.datetime.now(dt.UTC) - idempotency.KEEP).isoformat(timespec="microseconds")
    assert loaded.delete_expired_idempotency_keys(cutoff, limit=2) == 2
    assert loaded.delete_expired_idempotency_keys(cutoff, limit=2) == 1
    assert loaded.delete_expired_idempotency_keys(cutoff) == 0
    assert loaded.idempotency_record("anonymous fresh")["claim"] == fresh
    assert loaded.idempotency_record("anonymous old-0") is None


def test_claiming_a_key_deletes_expired_records_once_an_hour(loaded, monkeypatch):
    monkeypatch.setitem(idempotency._purge, "next", float("inf"))
    _old_answers(loaded, 2)
    idempotency.begin(loaded, "anonymous", "new-1", "x")
    assert loaded.idempotency_record("anonymous old-1") is not None  # not due yet
    monkeypatch.setitem(idempotency._purge, "next", 0.0)
    idempotency.begin(loaded, "anonymous", "new-2", "x")
    assert [loaded.idempotency_record(f"anonymous old-{k}") for k in range(2)] == [None, None]
    assert loaded.idempotency_record("anonymous new-1") is not None
    assert idempotency._purge["next"] > 0.0  # the next one is an hour away
