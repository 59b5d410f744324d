"""Holdings subcoordinators on the real database: a subcoordinator token writes the holdings
(and only the holdings) of the libraries its region's coordinator assigned to it; every
holdings write records who made it."""

from __future__ import annotations

import json

import pytest

from graphsvc.cli import main
from graphsvc.services.auth import create_token
from tests.netman.conftest import bearer, cli_env, make_token  # noqa: F401

HOLDINGS = [{"nlm_uid": "7501160", "ranges": [{"begin_year": 2000}]}]


@pytest.fixture
def sub(network):
    """A region 5 subcoordinator: ``(secret, id)``."""
    secret, _ = create_token(network, "subcoordinator", region="5")
    token_id = network.subcoordinators(region="5")[0]["hash"][:12]
    return secret, token_id


def test_assigned_holdings_only_and_every_write_names_its_writer(client, network, make_token,
                                                                  sub):
    secret, token_id = sub
    coordinator = bearer(make_token("coordinator", region="5"))
    assigned = client.put(f"/v1/subcoordinators/{token_id}/libraries",
                          json={"libraries": ["ORUPAC", "WAUUHS"]}, headers=coordinator)
    assert assigned.status_code == 200, assigned.json
    assert assigned.json["libraries"] == ["ORUPAC", "WAUUHS"]
    listed = client.get("/v1/subcoordinators", headers=coordinator).json["subcoordinators"]
    assert [(s["id"], s["region"], s["libraries"]) for s in listed] == [
        (token_id, "5", ["ORUPAC", "WAUUHS"])]

    mine = bearer(secret)
    assert client.put("/v1/libraries/ORUPAC/holdings", json=HOLDINGS,
                      headers=mine).status_code == 200
    assert network.holdings("ORUPAC")[0][0].nlm_uid == "7501160"
    refused = [client.put("/v1/libraries/ORUOHS/holdings", json=HOLDINGS, headers=mine),
               client.put("/v1/libraries/ORUPAC", json={"libid": "ORUPAC", "name": "X",
                                                        "state": "OR"}, headers=mine),
               client.put("/v1/libraries/ORUPAC/routing-table", json={
                   "cells": {}, "do_not_route": [], "manual_map": []}, headers=mine),
               client.put(f"/v1/subcoordinators/{token_id}/libraries",
                          json={"libraries": ["ORUOHS"]}, headers=mine)]
    assert [r.status_code for r in refused] == [403, 403, 403, 403]
    assert network.holdings("ORUOHS")[0][0].nlm_uid == "7501160"  # as loaded, unchanged

    assert client.put("/v1/libraries/ORUPAC/holdings", json=HOLDINGS,
                      headers=coordinator).status_code == 200
    writes = client.get("/v1/libraries/ORUPAC/holdings/writes").json["writes"]
    assert [(w["role"], w["token_id"] == token_id, w["written"]) for w in writes] == [
        ("coordinator", False, 1), ("subcoordinator", True, 1)]  # newest first


def test_only_the_regions_coordinator_assigns_and_revokes(client, network, make_token, sub):
    _, token_id = sub
    others = [bearer(make_token("coordinator", region="7")),
              bearer(make_token("library", libid="ORUPAC"))]
    for headers in others:
        response = client.put(f"/v1/subcoordinators/{token_id}/libraries",
                              json={"libraries": ["ORUPAC"]}, headers=headers)
        assert response.status_code == 403, response.json
    assert client.get("/v1/subcoordinators", headers=others[1]).status_code == 403
    assert client.get("/v1/subcoordinators", headers=others[0]).json["subcoordinators"] == []
    coordinator = bearer(make_token("coordinator", region="5"))
    outside = client.put(f"/v1/subcoordinators/{token_id}/libraries",
                         json={"libraries": ["MAUTUF"]}, headers=coordinator)
    assert outside.status_code == 422 and "region 5" in outside.json["detail"]
    assert client.put("/v1/subcoordinators/0123456789ab/libraries", json={"libraries": []},
                      headers=coordinator).status_code == 404
    assert client.put(f"/v1/subcoordinators/{token_id}/libraries",
                      json={"libraries": ["ORUPAC"]}, headers=coordinator).status_code == 200
    gone = client.delete(f"/v1/subcoordinators/{token_id}/libraries/ORUPAC", headers=coordinator)
    assert gone.status_code == 200 and gone.json["libraries"] == []
    assert client.delete(f"/v1/subcoordinators/{token_id}/libraries/ORUPAC",
                         headers=coordinator).status_code == 404
    assert client.put("/v1/libraries/ORUPAC/holdings", json=HOLDINGS,
                      headers=bearer(sub[0])).status_code == 403


def test_subcoordinators_from_the_command_line(network, sub, cli_env, capsys):
    _, token_id = sub
    assert main(["subcoordinator", "assign", token_id, "ORUPAC"]) == 0
    assert main(["subcoordinator", "assign", token_id, "WAUUHS"]) == 0
    capsys.readouterr()
    assert main(["subcoordinator", "list", "--region", "5"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["libraries"] == ["ORUPAC", "WAUUHS"]
    assert main(["subcoordinator", "revoke", token_id, "WAUUHS"]) == 0
    assert main(["subcoordinator", "assign", token_id, "MAUTUF"]) == 2
    assert main(["token", "create", "--role", "subcoordinator"]) == 2  # needs --region
