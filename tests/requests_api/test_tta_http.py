"""Time-Triggered Actions over HTTP and the CLI: weekends, holidays, idempotence, races."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

from graphsvc.cli import main
from graphsvc.requests import run_tta
from tests.requests_api.conftest import act, actions, create

FRIDAY = "2026-10-02T10:00:00-04:00"


def tta(client, at) -> dict:
    response = client.post("/v1/tta/run", json={"at": at})
    assert response.status_code == 200, response.json
    return response.json


def test_rush_routed_friday_not_received_moves_at_the_first_run_on_monday(client, loaded):
    view = create(client, at=FRIDAY, service_level="RUSH")
    assert view["receipt_due"] == "2026-10-05T00:05:00-04:00"
    assert tta(client, "2026-10-03T00:05:00-04:00")["count"] == 0  # Saturday: no business day
    assert tta(client, "2026-10-04T23:59:00-04:00")["count"] == 0
    run = tta(client, "2026-10-05T00:05:00-04:00")
    assert run["moved"] == [{"id": view["id"], "reason": "REMOVED_NOT_RECEIPTED",
                             "from": "WAUSEA", "status": "NEW", "lender": "ORUOHS"}]
    after = client.get(f"/v1/requests/{view['id']}").json
    assert actions(after)[1:] == [("REMOVED_NOT_RECEIPTED", "WAUSEA", None),
                                  ("ROUTED", "ORUOHS", None)]
    assert after["lenders"][0]["outcome"] == "REMOVED_NOT_RECEIPTED"
    assert after["receipt_due"] == "2026-10-06T00:05:00-04:00"  # the new lender's clock


def test_rush_routed_before_labor_day_moves_on_tuesday(client, loaded):
    rid = create(client, at="2026-09-04T15:00:00-04:00", service_level="RUSH")["id"]
    assert tta(client, "2026-09-07T00:05:00-04:00")["count"] == 0  # Labor Day
    assert [m["id"] for m in tta(client, "2026-09-08T00:05:00-04:00")["moved"]] == [rid]


def test_running_twice_for_the_same_instant_changes_nothing(client, loaded):
    ids = [create(client, at=FRIDAY, service_level=level)["id"]
           for level in ("RUSH", "URGENT", "NORMAL")]
    monday = "2026-10-05T00:05:00-04:00"
    assert sorted(m["id"] for m in tta(client, monday)["moved"]) == sorted(ids[:2])
    before = [client.get(f"/v1/requests/{rid}").json for rid in ids]
    versions = [loaded.request(rid)[1] for rid in ids]
    assert tta(client, monday) == {"at": monday, "count": 0, "moved": []}
    assert [client.get(f"/v1/requests/{rid}").json for rid in ids] == before
    assert [loaded.request(rid)[1] for rid in ids] == versions


def test_received_and_not_updated_is_removed_not_acted_upon(client, loaded):
    rid = create(client)["id"]  # Normal, Monday 10:00
    act(client, rid, "RECEIVE", "2026-10-05T11:00:00-04:00", "WAUSEA")
    assert tta(client, "2026-10-08T00:05:00-04:00")["count"] == 0
    run = tta(client, "2026-10-09T00:05:00-04:00")
    assert [(m["reason"], m["from"], m["lender"]) for m in run["moved"]] == [
        ("REMOVED_NOT_ACTED_UPON", "WAUSEA", "ORUOHS")]


def test_a_run_moves_a_request_one_lender_at_most(client, loaded):
    rid = create(client)["id"]
    run = tta(client, "2026-10-30T00:05:00-04:00")
    assert [(m["id"], m["lender"]) for m in run["moved"]] == [(rid, "ORUOHS")]


def test_marked_for_cancellation_and_removed_is_cancelled(client, loaded):
    rid = create(client)["id"]
    act(client, rid, "RECEIVE", "2026-10-05T11:00:00-04:00", "WAUSEA")
    act(client, rid, "CANCEL", "2026-10-05T12:00:00-04:00")
    run = tta(client, "2026-10-09T00:05:00-04:00")
    assert [(m["status"], m["lender"]) for m in run["moved"]] == [("CANCELLED", None)]


def test_removed_from_the_last_lender_is_beyond_the_routing_map(client, loaded):
    rid = create(client, route_to_nlm=False, cells=[1])["id"]
    run = tta(client, "2026-10-07T00:05:00-04:00")
    assert [(m["id"], m["status"]) for m in run["moved"]] == [(rid, "BEYOND_ROUTING_MAP")]


def test_an_action_between_read_and_write_wins_over_the_run(client, loaded):
    rid = create(client)["id"]
    at = dt.datetime(2026, 10, 7, 4, 5, tzinfo=dt.UTC)
    due = loaded.due_requests(at)
    act(client, rid, "RECEIVE", "2026-10-06T23:00:00-04:00", "WAUSEA")  # late, but before
    moved = run_tta([req for req, _ in due], at=at)
    assert loaded.save_requests([(req, due[0][1]) for req, _ in moved]) == set()
    assert client.get(f"/v1/requests/{rid}").json["status"] == "RECEIVED"


def test_tta_needs_an_offset(client, loaded):
    response = client.post("/v1/tta/run", json={"at": "2026-10-05T00:05:00"})
    assert response.status_code == 422 and response.json["errors"][0]["field"] == "at"


def test_cli_tta_run_and_request_show(client, loaded, bolt_server, monkeypatch, capsys):
    monkeypatch.setenv("GRAPHSVC_NEO4J_URI", bolt_server.uri)
    monkeypatch.setenv("GRAPHSVC_NEO4J_USER", bolt_server.auth[0])
    monkeypatch.setenv("GRAPHSVC_NEO4J_PASSWORD", bolt_server.auth[1])
    monkeypatch.setenv("GRAPHSVC_NEO4J_DATABASE", bolt_server.database)
    rid = create(client, at=FRIDAY, service_level="RUSH")["id"]
    capsys.readouterr()
    assert main(["tta", "run", "--at", "2026-10-05T00:05:00-04:00"]) == 0
    assert [m["id"] for m in json.loads(capsys.readouterr().out)["moved"]] == [rid]
    assert main(["request", "show", rid]) == 0
    assert json.loads(capsys.readouterr().out)["lender"] == "ORUOHS"
    assert main(["request", "act", rid, "RECEIVE", "--lender", "ORUOHS",
                 "--at", "2026-10-05T09:00:00-04:00"]) == 0
    assert json.loads(capsys.readouterr().out)["status"] == "RECEIVED"
    assert main(["request", "act", rid, "RECEIVE", "--lender", "ORUOHS",
                 "--at", "2026-10-05T09:00:00-04:00"]) == 2
    assert "needs status NEW" in capsys.readouterr().err


def test_a_run_on_christmas_or_a_weekend_moves_nothing_the_next_business_day_does(client,
                                                                                   loaded):
    rid = create(client, at="2026-12-22T10:00:00-05:00", service_level="RUSH")["id"]
    assert client.get(f"/v1/requests/{rid}").json["receipt_due"] == "2026-12-23T00:05:00-05:00"
    assert tta(client, "2026-12-25T10:00:00-05:00")["count"] == 0  # Christmas (a Friday)
    assert tta(client, "2026-12-27T00:05:00-05:00")["count"] == 0  # Sunday
    assert [m["id"] for m in tta(client, "2026-12-28T00:05:00-05:00")["moved"]] == [rid]


def pacific_seattle(store) -> None:
    (row,) = [r for r in store.libraries() if r["library"].libid == "WAUSEA"]
    store.upsert_library(dataclasses.replace(row["library"], timezone="America/Los_Angeles"))


def test_lender_time_zone_option_over_http(client, loaded):
    pacific_seattle(loaded)
    rid = create(client, at=FRIDAY, service_level="RUSH")["id"]
    body = {"at": "2026-10-05T00:05:00-04:00", "lender_time_zone": True}  # 21:05 Sunday, Seattle
    assert client.post("/v1/tta/run", json=body).json["count"] == 0
    body["at"] = "2026-10-05T03:05:00-04:00"  # 00:05 Monday in Seattle
    assert [m["id"] for m in client.post("/v1/tta/run", json=body).json["moved"]] == [rid]


def test_lender_time_zone_option_on_the_command_line(client, loaded, bolt_server, monkeypatch,
                                                     capsys):
    for name, value in (("URI", bolt_server.uri), ("USER", bolt_server.auth[0]),
                        ("PASSWORD", bolt_server.auth[1]), ("DATABASE", bolt_server.database)):
        monkeypatch.setenv(f"GRAPHSVC_NEO4J_{name}", value)
    pacific_seattle(loaded)
    rid = create(client, at=FRIDAY, service_level="RUSH")["id"]
    capsys.readouterr()
    assert main(["tta", "run", "--lender-time-zone", "--at", "2026-10-05T00:05:00-04:00"]) == 0
    assert json.loads(capsys.readouterr().out)["count"] == 0
    assert main(["tta", "run", "--lender-time-zone", "--at", "2026-10-05T03:05:00-04:00"]) == 0
    assert [m["id"] for m in json.loads(capsys.readouterr().out)["moved"]] == [rid]
