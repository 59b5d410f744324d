"""Citations as routing understands them, over HTTP (issue 15.3, 15.5, 15.6).

Title changes match on years only and say so; JSON volumes are cleaned as OpenURL ones;
MEDLINE/ISO abbreviations resolve; an unknown direct_to is 422; every answer echoes the
citation; titles not in the network and books go through the borrower's manual map.
"""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

from graphsvc.services.auth import create_token

AT = "2026-11-23T10:00:00-05:00"
EMAIL = ["EMAIL_PDF"]


def bundle() -> dict:
    def library(libid, state="OR", **fields):
        return {"libid": libid, "name": f"Library {libid}", "state": state,
                "delivery_methods": EMAIL, **fields}

    def holding(libid, uid, bv, ev, by, ey):
        return {"libid": libid, "nlm_uid": uid, "ranges": [
            {"begin_volume": bv, "end_volume": ev, "begin_year": by, "end_year": ey}]}

    return {
        "regions": [{"code": "5", "name": "Region 5", "states": ["OR", "WA"]}],
        "libraries": [library("ORUPAC"), library("ORUMAN"), library("ORUOHS"),
                      library("WAUZAK", "WA"), library("WAUUHS", "WA"),
                      library("MDUNLM", "MD", type="NLM")],
        "serials": [
            {"nlm_uid": "0255562", "title": "The New England journal of medicine",
             "issns": ["0028-4793"], "med_abbr": "N Engl J Med",
             "iso_abbr": "N. Engl. J. Med."},
            {"nlm_uid": "8800001", "title": "Journal of old things", "issns": ["0000-0019"],
             "continued_by": "9300001", "med_abbr": "J Old Things"},
            {"nlm_uid": "9300001", "title": "Journal of new things", "issns": ["0000-0027"],
             "continues": "8800001"}],
        "holdings": [holding("WAUUHS", "0255562", "1", None, 1928, None),
                     holding("WAUZAK", "8800001", "1", "5", 1988, 1992),
                     holding("ORUOHS", "9300001", "1", None, 1993, None)],
        "routing_tables": [
            {"libid": "ORUPAC", "cells": {"1": ["WAUZAK", "ORUOHS"], "2": ["WAUUHS"]}},
            {"libid": "ORUMAN", "cells": {"1": ["WAUUHS"]}, "manual_map": ["WAUUHS", "ORUOHS"]}],
    }


