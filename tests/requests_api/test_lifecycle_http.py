"""Requests walked through every status and reason over HTTP, against the real database."""

from __future__ import annotations

from graphsvc.requests import REASON_CODES, STOP_REASONS
from tests.requests_api.conftest import BODY, act, actions, create

MON = "2026-10-05T{}-04:00"  # Monday 5 October 2026, US Eastern (EDT)


def test_create_keeps_the_sequence_and_the_first_lender_receives_it(client, loaded):
    view = create(client)
    assert view["status"] == "NEW" and view["id"].startswith("R") and len(view["id"]) == 13
    assert (view["lender"], view["via"], view["cell"]) == ("WAUSEA", "CELL", 1)
    assert [(s["libid"], s["via"], s["cell"]) for s in view["sequence"]] == [
        ("WAUSEA", "CELL", 1), ("ORUOHS", "CELL", 2), ("MDUNLM", "NLM", None)]
    # Normal, routed Monday: removed at 00:05 Eastern on Wednesday unless received.
    assert view["receipt_due"] == "2026-10-07T00:05:00-04:00" and view["action_due"] is None
    assert view["lenders"][0]["receipt_due"] == view["receipt_due"]
    assert actions(view) == [("ROUTED", "WAUSEA", None)]
    # the answer to the creation also says how routing understood the citation
    assert view.pop("citation")["matched_by"] == "NLM_UID" and view.pop("notes") == []
    assert client.get(f"/v1/requests/{view['id']}").json == view


def test_request_is_stored_in_the_graph_without_bumping_the_network(client, loaded):
    before = loaded.version()
    view = create(client)
    assert loaded.version() == before
    rows = loaded.driver.execute_query(
        "MATCH (r:Request {id: $id})-[e]->(x) "
        "RETURN type(e) AS kind, coalesce(x.libid, x.nlm_uid) AS key, e.via AS via "
        "ORDER BY kind", {"id": view["id"]}, database_=loaded.database).records
    assert [tuple(r.values()) for r in rows] == [
        ("BORROWED_BY", "ORUBOR", None), ("FOR_TITLE", "0255562", None),
        ("ROUTED_TO", "WAUSEA", "CELL")]


def test_receive_then_fill(client, loaded):
    rid = create(client)["id"]
    received = act(client, rid, "RECEIVE", MON.format("11:00:00"), "WAUSEA").json
    assert received["status"] == "RECEIVED"
    assert received["action_due"] == "2026-10-09T00:05:00-04:00"  # Normal: 4th business day
    filled = act(client, rid, "FILL", MON.format("15:00:00"), "WAUSEA").json
    assert filled["status"] == "FILLED" and filled["lender"] is None
    assert filled["receipt_due"] is None and filled["action_due"] is None
    assert actions(filled) == [("ROUTED", "WAUSEA", None), ("RECEIVED", "WAUSEA", None),
                               ("FILLED", "WAUSEA", None)]
    assert filled["lenders"][0]["outcome"] == "FILLED"
    assert filled["lenders"][0]["received_at"] == "2026-10-05T11:00:00-04:00"


def test_a_non_stop_reason_moves_the_request_to_the_next_lender(client, loaded):
    for reason in sorted(set(REASON_CODES) - set(STOP_REASONS)):
        rid = create(client)["id"]
        act(client, rid, "RECEIVE", MON.format("11:00:00"), "WAUSEA")
        view = act(client, rid, "NOT_FILL", MON.format("12:00:00"), "WAUSEA", reason).json
        assert (view["status"], view["lender"], view["via"]) == ("NEW", "ORUOHS", "CELL")
        assert actions(view)[2:] == [("NOT_FILLED", "WAUSEA", reason),
                                     ("REROUTED_ONLINE", "WAUSEA", reason),
                                     ("ROUTED", "ORUOHS", None)]
        assert [(x["libid"], x["outcome"], x["reason"]) for x in view["lenders"]] == [
            ("WAUSEA", "NOT_FILLED", reason), ("ORUOHS", None, None)]


