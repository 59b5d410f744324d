"""Holdings over HTTP: JSON lists, DOCLINE CSV both ways, KBART, and the input limits."""

from __future__ import annotations

import pytest

from graphsvc.io.docline_csv import parse_docline_csv
from graphsvc.model import Holding, Range

from tests.netman.conftest import bearer
from tests.netman.test_write_matrix import CSV_BODY, KBART_BODY

PROBLEM = "application/problem+json"


@pytest.fixture
def admin(network, make_token):
    return bearer(make_token("admin"))


def test_get_holdings_as_json_and_as_docline_csv(client, network):
    (item,) = client.get("/v1/libraries/WAUUHS/holdings").json
    assert item["nlm_uid"] == "0255562" and item["title"].startswith("The New England")
    assert item["ranges"] == [{"begin_volume": "1", "end_volume": None, "begin_year": 1980,
                               "end_year": None}]
    response = client.get("/v1/libraries/WAUUHS/holdings", headers={"Accept": "text/csv"})
    assert response.mimetype == "text/csv"
    parsed = parse_docline_csv(response.get_data(as_text=True))
    assert parsed.holdings == (Holding("WAUUHS", "0255562", "PRINT",
                                       (Range("1", None, 1980, None),)),)


def test_get_then_put_the_same_json_changes_nothing(client, network, admin):
    listed = client.get("/v1/libraries/WAUUHS/holdings").json
    before = network.holdings("WAUUHS")
    response = client.put("/v1/libraries/WAUUHS/holdings", json=listed, headers=admin)
    assert response.status_code == 200 and response.json["holdings"] == 1
    assert network.holdings("WAUUHS") == before


def test_an_unchanged_upload_makes_no_network_version_but_is_recorded(client, network, admin):
    """A daily re-upload of the same holdings: no new version for the serving processes to
    catch up, the upload still in the library's holdings history; a real change still counts."""
    listed = client.get("/v1/libraries/WAUUHS/holdings").json
    version, writes = network.version(), len(network.holdings_writes("WAUUHS"))
    same = client.put("/v1/libraries/WAUUHS/holdings", json=listed, headers=admin)
    assert same.status_code == 200 and same.json["unchanged"] is True
    assert "Network-Version" not in same.headers and network.version() == version
    assert len(network.holdings_writes("WAUUHS")) == writes + 1
    listed[0]["ranges"][0]["begin_year"] = 1981
    changed = client.put("/v1/libraries/WAUUHS/holdings", json=listed, headers=admin)
    assert changed.status_code == 200 and changed.json["unchanged"] is False
    assert int(changed.headers["Network-Version"]) == network.version() > version
    assert network.holdings("WAUUHS")[0][0].ranges[0].begin_year == 1981


def test_an_upload_writes_only_the_holdings_that_differ(client, network, admin):
    """One changed holding of four: one deleted and created again, three left alone; what is
    stored is exactly the upload, and the library's history records the write."""
    body = [{"nlm_uid": uid, "format": fmt, "ranges": [{"begin_year": 1990}]}
            for uid in ("0255562", "7501160") for fmt in ("PRINT", "ELECTRONIC")]
    first = client.put("/v1/libraries/WAUUHS/holdings", json=body, headers=admin)
    assert first.status_code == 200 and first.json["holdings_removed"] == 1  # the demo's one
    body[3]["ranges"] = [{"begin_year": 1995, "end_year": 2005}]
    del body[0]
    second = client.put("/v1/libraries/WAUUHS/holdings", json=body, headers=admin)
    assert second.status_code == 200, second.json
    assert (second.json["holdings_removed"], second.json["holdings"]) == (2, 3)
    stored = {(h.nlm_uid, h.format): h.ranges for h in network.holdings("WAUUHS")[0]}
    assert stored == {("0255562", "ELECTRONIC"): (Range(None, None, 1990, None),),
                      ("7501160", "PRINT"): (Range(None, None, 1990, None),),
                      ("7501160", "ELECTRONIC"): (Range(None, None, 1995, 2005),)}
    assert (network.holdings_writes("WAUUHS")[0]["deleted"],
            network.holdings_writes("WAUUHS")[0]["written"]) == (2, 3)


def test_put_json_applies_known_titles_and_reports_unknown_ones(client, network, admin):
    body = [{"nlm_uid": "9999999", "title": "New journal", "issns": ["1234-5678"],
             "format": "ELECTRONIC", "embargo_months": 6},
            {"nlm_uid": "7501160", "ranges": [{"begin_year": 2000}]}]
    response = client.put("/v1/libraries/WAUUHS/holdings", json=body, headers=admin)
    assert response.status_code == 200 and response.json["holdings_removed"] == 1
    assert response.json["unmatched"] == [{"position": 0, "nlm_uid": "9999999",
                                           "title": "New journal", "issns": ["1234-5678"]}]
    holdings, _ = network.holdings("WAUUHS")
    assert {(h.nlm_uid, h.format) for h in holdings} == {("7501160", "PRINT")}
    assert "9999999" not in network.keys()["serials"]
    assert network.serial_for_issn("1234-5678") is None


