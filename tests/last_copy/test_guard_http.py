"""The last-copy guard over HTTP on the real database: holdings writes answer with the titles
and years they leave with no holder or one, and ``?dry_run=true`` writes nothing."""

from __future__ import annotations

import pytest

from api import create_app
from graphsvc.model import Holding, Library, Network, Range, Region, Serial

URL = "/v1/libraries/WAUUHS/holdings"


def network() -> Network:
    """NEJM: WAUUHS 1980-2000, ORUPAC 1990 on (both Region 5), MDUXYZ 1995-2010 (Region 1)."""
    def library(libid, state):
        return Library(libid, libid, state=state, delivery_methods=("EMAIL_PDF",))

    return Network(
        regions=(Region("5", "Region 5", ("OR", "WA"), None), Region("1", "Region 1", ("MD",))),
        libraries=(library("WAUUHS", "WA"), library("ORUPAC", "OR"), library("MDUXYZ", "MD")),
        serials=(Serial("0255562", "The New England journal of medicine", ("0028-4793",)),),
        holdings=(Holding("WAUUHS", "0255562", ranges=(Range("1", "50", 1980, 2000),)),
                  Holding("ORUPAC", "0255562", ranges=(Range(None, None, 1990, None),)),
                  Holding("MDUXYZ", "0255562", ranges=(Range(None, None, 1995, 2010),))))


@pytest.fixture
def client(store):
    store.import_network(network())
    return create_app({"TESTING": True, "STORE": store, "AUTH_REQUIRED": False}).test_client()


def runs(warning, kind):
    return [(r["first"], r["last"]) for r in warning[kind]]


def by_scope(answer):
    return {w["scope"]: w for w in answer["warnings"]}


def test_deleting_a_libraries_holdings_previews_the_last_copies_and_writes_nothing(client):
    before = client.get(URL).json
    answer = client.delete(URL + "?dry_run=true")
    assert answer.status_code == 200, answer.json
    assert answer.json["dry_run"] is True and answer.json["holdings_removed"] == 1
    network_wide, region = by_scope(answer.json)["network"], by_scope(answer.json)["region"]
    assert (network_wide["nlm_uid"], network_wide["region"], region["region"]) == (
        "0255562", None, "5")
    assert runs(network_wide, "lost_years") == [(1980, 1989)]
    assert runs(network_wide, "single_years") == [(1990, 1994)]  # MDUXYZ from 1995
    assert runs(region, "lost_years") == [(1980, 1989)]
    assert runs(region, "single_years") == [(1990, 2000)]  # ORUPAC alone in Region 5
    assert client.get(URL).json == before


def test_a_holdings_upload_that_gives_up_years_warns_and_writes(client):
    answer = client.put(URL, json=[{"nlm_uid": "0255562",
                                    "ranges": [{"begin_year": 1985, "end_year": 2000}]}])
    assert answer.status_code == 200, answer.json
    assert answer.json["dry_run"] is False
    assert {scope: runs(w, "lost_years") for scope, w in by_scope(answer.json).items()} == {
        "network": [(1980, 1984)], "region": [(1980, 1984)]}
    assert client.get(URL).json[0]["ranges"][0]["begin_year"] == 1985


def test_an_upload_that_changes_no_years_has_no_warnings(client):
    same = [{"nlm_uid": "0255562", "ranges": [{"begin_volume": "1", "end_volume": "50",
                                               "begin_year": 1980, "end_year": 2000}]}]
    answer = client.put(URL + "?dry_run=true", json=same)
    assert answer.status_code == 200 and answer.json["warnings"] == []


def test_a_docline_csv_dry_run_warns_like_json(client):
    csv = client.get(URL, headers={"Accept": "text/csv"}).data.decode()
    lines = csv.splitlines()
    answer = client.put(URL + "?dry_run=true", data="\n".join(lines[:1]) + "\n",
                        headers={"Content-Type": "text/csv"})
    assert answer.status_code == 422  # emptying is a DELETE, even in a dry run
    answer = client.put(URL + "?dry_run=true", data=csv, headers={"Content-Type": "text/csv"})
    assert answer.status_code == 200 and answer.json["warnings"] == []
    assert answer.json["dry_run"] is True


def test_dry_run_must_be_a_boolean(client):
    answer = client.delete(URL + "?dry_run=perhaps")
    assert answer.status_code == 422 and answer.json["errors"][0]["field"] == "dry_run"
    assert len(client.get(URL).json) == 1


def test_closing_a_library_lists_the_last_copies_it_takes_away(client):
    answer = client.post("/v1/libraries/WAUUHS/close?dry_run=true", json={"confirm": "WAUUHS"})
    assert answer.status_code == 200, answer.json
    assert {w["scope"]: runs(w, "lost_years") for w in answer.json["warnings"]} == {
        "network": [(1980, 1989)], "region": [(1980, 1989)]}
    assert len(client.get(URL).json) == 1  # a dry run


def test_a_record_write_that_closes_a_library_warns_and_others_do_not(client):
    renamed = client.patch("/v1/libraries/WAUUHS", json={"name": "Health Sciences"})
    assert renamed.status_code == 200, renamed.json
    assert "warnings" not in renamed.json
    closed = client.patch("/v1/libraries/WAUUHS", json={"participation": "CLOSED"})
    assert closed.status_code == 200, closed.json
    assert closed.json["participation"] == "CLOSED"
    assert {w["scope"]: runs(w, "lost_years") for w in closed.json["warnings"]} == {
        "network": [(1980, 1989)], "region": [(1980, 1989)]}
