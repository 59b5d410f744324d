"""Issue 14.7, every number of every input: integers beyond 64 bits (and digits that are not
ASCII) anywhere in a bundle, a DOCLINE CSV, a KBART file or a JSON holdings list answer 4xx
problem+json naming the field, never 500, and write nothing."""

from __future__ import annotations

import pytest

from tests.graph_snapshot import graph_snapshot

BIG = [2**64, -(2**64), 10**30]
HOLDING = {"libid": "ORUPAC", "nlm_uid": "0255562"}
LIBRARY = {"libid": "ORUPAC", "name": "Pacific University", "state": "OR"}
LONG = "9" * 5000


def _holding(**fields) -> dict:
    return {"holdings": [{**HOLDING, **fields}]}


def _range(**fields) -> dict:
    return _holding(ranges=[fields])


BUNDLES = [
    *((_holding(embargo_months=n), "embargo_months") for n in BIG),
    *((_holding(embargo_years=n), "embargo_years") for n in BIG),
    *((_holding(limited_retention_period=n), "limited_retention_period") for n in BIG),
    *((_range(begin_year=n), "begin_year") for n in BIG),
    *((_range(end_year=n), "end_year") for n in BIG),
    *((_range(begin_volume=n), "begin_volume") for n in (10**50, -(2**64))),
    (_range(begin_volume=LONG, end_volume=LONG), "begin_volume"),
    *(({"libraries": [{**LIBRARY, name: n}]}, name) for n in BIG
      for name in ("lat", "lon", "base_fee")),
    *(({"routing_tables": [{"libid": "ORUPAC", "cells": {key: ["ORUOHS"]}}]}, "cells")
      for key in ("99999999999999999999", LONG, "\u00b2", "\u0661", "-1")),
]


@pytest.mark.parametrize(("bundle", "field"), BUNDLES)
def test_bundle_numbers(client, admin, loaded, bundle, field):
    before = graph_snapshot(loaded)
    answer = client.post("/v1/imports", json=bundle, headers=admin)
    assert answer.status_code == 422, answer.get_data(as_text=True)[:300]
    assert answer.mimetype == "application/problem+json"
    assert any(field in (e.get("field") or "") for e in answer.json["errors"]), answer.json
    assert graph_snapshot(loaded) == before


DOCLINE_HEAD = ('"action","record_type","serial_title","nlm_unique_id","holdings_format",'
                '"begin_volume","end_volume","begin_year","end_year","issns","embargo_period",'
                '"limited_retention_period"\n')


def _docline(begin_volume="1", end_volume="", begin_year="1990", end_year="",
             embargo="", retention="") -> str:
    return (DOCLINE_HEAD
            + f'"","HOLDING","JAMA","7501160","Print","","","","","","{embargo}","{retention}"\n'
            + f'"","RANGE","","","","{begin_volume}","{end_volume}","{begin_year}",'
              f'"{end_year}",""\n')


KBART_HEAD = ("publication_title\tprint_identifier\tonline_identifier\tdate_first_issue_online\t"
              "num_first_vol_online\tdate_last_issue_online\tnum_last_vol_online\tembargo_info\n")


def _kbart(first="1998-01-07", first_volume="279", last="", last_volume="", embargo=""):
    return KBART_HEAD + f"JAMA\t0098-7484\t\t{first}\t{first_volume}\t{last}\t{last_volume}\t" \
                        f"{embargo}\n"


FILES = [
    *((_docline(end_year=n), "end_year") for n in ("99999999999999999999", LONG, "-5")),
    *((_docline(begin_year=n), "begin_year") for n in (LONG, "\u0661\u0669\u0669\u0660")),
    *((_docline(embargo=n), "embargo_period") for n in (LONG, "-1")),
    *((_docline(retention=n), "limited_retention_period") for n in ("99999999999999999999",
                                                                      LONG)),
    (_docline(begin_volume=LONG, end_volume=LONG), "volume"),
    (_docline(begin_volume="99999999999999999999999", end_volume="1"), "volume"),
    *((_kbart(embargo=e), "embargo_info") for e in ("P99999999999999999999Y",
                                                      f"R{LONG}M", "P99999999999999999999D")),
    *((_kbart(first=d), "date_first_issue_online") for d in ("99999999999999999999-01-01",
                                                              "1998-99999999999999-01")),
    *((_kbart(last=d), "date_last_issue_online") for d in ("99999999999999999999",)),
    *((_kbart(first_volume=v, last_volume=v), "num_first_vol_online")
      for v in (LONG, "99999999999999999999999999999999999999999")),
]


