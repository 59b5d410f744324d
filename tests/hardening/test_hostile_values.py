"""Issue 14.7 and 14.8 over HTTP on the real database: hostile values answer 4xx
problem+json naming the field, never 500; implausible instants are refused; nothing is
written by a refused request."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.graph_snapshot import graph_snapshot
from tests.hardening.network import ROUTING_BODY

DEEP_LIST = "[" * 6000 + "]" * 6000
DEEP_OBJECT = '{"a":' * 6000 + "1" + "}" * 6000
HUGE = "9" * 5000
JSON_WRITES = ["/v1/imports", "/v1/requests", "/v1/tta/run",
               "/v1/libraries/ORUPAC/routing-table", "/v1/libraries/ORUPAC/manual-map",
               "/v1/libraries/ORUPAC/holdings", "/v1/libraries/ORUPAC"]
JSON_READS = ["/v1/routing/lender-sequence", "/v1/referrals", "/v1/coverage/what-if"]
YEAR_1 = "0001-01-01T00:00:00+14:00"
YEAR_9999 = "9999-12-31T23:59:59-12:00"


def assert_names(response, field: str, status: int = 422) -> None:
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    assert response.mimetype == "application/problem+json"
    assert field in [e["field"] for e in response.json.get("errors", [])], response.json


def send(client, path: str, body: str, headers: dict):
    method = "PUT" if path.startswith("/v1/libraries/") else "POST"
    return client.open(path, method=method, data=body,
                       headers={**headers, "Content-Type": "application/json"})


@pytest.mark.parametrize("path", JSON_WRITES + JSON_READS)
def test_deep_json_and_huge_numbers_are_422_on_every_json_endpoint(client, admin, path,
                                                                   loaded):
    before = graph_snapshot(loaded)
    for body in (DEEP_LIST, DEEP_OBJECT):
        assert_names(send(client, path, body, admin), "(body)")
    assert_names(send(client, path, f'{{"at": {HUGE}}}', admin), "at")
    assert graph_snapshot(loaded) == before


def test_bundle_numbers_beyond_their_bounds(client, admin, loaded):
    before = graph_snapshot(loaded)
    for value in (2**64, 2**63 - 1, 601):
        bundle = {"holdings": [{"libid": "ORUPAC", "nlm_uid": "0255562",
                                "embargo_months": value}]}
        answer = client.post("/v1/imports", json=bundle, headers=admin)
        assert answer.status_code == 422, answer.json
        fields = [e.get("field") for e in answer.json["errors"]]
        assert any("embargo_months" in f for f in fields), answer.json
    assert graph_snapshot(loaded) == before


CSV_HEAD = ('"action","record_type","serial_title","nlm_unique_id","holdings_format",'
            '"begin_volume","end_volume","begin_year","end_year","issns","embargo_period"\n')


@pytest.mark.parametrize(("body", "content_type", "field"), [
    (CSV_HEAD + '"","HOLDING","JAMA","7501160","Print","","","","","","99999999999999999999"\n'
     '"","RANGE","","","","1","","1990","",""\n', "text/csv", "embargo_period"),
    (CSV_HEAD + '"","HOLDING","JAMA","7501160","Print","","","","","",""\n'
     '"","RANGE","","","","1","","99999999999999999999","",""\n', "text/csv", "begin_year"),
    ("publication_title\tprint_identifier\tonline_identifier\tdate_first_issue_online\t"
     "num_first_vol_online\tdate_last_issue_online\tnum_last_vol_online\tembargo_info\n"
     "JAMA\t0098-7484\t\t1998-01-07\t279\t\t\tR99999999999999999999Y\n",
     "text/tab-separated-values", "embargo_info"),
])
def test_holdings_files_with_huge_numbers(client, admin, loaded, body, content_type, field):
    before = graph_snapshot(loaded)
    answer = client.put("/v1/libraries/ORUPAC/holdings", data=body, content_type=content_type,
                        headers=admin)
    assert answer.status_code == 422, answer.get_data(as_text=True)[:300]
    assert field in answer.get_data(as_text=True)
    assert graph_snapshot(loaded) == before


@pytest.mark.parametrize("at", [YEAR_1, YEAR_9999, "1999-12-31T23:59:59+00:00"])
def test_instants_outside_the_window(client, admin, loaded, at):
    before = graph_snapshot(loaded)
    assert_names(client.post("/v1/routing/lender-sequence", json={**ROUTING_BODY, "at": at}),
                 "at")
    assert_names(client.post("/v1/referrals", json={"zip": "97201", "at": at,
                                                    "category": "GENERAL_PUBLIC"}), "at")
    assert_names(client.post("/v1/requests", json={**ROUTING_BODY, "at": at}, headers=admin),
                 "at")
    assert_names(client.post("/v1/tta/run", json={"at": at}, headers=admin), "at")
    assert graph_snapshot(loaded) == before


@pytest.mark.parametrize(("path", "field"), [
    ("/v1/coverage/summary?at={day}", "at"),
    ("/v1/reports/lender-performance?to={day}", "to"),
    ("/v1/reports/lender-performance?from={day}", "from"),
])
@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_days_outside_the_window(client, loaded, path, field, day):
    assert_names(client.get(path.format(day=day)), field)


def test_an_action_may_not_lie_in_the_future_nor_before_the_last_event(client, admin, loaded):
    created = client.post("/v1/requests", json={**ROUTING_BODY, "at": None}, headers=admin)
    assert created.status_code == 201, created.json
    rid, lender = created.json["id"], created.json["lender"]
    soon = dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)
    receive = {"action": "RECEIVE", "lender": lender}
    for at in (soon.isoformat(), "9000-01-01T00:00:00+00:00"):
        assert_names(client.post(f"/v1/requests/{rid}/actions", json={**receive, "at": at},
                                 headers=admin), "at")
    early = client.post(f"/v1/requests/{rid}/actions",
                        json={**receive, "at": "2001-01-01T00:00:00+00:00"}, headers=admin)
    assert early.status_code == 409 and early.mimetype == "application/problem+json"
    assert client.get(f"/v1/requests/{rid}", headers=admin).json["status"] == "NEW"
    done = client.post(f"/v1/requests/{rid}/actions", json=receive, headers=admin)
    assert done.status_code == 200 and done.json["status"] == "RECEIVED"