def test_a_stop_reason_retires_the_request(client, loaded):
    for reason in STOP_REASONS:
        rid = create(client)["id"]
        act(client, rid, "RECEIVE", MON.format("11:00:00"), "WAUSEA")
        view = act(client, rid, "NOT_FILL", MON.format("12:00:00"), "WAUSEA", reason).json
        assert (view["status"], view["lender"]) == ("NOT_FILLED", None)
        assert actions(view)[-1] == ("NOT_FILLED", "WAUSEA", reason)


def test_rejected_by_every_lender_goes_beyond_the_routing_map(client, loaded):
    rid = create(client)["id"]
    for hour, libid in ((11, "WAUSEA"), (12, "ORUOHS"), (13, "MDUNLM")):
        act(client, rid, "RECEIVE", MON.format(f"{hour}:00:00"), libid)
        view = act(client, rid, "NOT_FILL", MON.format(f"{hour}:30:00"), libid, "NOS").json
    assert view["status"] == "BEYOND_ROUTING_MAP"
    assert actions(view)[-1] == ("BEYOND_ROUTING_MAP", None, None)
    assert [x["libid"] for x in view["lenders"]] == ["WAUSEA", "ORUOHS", "MDUNLM"]


def test_no_qualifying_lender_is_beyond_the_routing_map_at_once(client, loaded):
    view = create(client, citation={"nlm_uid": "0000001", "year": 2015}, route_to_nlm=False)
    assert (view["status"], view["sequence"], view["lenders"]) == ("BEYOND_ROUTING_MAP", [], [])


def test_cancel_a_new_request_at_once(client, loaded):
    rid = create(client)["id"]
    view = act(client, rid, "CANCEL", MON.format("10:30:00")).json
    assert view["status"] == "CANCELLED"
    assert actions(view)[-1] == ("CANCELLED", "ORUBOR", None)
    assert view["lenders"][0]["outcome"] == "CANCELLED"


def test_cancel_a_received_request_marks_it_until_the_lender_rejects_it(client, loaded):
    rid = create(client)["id"]
    act(client, rid, "RECEIVE", MON.format("11:00:00"), "WAUSEA")
    marked = act(client, rid, "CANCEL", MON.format("11:30:00")).json
    assert (marked["status"], marked["cancel_requested"]) == ("RECEIVED", True)
    assert act(client, rid, "CANCEL", MON.format("11:40:00")).status_code == 409
    view = act(client, rid, "NOT_FILL", MON.format("12:00:00"), "WAUSEA", "NOS").json
    assert view["status"] == "CANCELLED"
    assert actions(view)[-2:] == [("NOT_FILLED", "WAUSEA", "NOS"), ("CANCELLED", "ORUBOR", None)]


def test_a_lender_may_still_fill_a_request_marked_for_cancellation(client, loaded):
    rid = create(client)["id"]
    act(client, rid, "RECEIVE", MON.format("11:00:00"), "WAUSEA")
    act(client, rid, "CANCEL", MON.format("11:30:00"))
    assert act(client, rid, "FILL", MON.format("12:00:00"), "WAUSEA").json["status"] == "FILLED"


def test_need_by_passed_at_a_reroute_expires_the_request(client, loaded):
    rid = create(client, need_by="2026-10-05")["id"]
    act(client, rid, "RECEIVE", MON.format("11:00:00"), "WAUSEA")
    view = act(client, rid, "NOT_FILL", "2026-10-06T09:00:00-04:00", "WAUSEA", "USE").json
    assert view["status"] == "EXPIRED"
    assert actions(view)[-1] == ("EXPIRED", None, None)


def test_an_action_that_does_not_fit_is_409_and_changes_nothing(client, loaded):
    rid = create(client)["id"]
    before = client.get(f"/v1/requests/{rid}").json
    for action, lender, reason, why in [
            ("RECEIVE", "ORUOHS", None, "not the current lender"),
            ("FILL", "WAUSEA", None, "needs status RECEIVED"),
            ("NOT_FILL", "WAUSEA", "NOS", "needs status RECEIVED")]:
        response = act(client, rid, action, MON.format("11:00:00"), lender, reason)
        assert response.status_code == 409 and response.mimetype == "application/problem+json"
        assert why in response.json["detail"]
    assert client.get(f"/v1/requests/{rid}").json == before