@pytest.mark.parametrize(("body", "field"), FILES)
def test_holdings_file_numbers(client, admin, loaded, body, field):
    kind = "text/csv" if body.startswith('"action"') else "text/tab-separated-values"
    before = graph_snapshot(loaded)
    answer = client.put("/v1/libraries/ORUPAC/holdings", data=body, content_type=kind,
                        headers=admin)
    assert answer.status_code == 422, answer.get_data(as_text=True)[:300]
    assert answer.mimetype == "application/problem+json"
    assert field in answer.get_data(as_text=True), answer.json
    assert graph_snapshot(loaded) == before


JSON_HOLDINGS = [
    *(({"embargo_months": n}, "embargo_months") for n in BIG),
    *(({"embargo_years": n}, "embargo_years") for n in BIG),
    *(({"limited_retention_period": n}, "limited_retention_period") for n in BIG),
    *(({"ranges": [{"begin_year": n}]}, "begin_year") for n in BIG),
    *(({"ranges": [{"begin_volume": n}]}, "begin_volume") for n in BIG),
    (({"ranges": [{"begin_volume": LONG, "end_volume": LONG}]}), "begin_volume"),
]


@pytest.mark.parametrize(("fields", "field"), JSON_HOLDINGS)
def test_json_holdings_numbers(client, admin, loaded, fields, field):
    before = graph_snapshot(loaded)
    answer = client.put("/v1/libraries/ORUPAC/holdings", json=[{"nlm_uid": "0255562", **fields}],
                        headers=admin)
    assert answer.status_code == 422, answer.get_data(as_text=True)[:300]
    assert any(field in (e.get("field") or "") for e in answer.json["errors"]), answer.json
    assert graph_snapshot(loaded) == before


def test_a_bundle_volume_of_other_digits_is_a_label(client, admin, loaded):
    answer = client.post("/v1/imports", json=_range(begin_volume="\u00b2", end_volume="1"),
                         headers=admin)
    assert answer.status_code == 200, answer.json


def test_a_bundle_holding_keeps_its_embargo_years(client, admin, loaded):
    answer = client.post("/v1/imports", json=_holding(embargo_years=2), headers=admin)
    assert answer.status_code == 200, answer.json
    held = [h for h in loaded.export_network().holdings
            if (h.libid, h.nlm_uid) == ("ORUPAC", "0255562")]
    assert [h.embargo_years for h in held] == [2]


SUPERSCRIPT_TWO = "%C2%B2"  # "²": a digit to str.isdigit, not to int()


def test_a_min_version_of_other_digits(client, loaded):
    answer = client.get(f"/v1/libraries?min_version={SUPERSCRIPT_TWO}")
    assert answer.status_code == 422, answer.get_data(as_text=True)[:300]
    assert answer.json["errors"][0]["field"] == "min_version"


def test_a_citation_volume_of_other_digits_is_no_volume(client, admin, loaded):
    """Routed on its year, as any volume that is not a number (never a 500)."""
    openurl = client.get("/v1/routing/openurl?rft.issn=0028-4793&rft.date=2015&borrower=ORUPAC"
                         f"&rft.volume={SUPERSCRIPT_TWO}")
    body = {"borrower": "ORUPAC", "citation": {"issn": "0028-4793", "year": 2015,
                                               "volume": "\u00b2"}}
    posted = client.post("/v1/routing/lender-sequence", json=body, headers=admin)
    for answer in (openurl, posted):
        assert answer.status_code == 200, answer.get_data(as_text=True)[:300]
        assert answer.json["citation"]["volume"] is None
