"""A holdings upload cannot hijack a title (issue 14.2): a library's file never creates or
changes a serial, and the admin's bundle import refuses to give one serial's ISSN to another
unless the bundle states the title change. OpenURL for NEJM keeps resolving throughout."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graphsvc import services
from graphsvc.errors import InvalidInput

from tests.netman.conftest import bearer

NEJM_ISSN = "0028-4793"
OPENURL = ("/v1/routing/openurl?borrower=ORUPAC&url_ver=Z39.88-2004&rft.issn=0028-4793"
           "&rft.date=2015&rft.volume=372")
CSV_HIJACK = ('"action","record_type","serial_title","nlm_unique_id","holdings_format",'
              '"begin_volume","end_volume","begin_year","end_year","issns"\n'
              '"","HOLDING","The New England journal of medicine","NLM_9999996","Print","","",'
              '"","","0028-4793 (Print),1533-4406 (Electronic)"\n'
              '"","RANGE","","","","1","","1990",""\n'
              '"","HOLDING","JAMA","NLM_7501160","Print","","","","",""\n')
JSON_HIJACK = [{"nlm_uid": "9999996", "title": "The New England journal of medicine",
                "issns": [NEJM_ISSN, "1533-4406"], "ranges": [{"begin_year": 1990}]},
               {"nlm_uid": "7501160"}]
DEMO = Path(__file__).resolve().parents[2] / "seeds" / "demo.json"


def resolves_to_nejm(client) -> bool:
    response = client.get(OPENURL)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return response.json["title"]["nlm_uid"] == "0255562"


@pytest.mark.parametrize(("data", "content_type"), [
    (CSV_HIJACK, "text/csv"), (json.dumps(JSON_HIJACK), "application/json")])
def test_a_library_file_with_a_new_nlm_id_carrying_nejms_issn_creates_nothing(
        client, network, make_token, data, content_type):
    assert resolves_to_nejm(client)
    own = bearer(make_token("library", libid="ORUPAC"))
    response = client.put("/v1/libraries/ORUPAC/holdings", data=data, content_type=content_type,
                          headers=own)
    assert response.status_code == 200, response.json
    (unmatched,) = response.json["unmatched"]
    assert unmatched["nlm_uid"] == "9999996" and NEJM_ISSN in unmatched["issns"]
    assert "9999996" not in network.keys()["serials"]
    assert network.serial_for_issn(NEJM_ISSN) == "0255562"
    assert [h.nlm_uid for h in network.holdings("ORUPAC")[0]] == ["7501160"]
    assert resolves_to_nejm(client)


def test_a_bundle_may_not_give_nejms_issn_to_another_serial(client, network, make_token,
                                                            graph_unchanged):
    admin = bearer(make_token("admin"))
    hijack = {"serials": [{"nlm_uid": "9999996", "title": "Not NEJM",
                           "issns": ["1234-5679", "00284793"]}]}
    with graph_unchanged():
        response = client.post("/v1/imports", json=hijack, headers=admin)
        assert response.status_code == 422 and response.mimetype == "application/problem+json"
        (problem,) = response.json["errors"]
        assert (problem["position"], problem["field"]) == ("serials[0]", "issns[1]")
        assert "0255562" in problem["message"] and "9999996" in problem["message"]
    assert resolves_to_nejm(client)


def test_a_new_serial_may_not_take_an_issn_a_stored_one_has(network):
    bundle = {"serials": [{"nlm_uid": "1000001", "title": "A", "issns": ["1234-5679"]}]}
    services.import_bundle(network, bundle)
    again = {"serials": [{"nlm_uid": "1000001", "title": "A", "issns": ["1234-5679"]},
                         {"nlm_uid": "1000002", "title": "B", "issns": ["1234-5679"]}]}
    with pytest.raises(InvalidInput) as caught:
        services.import_bundle(network, again)
    assert [(p["position"], p["field"]) for p in caught.value.problems] == [
        ("serials[1]", "issns[0]")]


def test_a_stated_title_change_may_share_the_issn(client, network, make_token):
    admin = bearer(make_token("admin"))
    changed = {"serials": [{"nlm_uid": "9999996", "title": "NEJM, continued",
                            "issns": [NEJM_ISSN], "continues": "0255562"}]}
    assert client.post("/v1/imports", json=changed, headers=admin).status_code == 200
    assert "9999996" in network.keys()["serials"]
    again = {"serials": [{"nlm_uid": "0255562", "title": "The New England journal of medicine",
                          "issns": [NEJM_ISSN, "1533-4406"], "continued_by": "9999996"}]}
    assert client.post("/v1/imports", json=again, headers=admin).status_code == 200


def test_the_demo_catalog_imports_twice_without_claims(store):
    serials = json.loads(DEMO.read_text())["serials"]
    for _ in range(2):
        assert services.import_bundle(store, {"serials": serials})["serials"] == len(serials)
