"""Hostile input: every bad request gets a 4xx problem, never a 5xx, and leaves the graph
exactly as it was (the exported network and the network version compared before/after)."""

from __future__ import annotations

import pytest

from graphsvc import services
from graphsvc.network import canonical

NASTY_TEXT = [
    "OR'UPAC", 'OR"UPA', "ORU\\PAC", "') DETACH DELETE n //", "x' OR 1=1 --",
    "MATCH (n) DETACH DELETE n", "${libid}", "{libid}", "ÖRÜPÄC", "ORUPAC\u0000", "\u202eCAPURO",
    "🏥🏥🏥🏥🏥🏥", "ORUPAC\nMATCH (n) DELETE n", "a" * 10_000, "",
]
HUGE = [10**30, -(10**30), 2**64, 1e308, -1, 0]


@pytest.fixture
def snapshot(loaded):
    """``unchanged()`` asserts the network and its version are as they were."""
    before = (canonical(loaded.export_network()), loaded.version())

    def unchanged():
        assert (canonical(loaded.export_network()), loaded.version()) == before
    return unchanged


def assert_problem(response, *statuses):
    assert response.status_code in statuses, (response.status_code, response.get_data()[:300])
    assert response.mimetype == "application/problem+json"
    assert response.json["status"] == response.status_code


def routing(client, **overrides):
    body = {"borrower": "ORUPAC", "citation": {"issn": "0028-4793", "year": 2015}, "seed": 1}
    body.update(overrides)
    return client.post("/v1/routing/lender-sequence", json=body)


def test_hostile_libids_codes_and_titles(client, admin, snapshot):
    for text in NASTY_TEXT:
        assert_problem(routing(client, borrower=text), 404, 422)
        assert_problem(routing(client, citation={"issn": text, "year": 2015}), 404, 422)
        assert_problem(routing(client, citation={"nlm_uid": text}), 404, 422)
        assert_problem(routing(client, direct_to=text), 404, 422)
        assert_problem(client.get("/v1/libraries", query_string={"group": text, "state": text}),
                       404, 422)
        if text and "\u0000" not in text and "\n" not in text:
            assert_problem(client.get(f"/v1/libraries/{text}"), 404, 422)
        assert_problem(client.put("/v1/libraries/ORUPAC/routing-table", headers=admin,
                                  json={"cells": {"1": [text]}}), 404, 422)
        assert_problem(client.put("/v1/libraries/ORUPAC/holdings", headers=admin,
                                  json=[{"nlm_uid": text, "format": "PRINT"}]), 404, 422)
    snapshot()


def test_a_title_with_quotes_is_stored_as_text_not_run(client, admin, loaded):
    """Quotes and Cypher in a title are data: stored and read back verbatim."""
    title = "The \"Journal\" of O'Brien \\ ') DETACH DELETE n // — ✓"
    catalog = {"serials": [{"nlm_uid": "9999999", "title": title}]}
    assert client.post("/v1/imports", headers=admin, json=catalog).status_code == 200
    body = [{"nlm_uid": "9999999", "format": "PRINT"}]
    assert client.put("/v1/libraries/ORUPAC/holdings", headers=admin, json=body).status_code == 200
    holdings = client.get("/v1/libraries/ORUPAC/holdings").json
    assert [h["title"] for h in holdings] == [title]
    assert loaded.counts()["libraries"] == 6


def test_huge_negative_and_reversed_numbers(client, admin, snapshot):
    for number in HUGE:
        assert_problem(routing(client, citation={"issn": "0028-4793", "year": number}), 422)
        assert_problem(routing(client, cells=[number]), 422)
        if number != 0:
            assert_problem(routing(client, max_cost=number), 422)
    assert_problem(routing(client, seed=2**70), 422)
    reversed_range = {"begin_year": 2020, "end_year": 1990}
    negative_range = {"begin_year": -5, "end_year": 1990}
    for ranges in ([reversed_range], [negative_range], [{"begin_year": 10**30}]):
        assert_problem(client.put("/v1/libraries/ORUPAC/holdings", headers=admin,
                                  json=[{"nlm_uid": "0255562", "ranges": ranges}]), 422)
    snapshot()


def test_ten_megabyte_bodies_and_broken_json(client, admin, snapshot):
    ten_mb = b"[" + b'"x",' * (10 * 1024 * 1024 // 4) + b'"x"]'
    for path, method in (("/v1/imports", "post"), ("/v1/routing/lender-sequence", "post"),
                         ("/v1/libraries/ORUPAC/routing-table", "put")):
        send = getattr(client, method)
        assert_problem(send(path, data=ten_mb, content_type="application/json", headers=admin),
                       400, 413, 422)
        assert_problem(send(path, data=b'{"borrower": "ORUPAC",', headers=admin,
                            content_type="application/json"), 400, 422)
        assert_problem(send(path, data=b"\xff\xfe\x00garbage", headers=admin,
                            content_type="application/json"), 400, 415, 422)
    over_limit = b" " * (17 * 1024 * 1024)
    assert_problem(client.post("/v1/imports", data=over_limit, headers=admin,
                               content_type="application/json"), 413)
    snapshot()


def test_bad_csv_files_change_nothing(client, admin, loaded, snapshot):
    good = services.export_holdings_csv(loaded, "WAUUHS")
    header, *rows = good.splitlines()
    lacking_column = "\n".join(",".join(cell for i, cell in enumerate(line.split(","))
                                        if i != 1) for line in good.splitlines())
    bad_files = {
        "latin-1 bytes": (good.replace("journal", "journél")).encode("latin-1"),
        "utf-16": good.encode("utf-16"),
        "missing columns": lacking_column.encode(),
        "header only": (header + "\n").encode() + b"\x00\x01",
        "binary": bytes(range(256)) * 100,
    }
    for name, data in bad_files.items():
        response = client.put("/v1/libraries/WAUUHS/holdings", data=data,
                              content_type="text/csv", headers=admin)
        assert 400 <= response.status_code < 500, (name, response.status_code)
        assert response.mimetype == "application/problem+json", name
    snapshot()


def test_csv_with_bom_and_crlf_reads_like_the_plain_file(client, admin, loaded):
    good = services.export_holdings_csv(loaded, "WAUUHS")
    before = client.get("/v1/libraries/WAUUHS/holdings").json
    data = b"\xef\xbb\xbf" + good.replace("\n", "\r\n").encode("utf-8")
    response = client.put("/v1/libraries/WAUUHS/holdings", data=data, content_type="text/csv",
                          headers=admin)
    assert response.status_code == 200, response.json
    assert client.get("/v1/libraries/WAUUHS/holdings").json == before