def test_actions_on_a_finished_request_are_409(client, loaded):
    rid = create(client)["id"]
    act(client, rid, "CANCEL", MON.format("10:30:00"))
    before = client.get(f"/v1/requests/{rid}").json
    for action in ("RECEIVE", "CANCEL"):
        response = act(client, rid, action, MON.format("11:00:00"), "WAUSEA")
        assert response.status_code == 409 and "CANCELLED" in response.json["detail"]
    assert client.get(f"/v1/requests/{rid}").json == before


def test_receiving_twice_is_409(client, loaded):
    rid = create(client)["id"]
    assert act(client, rid, "RECEIVE", MON.format("11:00:00"), "WAUSEA").status_code == 200
    assert act(client, rid, "RECEIVE", MON.format("11:05:00"), "WAUSEA").status_code == 409
    assert len(client.get(f"/v1/requests/{rid}").json["history"]) == 2


def test_an_action_before_the_last_event_is_409(client, loaded):
    rid = create(client)["id"]
    assert act(client, rid, "RECEIVE", MON.format("09:00:00"), "WAUSEA").status_code == 409


BAD_BODIES = [
    ({"action": "LOSE", "lender": "WAUSEA"}, "action"),
    ({"action": "NOT_FILL", "lender": "WAUSEA"}, "reason"),
    ({"action": "NOT_FILL", "lender": "WAUSEA", "reason": "XYZ"}, "reason"),
    ({"action": "FILL", "lender": "WAUSEA", "reason": "NOS"}, "reason"),
    ({"action": "RECEIVE"}, "lender"),
    ({"action": "RECEIVE", "lender": "WAUSEA", "at": "2026-10-05T11:00:00"}, "at"),
    ({"action": "RECEIVE", "lender": "WAUSEA", "colour": "red"}, "colour"),
]


def test_a_bad_action_body_is_422_naming_the_field(client, loaded):
    rid = create(client)["id"]
    for body, field in BAD_BODIES:
        response = client.post(f"/v1/requests/{rid}/actions", json=body)
        assert response.status_code == 422 and response.mimetype == "application/problem+json"
        assert field in {e["field"] for e in response.json["errors"]}, body
    assert len(client.get(f"/v1/requests/{rid}").json["history"]) == 1


def test_unknown_request_is_404(client, loaded):
    assert client.get("/v1/requests/R000000000000").status_code == 404
    response = act(client, "R000000000000", "RECEIVE", MON.format("11:00:00"), "WAUSEA")
    assert response.status_code == 404 and response.mimetype == "application/problem+json"


def test_unknown_borrower_is_404_and_stores_nothing(client, loaded):
    response = client.post("/v1/requests", json={
        "borrower": "ORUXXX", "citation": {"nlm_uid": "0255562", "year": 2015},
        "at": "2026-10-05T10:00:00-04:00"})
    assert response.status_code == 404
    rows = loaded.driver.execute_query("MATCH (r:Request) RETURN count(r) AS n",
                                       database_=loaded.database).records
    assert rows[0]["n"] == 0


def test_need_by_already_past_is_422(client, loaded):
    response = client.post("/v1/requests", json={**BODY, "need_by": "2026-10-04"})
    assert response.status_code == 422 and response.json["errors"][0]["field"] == "need_by"


def test_openapi_lists_the_request_endpoints(client):
    paths = client.get("/v1/openapi.json").json["paths"]
    assert {"/v1/requests", "/v1/requests/{request_id}", "/v1/requests/{request_id}/actions",
            "/v1/tta/run", "/v1/reports/lender-performance"} <= set(paths)
    assert "409" in paths["/v1/requests/{request_id}/actions"]["post"]["responses"]
