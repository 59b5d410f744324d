"""POST /v1/libraries/{libid}/routing-table/dry-run over HTTP on the real database."""

from __future__ import annotations

import pytest

from tests.requests_api.conftest import act, create

URL = "/v1/libraries/ORUBOR/routing-table/dry-run"
MON = "2026-10-05T{}-04:00"


@pytest.fixture
def history(client, loaded):
    return walk_history(client)


def walk_history(client) -> list[str]:
    """Four requests of ORUBOR: WAUSEA fills three; the fourth it cannot, and ORUOHS fills."""
    ids = [create(client, seed=i)["id"] for i in range(4)]
    for rid in ids[:3]:
        act(client, rid, "RECEIVE", MON.format("11:00:00"), "WAUSEA")
        act(client, rid, "FILL", MON.format("12:00:00"), "WAUSEA")
    act(client, ids[3], "RECEIVE", MON.format("11:00:00"), "WAUSEA")
    act(client, ids[3], "NOT_FILL", MON.format("12:00:00"), "WAUSEA", "NOS")
    act(client, ids[3], "RECEIVE", MON.format("13:00:00"), "ORUOHS")
    act(client, ids[3], "FILL", MON.format("14:00:00"), "ORUOHS")
    return ids


def test_a_proposed_table_is_compared_with_the_current_one(client, history):
    before = client.get("/v1/libraries/ORUBOR/routing-table").json
    response = client.post(URL, json={"cells": {"1": ["ORUOHS"]}})
    assert response.status_code == 200, response.json
    result = response.json
    assert (result["libid"], result["requests"], result["days"]) == ("ORUBOR", 4, 365)
    assert result["current"] == {"average_lenders": 3.0, "first_in_cells_1_3": 1.0,
                                 "beyond_routing_map": 0, "expected_first_fill": 0.8}
    assert result["proposed"]["average_lenders"] == 2.0  # ORUOHS, then NLM
    assert result["network_fill_rate"] == 0.8  # 4 filled of 5 received; each has < 10
    assert result["load"] == [{"libid": "ORUOHS", "current": 0, "proposed": 4, "change": 4},
                              {"libid": "WAUSEA", "current": 4, "proposed": 0, "change": -4}]
    assert client.get("/v1/libraries/ORUBOR/routing-table").json == before  # nothing changed


def test_an_empty_table_sends_everything_to_nlm_first(client, history):
    result = client.post(URL, json={"cells": {}}).json
    assert result["proposed"] == {"average_lenders": 1.0, "first_in_cells_1_3": 0.0,
                                  "beyond_routing_map": 0, "expected_first_fill": 0.8}
    assert {row["libid"]: row["change"] for row in result["load"]} == {
        "MDUNLM": 4, "WAUSEA": -4}


def test_a_short_window_replays_nothing(client, history):
    result = client.post(URL, json={"cells": {"1": ["ORUOHS"]}, "days": 1}).json
    assert result["requests"] == 0 and result["load"] == []


@pytest.mark.parametrize("body, field", [
    ({"cells": {"1": ["ZZUNKN"]}}, "cells.1[0]"),
    ({"cells": {"1": ["ORUOHS"]}, "days": 0}, "days"),
    ({"cells": {"1": ["ORUOHS"]}, "libid": "WAUSEA"}, "libid"),
    ({"cells": {"1": ["ORUOHS"]}, "surprise": 1}, "surprise"),
])
def test_a_bad_proposal_is_refused_naming_the_field(client, history, body, field):
    response = client.post(URL, json=body)
    assert response.status_code == 422 and response.mimetype == "application/problem+json"
    assert field in [e["field"] for e in response.json["errors"]]


def test_an_unknown_library_is_404(client, loaded):
    assert client.post("/v1/libraries/ZZUNKN/routing-table/dry-run",
                       json={"cells": {}}).status_code == 404
