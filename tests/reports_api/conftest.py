"""The request lifecycle network of tests/requests_api, and helpers that walk requests there."""

from __future__ import annotations

import dataclasses

import pytest

from tests.requests_api.conftest import act, app, create, network  # noqa: F401
from tests.test_cli import cli_store  # noqa: F401

PLACES = {"ORUBOR": (45.52, -122.68), "WAUSEA": (47.65, -122.31), "ORUOHS": (45.50, -122.69),
          "MDUNLM": (39.00, -77.10)}


@pytest.fixture
def loaded(store):
    """The lifecycle network of tests/requests_api, its libraries placed on the map."""
    net = network()
    libraries = tuple(dataclasses.replace(lib, lat=PLACES[lib.libid][0],
                                          lon=PLACES[lib.libid][1]) for lib in net.libraries)
    store.import_network(dataclasses.replace(net, libraries=libraries))
    return store


def tta(client, at: str) -> dict:
    response = client.post("/v1/tta/run", json={"at": at})
    assert response.status_code == 200, response.json
    return response.json


def history(client) -> dict:
    """Three requests from ORUBOR on Monday 5 October 2026 (WAUSEA first, then ORUOHS):

    A (NORMAL) never receipted by WAUSEA: TTA moves it to ORUOHS, which fills it;
    B (RUSH) receipted by WAUSEA and left: TTA moves it to ORUOHS;
    C (NORMAL) receipted and filled by WAUSEA on the 5th.
    """
    a = create(client)
    b = create(client, service_level="RUSH")
    assert act(client, b["id"], "RECEIVE", "2026-10-05T11:00:00-04:00", "WAUSEA").status_code \
        == 200
    c = create(client)
    for action in ("RECEIVE", "FILL"):
        assert act(client, c["id"], action, "2026-10-05T12:00:00-04:00", "WAUSEA")\
            .status_code == 200
    b_due = client.get(f"/v1/requests/{b['id']}").json["action_due"]
    moved = tta(client, b_due)["moved"]
    assert {(m["id"], m["reason"]) for m in moved} >= {(b["id"], "REMOVED_NOT_ACTED_UPON")}
    moved += tta(client, a["receipt_due"])["moved"]
    assert (a["id"], "REMOVED_NOT_RECEIPTED") in {(m["id"], m["reason"]) for m in moved}
    for action in ("RECEIVE", "FILL"):
        assert act(client, a["id"], action, "2026-10-09T12:00:00-04:00", "ORUOHS")\
            .status_code == 200
    return {"a": a, "b": b, "c": c, "b_due": b_due}
