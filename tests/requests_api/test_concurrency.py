"""Two actions racing on one request: exactly one wins, the history stays consistent."""

from __future__ import annotations

import threading

from tests.requests_api.conftest import act, actions, create

RECEIVED_AT = "2026-10-05T11:00:00-04:00"


def race(app, rid, *bodies) -> list[int]:
    """Post each action body from its own thread and client, all released at once."""
    barrier = threading.Barrier(len(bodies))
    statuses = [None] * len(bodies)

    def post(i, body):
        client = app.test_client()
        barrier.wait(timeout=10)
        statuses[i] = client.post(f"/v1/requests/{rid}/actions", json=body).status_code

    threads = [threading.Thread(target=post, args=(i, b)) for i, b in enumerate(bodies)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return statuses


def test_fill_and_not_fill_racing_exactly_one_wins(app, client, loaded):
    fill = {"action": "FILL", "lender": "WAUSEA", "at": "2026-10-05T12:00:00-04:00"}
    reject = {"action": "NOT_FILL", "lender": "WAUSEA", "reason": "NOS",
              "at": "2026-10-05T12:00:00-04:00"}
    for _ in range(3):
        rid = create(client)["id"]
        act(client, rid, "RECEIVE", RECEIVED_AT, "WAUSEA")
        statuses = race(app, rid, fill, reject)
        assert sorted(statuses) == [200, 409]
        view = client.get(f"/v1/requests/{rid}").json
        outcomes = [a for a, _, _ in actions(view)[2:]]
        if statuses[0] == 200:
            assert (view["status"], outcomes) == ("FILLED", ["FILLED"])
        else:
            assert (view["status"], outcomes) == (
                "NEW", ["NOT_FILLED", "REROUTED_ONLINE", "ROUTED"])
        assert loaded.request(rid)[1] == 3  # created, received, one winning action
        assert view["lenders"][0]["outcome"] == outcomes[0]


def test_the_same_receipt_posted_twice_at_once_is_recorded_once(app, client, loaded):
    rid = create(client)["id"]
    receive = {"action": "RECEIVE", "lender": "WAUSEA", "at": RECEIVED_AT}
    assert sorted(race(app, rid, receive, receive)) == [200, 409]
    assert actions(client.get(f"/v1/requests/{rid}").json) == [
        ("ROUTED", "WAUSEA", None), ("RECEIVED", "WAUSEA", None)]
