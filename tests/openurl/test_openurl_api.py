"""GET /v1/routing/openurl with link-resolver queries, against the real database."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

from graphsvc.model import Holding, Library, Network, Range, Region, RoutingTable, Serial
from graphsvc.store.neo4j import delete_everything

EMAIL = ("EMAIL_PDF",)
AT = "2026-11-24T10:00:00-08:00"


def network() -> Network:
    libraries = (Library("ORUPAC", "Pacific", state="OR", delivery_methods=EMAIL),
                 Library("ORUOHS", "OHSU", state="OR", delivery_methods=EMAIL),
                 Library("WAUUHS", "UW Health Sciences", state="WA", delivery_methods=EMAIL),
                 Library("MDUNLM", "NLM", type="NLM", state="MD", delivery_methods=EMAIL))
    serials = (Serial("0255562", "The New England journal of medicine",
                      ("0028-4793", "1533-4406")),
               Serial("100895536", "The health care manager", ("1525-5794", "1550-512X")),
               Serial("9102982", "Biological mass spectrometry", ("1096-9888",)),
               Serial("9504818", "Journal of mass spectrometry : JMS", ("1096-9888",)),
               Serial("0370534", "Archives of ophthalmology (Chicago, Ill. : 1929)"),
               Serial("7706534", "Archives of ophthalmology (Chicago, Ill. : 1960)",
                      ("0003-9950",)))
    holdings = (Holding("ORUOHS", "0255562", ranges=(Range("1", None, 1928, None),)),
                Holding("WAUUHS", "0255562", ranges=(Range(None, None, 2000, None),)),
                Holding("WAUUHS", "100895536", ranges=(Range(None, None, 2010, None),)))
    return Network(regions=(Region("5", "Region 5", ("OR", "WA"), None),),
                   libraries=libraries, serials=serials, holdings=holdings,
                   routing_tables=(RoutingTable("ORUPAC", {1: ("ORUOHS",), 2: ("WAUUHS",)}),))


@pytest.fixture(scope="module")
def client(session_store):
    """One import for the module: these tests only read."""
    from api import create_app

    delete_everything(session_store)
    session_store.import_network(network())
    return create_app({"TESTING": True, "STORE": session_store}).test_client()


def get(client, query):
    text = query if isinstance(query, str) else urlencode(query, doseq=True)
    return client.get(f"/v1/routing/openurl?{text}")


def libids(body):
    return [lender["libid"] for lender in body["lenders"]]


SFX = ("url_ver=Z39.88-2004&ctx_ver=Z39.88-2004&rfr_id=info:sid/primo.exlibrisgroup.com"
       "&rft_val_fmt=info:ofi/fmt:kev:mtx:journal&rft.genre=article"
       "&rft.atitle=Stroke%20risk&rft.jtitle=The%20New%20England%20journal%20of%20medicine"
       "&rft.issn=0028-4793&rft.eissn=1533-4406&rft.date=2015&rft.volume=372&rft.issue=4"
       "&rft.spage=301&rft_id=info:doi/10.1056/NEJMoa1&rft_id=info:pmid/25606923"
       f"&borrower=ORUPAC&seed=7&at={AT.replace('+', '%2B')}")


def test_sfx_query_answers_like_the_post_endpoint(client):
    response = get(client, SFX)
    assert response.status_code == 200, response.json
    posted = client.post("/v1/routing/lender-sequence", json={
        "borrower": "ORUPAC", "citation": {"issn": "0028-4793", "year": 2015, "volume": "372"},
        "at": AT, "seed": 7}).json
    assert response.json == posted
    assert libids(response.json) == ["ORUOHS", "WAUUHS", "MDUNLM"]
    assert response.json["title"] == {"nlm_uid": "0255562",
                                      "title": "The New England journal of medicine"}


def test_360_link_query_by_electronic_issn_without_hyphen(client):
    body = get(client, {"url_ver": "Z39.88-2004", "rft.genre": "article",
                        "rft.eissn": "15334406", "rft.date": "2016-04-01", "rft.volume": "374",
                        "borrower": "ORUPAC", "at": AT}).json
    assert body["title"]["nlm_uid"] == "0255562"
    assert libids(body) == ["ORUOHS", "WAUUHS", "MDUNLM"]


def test_several_issns_in_one_field_and_a_messy_date(client):
    body = get(client, {"rft.issn": "1525-5794; 1550-512X ", "rft.date": "9 2016",
                        "rft.volume": "34", "borrower": "ORUPAC", "at": AT}).json
    assert body["title"]["nlm_uid"] == "100895536"
    assert libids(body) == ["WAUUHS", "MDUNLM"]


def test_unknown_first_issn_then_a_known_one(client):
    body = get(client, {"rft.issn": "1234-5679", "rft.eissn": "1550-512x", "rft.date": "2016",
                        "borrower": "ORUPAC", "at": AT}).json
    assert body["title"]["nlm_uid"] == "100895536"


def test_title_with_trailing_punctuation_when_no_issn_matches(client):
    body = get(client, {"rft.issn": "9999-9999", "rft.jtitle": "The health care manager.",
                        "rft.date": "2015-04-01", "borrower": "ORUPAC", "at": AT}).json
    assert body["title"]["nlm_uid"] == "100895536"


def test_openurl_0_1_keys(client):
    body = get(client, {"sid": "Entrez:PubMed", "issn": "00284793", "date": "2015",
                        "volume": "16 Suppl 2", "id": "pmid:25606923", "borrower": "ORUPAC",
                        "at": AT, "explain": "true"}).json
    assert body["title"]["nlm_uid"] == "0255562" and "skipped" in body


def test_routing_options_apply(client):
    body = get(client, {"rft.issn": "0028-4793", "rft.date": "2015", "borrower": "ORUPAC",
                        "at": AT, "cells": "2", "route_to_nlm": "false"}).json
    assert libids(body) == ["WAUUHS"]


def problems_of(response):
    assert response.mimetype == "application/problem+json"
    return {p["field"]: p["message"] for p in response.json["errors"]}


def test_citation_without_a_journal_says_what_is_missing(client):
    response = get(client, {"rft.atitle": "Stroke", "rft.date": "2015", "borrower": "ORUPAC"})
    assert response.status_code == 422
    assert "give rft.issn, rft.eissn or rft.jtitle" in problems_of(response)["rft.issn"]


def test_citation_without_year_or_volume_says_what_is_missing(client):
    response = get(client, {"rft.issn": "0028-4793", "rft.date": "EPUB", "borrower": "ORUPAC"})
    assert response.status_code == 422
    assert "give rft.date or rft.volume" in problems_of(response)["rft.date"]


def test_ambiguous_title_asks_for_an_issn(client):
    response = get(client, {"rft.jtitle": "Archives of ophthalmology.", "rft.date": "1950",
                            "borrower": "ORUPAC"})
    assert response.status_code == 422
    assert "names 2 serials" in problems_of(response)["rft.jtitle"]


def test_shared_issn_needs_the_title_to_say_which(client):
    query = {"rft.issn": "1096-9888", "rft.date": "1995", "borrower": "ORUPAC", "at": AT}
    response = get(client, query)
    assert response.status_code == 422
    assert "names 2 serials" in problems_of(response)["rft.issn"]
    body = get(client, {**query, "rft.jtitle": "Journal of mass spectrometry : JMS."}).json
    assert body["title"]["nlm_uid"] == "9504818"


def test_unknown_issn_and_title_without_a_manual_map_are_422(client):
    response = get(client, {"rft.issn": "1234-5679", "rft.jtitle": "Nowhere journal",
                            "rft.date": "2015", "borrower": "ORUPAC"})
    assert response.status_code == 422
    assert set(problems_of(response)) == {"rft.issn", "rft.jtitle"}
    assert "manual routing is not set up" in response.json["detail"]


def test_book_without_a_manual_map_and_missing_borrower_are_refused(client):
    book = get(client, {"rft_val_fmt": "info:ofi/fmt:kev:mtx:book", "rft.btitle": "Anatomy",
                        "rft.isbn": "978-0-7020-5230-9", "rft.date": "2015",
                        "borrower": "ORUPAC"})
    assert book.status_code == 422 and "rft.isbn" in problems_of(book)
    assert "manual routing is not set up" in book.json["detail"]
    anonymous = get(client, {"rft.issn": "0028-4793", "rft.date": "2015"})
    assert anonymous.status_code == 422 and "borrower" in problems_of(anonymous)


def test_endpoint_is_in_the_openapi_document(client):
    spec = client.get("/v1/openapi.json").json
    operation = spec["paths"]["/v1/routing/openurl"]["get"]
    names = {p["name"] for p in operation["parameters"]}
    assert {"rft.issn", "rft.eissn", "rft.jtitle", "rft.date", "rft.volume", "rft_id",
            "issn", "date", "volume", "id", "borrower", "cells"} <= names
    assert {"200", "404", "422"} <= set(operation["responses"])
