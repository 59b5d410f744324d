"""Who may create, act on and re-route requests: tokens on the lifecycle endpoints."""

from __future__ import annotations

import pytest

from api import create_app
from graphsvc.services.auth import create_token
from tests.requests_api.conftest import BODY


@pytest.fixture
def secured(loaded):
    client = create_app({"TESTING": True, "STORE": loaded}).test_client()

    def token(role, **scope):
        secret, _ = create_token(loaded, role, region=scope.get("region"),
                                 libid=scope.get("libid"))
        return {"Authorization": f"Bearer {secret}"}
    return client, token


def test_creating_needs_the_borrowers_token(secured):
    client, token = secured
    assert client.post("/v1/requests", json=BODY).status_code == 401
    assert client.post("/v1/requests", json=BODY,
                       headers=token("library", libid="WAUSEA")).status_code == 403
    assert client.post("/v1/requests", json=BODY,
                       headers=token("library", libid="ORUBOR")).status_code == 201


def test_lender_acts_and_borrower_cancels(secured):
    client, token = secured
    borrower, lender = token("library", libid="ORUBOR"), token("library", libid="WAUSEA")
    created = client.post("/v1/requests", json=BODY, headers=borrower).json
    url = f"/v1/requests/{created['id']}/actions"
    receive = {"action": "RECEIVE", "lender": "WAUSEA", "at": "2026-10-05T11:00:00-04:00"}
    assert client.post(url, json=receive, headers=borrower).status_code == 403
    assert client.post(url, json=receive, headers=lender).status_code == 200
    cancel = {"action": "CANCEL", "at": "2026-10-05T12:00:00-04:00"}
    assert client.post(url, json=cancel, headers=lender).status_code == 403
    assert client.post(url, json=cancel, headers=borrower).status_code == 200


def test_tta_run_is_for_admins(secured):
    client, token = secured
    body = {"at": "2026-10-07T00:05:00-04:00"}
    assert client.post("/v1/tta/run", json=body).status_code == 401
    assert client.post("/v1/tta/run", json=body,
                       headers=token("coordinator", region="5")).status_code == 403
    assert client.post("/v1/tta/run", json=body, headers=token("admin")).status_code == 200
