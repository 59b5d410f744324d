"""POST /v1/libraries/{libid}/merge-into/{target} and .../close, and `graphsvc library
merge|close`, on the real database: holdings combined, nothing lost, all or nothing."""

from __future__ import annotations

import json

import pytest

from graphsvc.cli import main
from graphsvc.model import (Group, Holding, Library, Network, Range, Region, RoutingTable,
                            Serial)
from tests.netman.conftest import bearer, cli_env, make_token  # noqa: F401

T1, T2, T3 = "0000001", "0000002", "0000003"


def merging_network() -> Network:
    """ORUOLD closes into ORUNEW (both Oregon, region 5); WAUSEA routes to ORUOLD directly
    and through GROUPA, lists it in its manual map; ORUNEW will not route to it."""
    return Network(
        regions=(Region("5", "Region 5", ("OR", "WA"), "WAUSEA"),
                 Region("7", "Region 7", ("MA",), None)),
        libraries=(Library("ORUOLD", "Old", state="OR"), Library("ORUNEW", "New", state="OR"),
                   Library("WAUSEA", "Seattle", type="RML", state="WA"),
                   Library("MAUTUF", "Tufts", state="MA")),
        groups=(Group("GROUPA", "Group A", members=("ORUNEW", "ORUOLD")),),
        serials=(Serial(T1, "One"), Serial(T2, "Two"), Serial(T3, "Three")),
        holdings=(Holding("ORUOLD", T1, ranges=(Range(None, None, 1990, 1999),),
                          currently_received=True),
                  Holding("ORUOLD", T2, ranges=(Range("1", "5", None, None),)),
                  Holding("ORUNEW", T1, ranges=(Range(None, None, 2000, None),), embargo_months=6),
                  Holding("ORUNEW", T3, ranges=(Range(None, None, 2010, None),))),
        routing_tables=(RoutingTable("WAUSEA", {1: ("ORUOLD",), 2: ("GROUPA",)},
                                     manual_map=("ORUOLD", "ORUNEW")),
                        RoutingTable("ORUNEW", {1: ("WAUSEA",)}, do_not_route=("ORUOLD",))))


@pytest.fixture
def merging(store):
    store.import_network(merging_network())
    return store


def held(client, libid):
    return {(h["nlm_uid"], h["format"]): h for h in
            client.get(f"/v1/libraries/{libid}/holdings").json}


REFERENCES = {"routing_tables": [{"libid": "WAUSEA", "cell": 1}],
              "group_routing_tables": [{"libid": "WAUSEA", "cell": 2, "group": "GROUPA"}],
              "do_not_route": ["ORUNEW"], "manual_maps": ["WAUSEA"], "groups": ["GROUPA"]}


def test_merge_combines_ranges_closes_the_source_and_lists_who_names_it(client, merging,
                                                                         make_token):
    admin = bearer(make_token("admin"))
    version = merging.version()
    dry = client.post("/v1/libraries/ORUOLD/merge-into/ORUNEW?dry_run=true", headers=admin)
    assert dry.status_code == 200, dry.json
    assert merging.version() == version and set(held(client, "ORUOLD")) == {(T1, "PRINT"),
                                                                           (T2, "PRINT")}
    done = client.post("/v1/libraries/ORUOLD/merge-into/ORUNEW", headers=admin)
    assert done.status_code == 200, done.json
    assert {**dry.json, "dry_run": False} == done.json
    assert done.json["source"] == {"libid": "ORUOLD", "participation": "CLOSED",
                                   "holdings_removed": 2}
    assert done.json["target"] == {"libid": "ORUNEW", "holdings_before": 2, "holdings_after": 3,
                                   "titles_added": 1,
                                   "titles_combined": [{"nlm_uid": T1, "format": "PRINT"}]}
    assert done.json["references"] == REFERENCES
    assert merging.version() > version
    after = held(client, "ORUNEW")
    assert after[(T1, "PRINT")]["ranges"] == [{"begin_volume": None, "end_volume": None,
                                               "begin_year": 1990, "end_year": None}]
    assert after[(T1, "PRINT")]["currently_received"] is True
    assert after[(T1, "PRINT")]["embargo_months"] == 0
    assert after[(T2, "PRINT")]["ranges"][0]["begin_volume"] == "1"
    assert held(client, "ORUOLD") == {}
    assert client.get("/v1/libraries/ORUOLD").json["participation"] == "CLOSED"
    lint = client.get("/v1/libraries/WAUSEA/routing-table/lint").json
    assert {(f["cell"], f["entry"], f["code"]) for f in lint["findings"]} >= {
        (1, "ORUOLD", "CLOSED"), (2, "GROUPA", "CLOSED")}
    again = client.post("/v1/libraries/ORUOLD/merge-into/ORUNEW", headers=admin)
    assert again.status_code == 409 and again.json["errors"][0]["field"] == "libid"


