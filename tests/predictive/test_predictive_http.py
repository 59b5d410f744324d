"""The predictive policy over HTTP, learned from a request history walked on the real database."""

from __future__ import annotations

import pytest

from graphsvc.services import routing as routing_service
from tests.requests_api.conftest import BODY, act, create

MON = "2026-10-05T{}-04:00"


@pytest.fixture
def history(client, loaded):
    """Ten requests: WAUSEA (cell 1) never fills, ORUOHS (cell 2) fills every one in 3 h.
    Then ORUBOR puts both in cell 1."""
    routing_service._LEARNED.clear()  # the once-a-minute cache outlives one test's database
    for seed in range(10):
        rid = create(client, seed=seed)["id"]
        act(client, rid, "RECEIVE", MON.format("10:30:00"), "WAUSEA")
        act(client, rid, "NOT_FILL", MON.format("11:00:00"), "WAUSEA", "NOS")
        act(client, rid, "RECEIVE", MON.format("12:00:00"), "ORUOHS")
        act(client, rid, "FILL", MON.format("14:00:00"), "ORUOHS")
    table = {"cells": {"1": ["WAUSEA", "ORUOHS"]}, "do_not_route": [], "manual_map": []}
    assert client.put("/v1/libraries/ORUBOR/routing-table", json=table).status_code == 200
    yield
    routing_service._LEARNED.clear()


def test_the_lender_that_fills_comes_first_and_says_why(client, history):
    for seed in range(6):
        body = {**BODY, "seed": seed, "policy": {"predictive": True}}
        lenders = client.post("/v1/routing/lender-sequence", json=body).json["lenders"]
        assert [x["libid"] for x in lenders[:2]] == ["ORUOHS", "WAUSEA"]
        assert lenders[0]["why"] == "filled 100% of 10 requests, median 3 h"
        assert lenders[1]["why"] == "filled 0% of 10 requests"


def test_without_the_policy_there_is_no_why_and_the_order_is_drawn(client, history):
    firsts = set()
    for seed in range(12):
        lenders = client.post("/v1/routing/lender-sequence",
                              json={**BODY, "seed": seed}).json["lenders"]
        assert all("why" not in x for x in lenders)
        firsts.add(lenders[0]["libid"])
    assert firsts == {"ORUOHS", "WAUSEA"}
