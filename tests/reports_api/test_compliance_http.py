"""GET /v1/reports/compliance and `graphsvc report compliance`: each plan rule, on the real
database, with a library that keeps every rule beside each one that breaks one."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest

from graphsvc.cli import main
from graphsvc.model import Group, Holding, Library, Network, Range, Region, RoutingTable, Serial

AT = dt.date.today()  # records are written today: the fixture is dated from today
FRESH, STALE = AT - dt.timedelta(days=10), AT - dt.timedelta(days=700)
TITLES = tuple(Serial(f"90000{i:02d}", f"Journal {i}") for i in range(25))
OLD, NEW = Serial("8000001", "Old title", continued_by="8000002"), \
    Serial("8000002", "New title", continues="8000001")


def current(libid, day=FRESH):
    return tuple(Holding(libid, s.nlm_uid, ranges=(Range(begin_year=2000),),
                         currently_received=True, last_modified=day) for s in TITLES)


def compliance_network() -> Network:
    """ORUAAA keeps every rule; each other library breaks the rules its name says."""
    libs = (Library("ORUAAA", "Keeps every rule", state="OR"),
            Library("ORUOLD", "Stale and small", state="OR"),
            Library("ORUTCH", "Title change left at Level 2", state="OR"),
            Library("WAUBOR", "Borrow-only on FreeShare", state="WA", participation="BORROW_ONLY"),
            Library("WAUREC", "Old record", state="WA"),
            Library("ORUCLO", "Closed", state="OR", participation="CLOSED"),
            Library("MAUNON", "No holdings", state="MA"))
    return Network(
        regions=(Region("5", "Region 5", ("OR", "WA"), None), Region("7", "Region 7", ("MA",))),
        libraries=libs, serials=(*TITLES, OLD, NEW),
        groups=(Group("FREESHARE", "FreeShare", members=("ORUAAA",)),
                Group("PARTNERS", "Partners", members=("ORUAAA", "ORUTCH"))),
        holdings=(*current("ORUAAA"), *current("ORUTCH"), *current("WAUREC"),
                  *current("ORUCLO", STALE),
                  Holding("ORUAAA", NEW.nlm_uid, ranges=(Range(begin_year=2020),),
                          last_modified=FRESH),
                  Holding("ORUAAA", OLD.nlm_uid, last_modified=STALE),  # Level 2, no change
                  Holding("ORUTCH", NEW.nlm_uid, last_modified=AT - dt.timedelta(days=90)),
                  *current("ORUOLD", STALE)[:2]),
        routing_tables=(RoutingTable("WAUBOR", {1: ("PARTNERS",), 7: ("FREESHARE",)}),
                        RoutingTable("ORUAAA", {7: ("FREESHARE",)})))


@pytest.fixture
def judged(store):
    net = compliance_network()
    store.import_network(net)
    store.upsert_library(next(lib for lib in net.libraries if lib.libid == "WAUREC"),
                         updated=STALE)
    return store


EXPECTED = [("ORUOLD", "FEWER_THAN_25_CURRENT_TITLES", None),
            ("ORUOLD", "HOLDINGS_NOT_UPDATED", None),
            ("ORUTCH", "LEVEL_2_TITLE_CHANGE", NEW.nlm_uid),
            ("WAUBOR", "BORROW_ONLY_FREE_SHARING", None),
            ("WAUREC", "RECORD_NOT_UPDATED", None),
            ("MAUNON", "FEWER_THAN_25_CURRENT_TITLES", None)]


def test_each_rule_names_its_breakers_and_the_plan(client, judged):
    report = client.get(f"/v1/reports/compliance?at={AT}").json
    assert [(b["libid"], b["code"], b["nlm_uid"]) for b in report["breaches"]] == EXPECTED
    details = {(b["libid"], b["code"][:5]): b["detail"] for b in report["breaches"]}
    assert "FREESHARE in cell 7" in details["WAUBOR", "BORRO"]
    assert "with 2 currently received titles" in details["ORUOLD", "FEWER"]
    rules = {r["code"]: r for r in report["rules"]}
    assert "within 60 days" in rules["LEVEL_2_TITLE_CHANGE"]["rule"]
    assert "RML duty 11" in rules["RECORD_NOT_UPDATED"]["source"]
    assert [(r["region"], r["libraries"], r["counts"]["FEWER_THAN_25_CURRENT_TITLES"])
            for r in report["regions"]] == [("5", 4, 1), ("7", 1, 1)]
    region_5 = client.get(f"/v1/reports/compliance?region=5&at={AT}").json
    assert [b["libid"] for b in region_5["breaches"]] == [
        "ORUOLD", "ORUOLD", "ORUTCH", "WAUBOR", "WAUREC"]
    # Sixty days after the title change the Level 2 holding was still in time.
    earlier = AT - dt.timedelta(days=40)
    assert "LEVEL_2_TITLE_CHANGE" not in {
        b["code"] for b in client.get(f"/v1/reports/compliance?at={earlier}").json["breaches"]}


def test_writing_the_record_or_holdings_clears_the_breach(client, judged):
    for lib in compliance_network().libraries:
        if lib.libid == "WAUREC":
            judged.upsert_library(dataclasses.replace(lib, name="Renewed"))
    codes = {(b["libid"], b["code"]) for b in
             client.get("/v1/reports/compliance").json["breaches"]}
    assert ("WAUREC", "RECORD_NOT_UPDATED") not in codes
    assert client.get("/v1/reports/compliance?region=9").status_code == 404
    assert client.get("/v1/reports/compliance?at=soon").status_code == 422


def test_compliance_from_the_command_line(judged, cli_store, capsys):
    assert main(["report", "compliance", "--at", AT.isoformat()]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert [(b["libid"], b["code"], b["nlm_uid"]) for b in printed["breaches"]] == EXPECTED


def test_rush_service_without_alerts_until_the_library_registers_them(client, judged):
    for lib in compliance_network().libraries:
        if lib.libid == "ORUAAA":
            judged.upsert_library(dataclasses.replace(lib, fills_rush=True))

    def rush_breaches():
        return [(b["libid"], b["detail"]) for b in
                client.get("/v1/reports/compliance").json["breaches"]
                if b["code"] == "RUSH_WITHOUT_ALERTS"]

    assert rush_breaches() == [("ORUAAA", "fills RUSH requests, no rush alerts set up")]
    judged.save_alerts("ORUAAA", {"email": "ill@oruaaa.test"})
    assert rush_breaches() == []
