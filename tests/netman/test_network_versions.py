"""Network versions over HTTP: writes answer with theirs, reads ask for at least one, and a
write made through another store (another worker or host) shows once it is asked for."""

from __future__ import annotations

from graphsvc.model import Holding, Range
from graphsvc.store.neo4j import Neo4jStore

from tests.netman.conftest import bearer

ROUTE = {"borrower": "ORUPAC", "at": "2026-11-23T15:00:00Z",
         "citation": {"nlm_uid": "7501160", "year": 2020},
         "delivery": {"primary": "EMAIL_PDF", "alternates": ["MAIL", "FAX", "ARIEL", "ODYSSEY",
                                                             "WEB_PDF", "ARTICLE_EXCHANGE"]},
         "route_to_nlm": False, "all_other_libraries": True, "loan": True}


def lenders(response) -> list[str]:
    assert response.status_code == 200, response.json
    return [x["libid"] for x in response.json["lenders"]]


def test_a_write_answers_with_the_network_version_it_made(client, network, make_token):
    admin = bearer(make_token("admin"))
    response = client.put("/v1/libraries/ORUOHS/holdings", headers=admin, json=[
        {"nlm_uid": "7501160", "format": "PRINT", "ranges": [{"begin_year": 1990}]}])
    assert response.status_code == 200
    assert response.headers["Network-Version"] == str(network.version())


def test_a_read_with_min_version_sees_another_stores_write(client, network, bolt_server):
    network.network()  # this worker holds the whole network graph
    assert lenders(client.post("/v1/routing/lender-sequence", json=ROUTE)) == ["ORUOHS"]
    other = Neo4jStore(bolt_server.uri, bolt_server.auth, database=bolt_server.database)
    try:
        other.replace_holdings("CTUYAL", [Holding("CTUYAL", "7501160", "PRINT",
                                                  (Range(None, None, 2000, None),))])
        version = other.last_written
    finally:
        other.close()
    response = client.post(f"/v1/routing/lender-sequence?min_version={version}", json=ROUTE)
    assert sorted(lenders(response)) == ["CTUYAL", "ORUOHS"]
    assert network.network_cache.graph_version >= version  # caught up, not read aside


def test_min_version_ahead_of_the_network_is_a_409_naming_it(client, network):
    ahead = network.version() + 1000
    response = client.post(f"/v1/routing/lender-sequence?min_version={ahead}", json=ROUTE)
    assert response.status_code == 409
    assert response.json["errors"][0]["field"] == "min_version"


def test_a_min_version_that_is_not_a_number_is_a_422(client, network):
    response = client.get("/v1/libraries?min_version=soon")
    assert response.status_code == 422
    assert response.json["errors"][0]["field"] == "min_version"


def _another_stores_write(bolt_server) -> int:
    other = Neo4jStore(bolt_server.uri, bolt_server.auth, database=bolt_server.database)
    try:
        other.replace_holdings("CTUYAL", [Holding("CTUYAL", "7501160", "PRINT",
                                                  (Range(None, None, 2000, None),))])
        return other.last_written
    finally:
        other.close()


def test_routing_and_referral_answers_name_the_network_version_they_were_computed_on(
        client, network, bolt_server):
    network.network()
    before = client.post("/v1/routing/lender-sequence", json=ROUTE).json
    assert before["network_version"] == network.version()
    version = _another_stores_write(bolt_server)
    explained = client.post(f"/v1/routing/lender-sequence?min_version={version}",
                            json={**ROUTE, "explain": True})
    assert "CTUYAL" in lenders(explained) and explained.json["network_version"] == version
    openurl = client.get("/v1/routing/openurl?borrower=ORUPAC&rft.issn=0098-7484&rft.date=2020"
                         f"&min_version={version}")
    assert openurl.status_code == 200 and openurl.json["network_version"] == version
    referral = client.post(f"/v1/referrals?min_version={version}",
                           json={"zip": "97201", "category": "AFFILIATED"})
    assert referral.status_code == 200, referral.json
    assert referral.json["network_version"] == version


def test_an_answer_read_from_the_neighbourhood_names_its_version_too(client, network):
    network.network_cache.clear()
    network.network_cache.defer(60)  # no whole network: routing reads the neighbourhood
    try:
        answer = client.post("/v1/routing/lender-sequence", json=ROUTE)
        assert network.network_ready() is None
    finally:
        network.network_cache.defer(0)
    assert lenders(answer) == ["ORUOHS"]
    assert answer.json["network_version"] == network.version() > 0