@pytest.fixture
def loaded(client, store):
    secret, _ = create_token(store, "admin")
    response = client.post("/v1/imports", json=bundle(),
                           headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 200, response.json
    return store


def route(client, citation, **changes):
    body = {"borrower": "ORUPAC", "citation": citation, "at": AT, "seed": 5, **changes}
    return client.post("/v1/routing/lender-sequence", json=body)


def openurl(client, **query):
    return client.get("/v1/routing/openurl?" + urlencode({"borrower": "ORUPAC", "at": AT,
                                                          **query}))


def test_across_a_title_change_only_years_match_and_the_answer_says_so(client, loaded):
    # WAUZAK holds the old title v.1-5 (1988-1992): v.3 of the new title (2001) is not there
    body = route(client, {"nlm_uid": "9300001", "year": 2001, "volume": "3"},
                 explain=True).json
    assert [x["libid"] for x in body["lenders"]] == ["ORUOHS", "MDUNLM"]
    zak = [s for s in body["skipped"] if s["libid"] == "WAUZAK"]
    assert zak == [{"libid": "WAUZAK", "via": "CELL", "cell": 1, "reason": "NO_HOLDINGS",
                    "via_title_change": {"nlm_uid": "8800001",
                                         "title": "Journal of old things"}}]
    # a year the old holdings cover matches, through the title change
    lenders = route(client, {"nlm_uid": "9300001", "year": 1990, "volume": "3"}).json["lenders"]
    assert lenders[0] == {"libid": "WAUZAK", "name": "Library WAUZAK", "via": "CELL",
                          "cell": 1, "delivery": "EMAIL_PDF", "matched_on": "YEAR",
                          "via_title_change": {"nlm_uid": "8800001",
                                               "title": "Journal of old things"}}


@pytest.mark.parametrize("volume", ["v.16", "vol. 16", "Vol 16", "16"])
def test_a_json_volume_is_cleaned_as_openurl_volumes_are(client, loaded, volume):
    body = route(client, {"issn": "0028-4793", "volume": volume}).json
    assert body["citation"]["volume"] == "16"
    assert [(x["libid"], x["matched_on"]) for x in body["lenders"]][0] == ("WAUUHS", "VOLUME")


def test_a_json_volume_with_no_number_and_no_year_is_422(client, loaded):
    response = route(client, {"issn": "0028-4793", "volume": "EPUB"})
    assert response.status_code == 422
    assert response.json["errors"][0]["field"] == "citation.volume"


@pytest.mark.parametrize("citation, matched_by", [
    ({"nlm_uid": "0255562"}, "NLM_UID"), ({"issn": "00284793"}, "ISSN"),
    ({"title": "The New England journal of medicine."}, "TITLE"),
    ({"title": "N Engl J Med"}, "ABBREVIATION"), ({"title": "N. Engl. J. Med."}, "ABBREVIATION"),
])
def test_every_answer_echoes_the_citation_as_understood(client, loaded, citation, matched_by):
    body = route(client, {**citation, "year": 2015, "volume": "372"}).json
    assert body["citation"] == {"nlm_uid": "0255562",
                                "title": "The New England journal of medicine",
                                "issn": body["citation"]["issn"], "year": 2015,
                                "volume": "372", "matched_by": matched_by}
    assert [x["libid"] for x in body["lenders"]] == ["WAUUHS", "MDUNLM"]


def test_openurl_and_requests_echo_the_citation(client, loaded, store):
    body = openurl(client, **{"rft.stitle": "N Engl J Med", "rft.volume": "v. 372"}).json
    assert body["citation"]["matched_by"] == "ABBREVIATION"
    assert body["citation"]["nlm_uid"] == "0255562" and body["citation"]["volume"] == "372"
    secret, _ = create_token(store, "library", libid="ORUPAC")
    created = client.post("/v1/requests", json={
        "borrower": "ORUPAC", "citation": {"title": "N Engl J Med", "year": 2015}, "at": AT},
        headers={"Authorization": f"Bearer {secret}"})
    assert created.status_code == 201, created.json
    assert created.json["citation"]["matched_by"] == "ABBREVIATION"
    assert created.json["lender"] == "WAUUHS"


def test_an_unknown_direct_to_is_422_naming_the_field(client, loaded):
    response = route(client, {"issn": "0028-4793", "year": 2015}, direct_to="ORUZZZ")
    assert response.status_code == 422
    assert response.json["errors"][0]["field"] == "direct_to"
    assert openurl(client, **{"rft.issn": "0028-4793", "rft.date": "2015",
                              "direct_to": "ORUZZZ"}).status_code == 422


def test_titles_not_in_the_network_go_through_the_manual_map(client, loaded):
    for response in (route(client, {"issn": "1234-5679", "year": 2015}, borrower="ORUMAN"),
                     openurl(client, borrower="ORUMAN", **{"rft.issn": "1234-5679",
                                                          "rft.date": "2015"})):
        body = response.json
        assert response.status_code == 200, body
        assert [(x["libid"], x["via"], x["cell"]) for x in body["lenders"]] == \
            [("WAUUHS", "MANUAL", 1), ("ORUOHS", "MANUAL", 2), ("MDUNLM", "NLM", None)]
        assert body["citation"]["matched_by"] == "MANUAL" and body["citation"]["nlm_uid"] is None
        assert "manual map" in body["notes"][0]
    refused = route(client, {"issn": "1234-5679", "year": 2015})
    assert refused.status_code == 422
    assert "manual routing is not set up" in refused.json["errors"][0]["message"]


def test_a_book_goes_through_the_manual_map(client, loaded):
    body = openurl(client, borrower="ORUMAN", **{
        "rft_val_fmt": "info:ofi/fmt:kev:mtx:book", "rft.genre": "book",
        "rft.btitle": "Gray's anatomy", "rft.isbn": "978-0-7020-5230-9",
        "rft.date": "2015"}).json
    assert [x["via"] for x in body["lenders"]] == ["MANUAL", "MANUAL", "NLM"]
    assert body["citation"]["matched_by"] == "MANUAL"
    assert "book" in body["notes"][0]
    genre_only = openurl(client, borrower="ORUMAN", genre="book", title="Gray's anatomy")
    assert genre_only.status_code == 200 and genre_only.json["lenders"]