def test_merge_refusals_change_nothing(client, merging, make_token):
    version = merging.version()
    cases = [("ORUOLD/merge-into/ORUOLD", make_token("admin"), 422, "target"),
             ("ORUOLD/merge-into/ORUXYZ", make_token("admin"), 404, "target"),
             ("ORUOLD/merge-into/MAUTUF", make_token("coordinator", region="5"), 403, None),
             ("ORUOLD/merge-into/ORUNEW", make_token("library", libid="ORUOLD"), 403, None),
             ("ORUOLD/merge-into/ORUNEW", make_token("coordinator", region="7"), 403, None),
             ("ORUOLD/merge-into/ORUNEW", None, 401, None)]
    for path, secret, status, field in cases:
        response = client.post(f"/v1/libraries/{path}", headers=bearer(secret))
        assert response.status_code == status, (path, response.json)
        if field:
            assert response.json["errors"][0]["field"] == field
    assert merging.version() == version
    coordinator = bearer(make_token("coordinator", region="5"))
    assert client.post("/v1/libraries/ORUOLD/merge-into/ORUNEW",
                       headers=coordinator).status_code == 200


def test_close_needs_the_libid_confirmed_and_deletes_the_holdings(client, merging, make_token):
    admin = bearer(make_token("admin"))
    for body in ({}, {"confirm": "ORUNEW"}):
        refused = client.post("/v1/libraries/ORUOLD/close", json=body, headers=admin)
        assert refused.status_code == 422 and "confirm" in json.dumps(refused.json)
    dry = client.post("/v1/libraries/ORUOLD/close?dry_run=true", json={"confirm": "ORUOLD"},
                      headers=admin)
    assert dry.json["holdings_removed"] == 2 and len(held(client, "ORUOLD")) == 2
    done = client.post("/v1/libraries/ORUOLD/close", json={"confirm": "ORUOLD"}, headers=admin)
    assert done.status_code == 200 and done.json == {**dry.json, "dry_run": False}
    assert done.json["references"] == REFERENCES
    assert held(client, "ORUOLD") == {} and len(held(client, "ORUNEW")) == 2
    assert client.get("/v1/libraries/ORUOLD").json["participation"] == "CLOSED"
    assert client.post("/v1/libraries/ORUOLD/close", json={"confirm": "ORUOLD"},
                       headers=admin).status_code == 409


def test_merge_and_close_from_the_command_line(merging, cli_env, capsys):
    assert main(["library", "merge", "ORUOLD", "ORUNEW", "--dry-run"]) == 0
    assert json.loads(capsys.readouterr().out)["target"]["holdings_after"] == 3
    assert merging.library("ORUOLD")["holdings"] == 2
    assert main(["library", "merge", "ORUOLD", "ORUNEW"]) == 0
    assert merging.library("ORUOLD")["library"].participation == "CLOSED"
    assert main(["library", "close", "ORUNEW", "--confirm", "ORUNEWX"]) == 2
    assert "confirm" in capsys.readouterr().err
    assert main(["library", "close", "ORUNEW", "--confirm", "ORUNEW"]) == 0
    assert merging.library("ORUNEW")["holdings"] == 0