@pytest.mark.parametrize(("body", "field"), [
    ([{"nlm_uid": "7501160", "colour": "red"}], "0.colour"),
    ([{"nlm_uid": "7501160", "format": "CDROM"}], "0.format"),
    ([{"nlm_uid": "NLM_7501160"}], "0.nlm_uid"),
    ([{"nlm_uid": "7501160"}, {"nlm_uid": "7501160"}], "[1].nlm_uid"),
    ([{"nlm_uid": "7501160", "libid": "ORUPAC"}], "[0].libid"),
    ([{"nlm_uid": "1111111"}], "[0].nlm_uid"),                   # nothing known: 422
    ([], "body"),
    ({"nlm_uid": "7501160"}, "_schema"),
])
def test_bad_json_is_refused_naming_the_field_and_changes_nothing(client, network, admin,
                                                                   body, field):
    before = network.holdings("WAUUHS")
    response = client.put("/v1/libraries/WAUUHS/holdings", json=body, headers=admin)
    assert response.status_code == 422 and response.mimetype == PROBLEM
    assert field in [p["field"] for p in response.json["errors"]]
    assert network.holdings("WAUUHS") == before


def test_put_docline_csv_and_kbart(client, network, admin):
    response = client.put("/v1/libraries/ORUPAC/holdings", data=CSV_BODY,
                          content_type="text/csv", headers=admin)
    assert response.json["holding_rows"] == response.json["range_rows"] == 1
    response = client.put("/v1/libraries/ORUPAC/holdings", data=KBART_BODY,
                          content_type="text/tab-separated-values", headers=admin)
    assert response.json["matched_rows"] == 1
    assert {(h.nlm_uid, h.format) for h in network.holdings("ORUPAC")[0]} == {
        ("7501160", "PRINT"), ("7501160", "ELECTRONIC")}


def test_bad_csv_lists_every_line_and_changes_nothing(client, network, admin):
    before = network.holdings("ORUPAC")
    body = CSV_BODY.replace('"Print"', '"Paper"').replace('"1990",""', '"1990","1980"')
    response = client.put("/v1/libraries/ORUPAC/holdings", data=body, content_type="text/csv",
                          headers=admin)
    assert response.status_code == 422 and response.mimetype == PROBLEM
    assert [(p["line"], p["field"]) for p in response.json["errors"]] == [
        (2, "holdings_format"), (3, "end_year")]
    assert network.holdings("ORUPAC") == before


def test_csv_of_another_library_is_refused(client, network, admin):
    body = CSV_BODY.replace('"action",', '"action","libid",').replace('"",', '"","ORUOHS",', 1)
    response = client.put("/v1/libraries/ORUPAC/holdings", data=body, content_type="text/csv",
                          headers=admin)
    assert response.status_code == 422 and response.json["errors"][0]["field"] == "libid"


def test_other_media_types_are_415(client, network, admin):
    response = client.put("/v1/libraries/ORUPAC/holdings", data="x", content_type="text/plain",
                          headers=admin)
    assert response.status_code == 415 and response.mimetype == PROBLEM


def test_a_17_mb_body_is_413_problem_json(client, network, admin):
    body = CSV_BODY + "x" * (17 * 1024 * 1024)
    response = client.put("/v1/libraries/ORUPAC/holdings", data=body, content_type="text/csv",
                          headers=admin)
    assert response.status_code == 413 and response.mimetype == PROBLEM
    response = client.post("/v1/imports", data=b"[" + b" " * (17 * 1024 * 1024) + b"]",
                           content_type="application/json", headers=admin)
    assert response.status_code == 413 and response.mimetype == PROBLEM


def test_unknown_or_malformed_libid(client, network, admin):
    assert client.get("/v1/libraries/ORUXXX/holdings").status_code == 404
    response = client.put("/v1/libraries/nope/holdings", json=[], headers=admin)
    assert response.status_code == 422 and response.json["errors"][0]["field"] == "libid"


def test_imports_all_or_nothing(client, network, admin):
    good = {"libraries": [{"libid": "ORUNEW", "name": "New", "state": "OR"}]}
    assert client.post("/v1/imports", json=good, headers=admin).json["libraries"] == 1
    bad = {"libraries": [{"libid": "ORUTWO", "name": "Two", "state": "OR"}],
           "routing_tables": [{"libid": "ORUTWO", "cells": {"1": ["ORUQQQ"]}}]}
    response = client.post("/v1/imports", json=bad, headers=admin)
    assert response.status_code == 422 and response.json["errors"][0]["field"] == "cells.1[0]"
    assert network.library("ORUTWO") is None
    response = client.post("/v1/imports", json={"castles": []}, headers=admin)
    assert response.status_code == 422 and response.json["errors"][0]["field"] == "castles"


def test_one_bad_holding_deep_in_a_long_list_is_named_and_nothing_changes(client, network,
                                                                         admin):
    """A long upload goes through the schema's compiled load; one bad item in it is still
    named by its place and field, and nothing is written."""
    body = [{"nlm_uid": "7501160", "format": "PRINT", "ranges": [{"begin_year": 1990 + n}]}
            for n in range(600)]
    body[537] = {**body[537], "format": "VELLUM"}
    body[538] = {**body[538], "currently_received": "yes"}
    before, version = network.holdings("WAUUHS"), network.version()
    response = client.put("/v1/libraries/WAUUHS/holdings", json=body, headers=admin)
    assert response.status_code == 422 and response.mimetype == PROBLEM
    fields = [p["field"] for p in response.json["errors"]]
    assert fields == ["537.format", "538.currently_received"]
    assert network.holdings("WAUUHS") == before and network.version() == version
