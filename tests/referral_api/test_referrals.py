"""POST /v1/referrals and `graphsvc refer` on the real database: the PNR referral rules."""

from __future__ import annotations

import json
import urllib.request

import pytest

from graphsvc.cli import main as graphsvc_main
from graphsvc.model import Holding, Library, Network, Range, Serial
from tests.browser.live import serving
from tests.referral_api.network import PORTLAND, UHP, library

PROBLEM = "application/problem+json"
MONEY_WORDS = ("fee", "price", "cost", "charge")


@pytest.fixture
def loaded(store):
    store.import_network(PORTLAND)
    return store


def refer(client, **body):
    body.setdefault("category", UHP)
    return client.post("/v1/referrals", json=body)


def suggestions(client, **body):
    response = refer(client, **body)
    assert response.status_code == 200, response.json
    return response.json["suggestions"]


def reasons_of(found):
    return {s["libid"]: s["reasons"] for s in found}


def keys_anywhere(value):
    if isinstance(value, dict):
        for key, inner in value.items():
            yield key
            yield from keys_anywhere(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from keys_anywhere(inner)


# --- the rules ---------------------------------------------------------------------------------

def test_at_least_three_and_the_first_is_the_nearest_serving_the_category(client, loaded):
    found = suggestions(client, zip="97201")
    assert len(found) == 5 and len({s["libid"] for s in found}) == 5
    first = found[0]
    # ORCCLO (closed), ORXPUB (general public only) and ORCKAI (own users only) are nearer
    assert (first["libid"], first["reasons"], first["distance_km"]) == ("ORCLEG", ["NEAREST"], 0.2)
    assert first["explanation"] == [
        "nearest library that serves unaffiliated health professionals, 0.2 km"]
    assert {"ORCCLO", "ORXPUB", "ORCKAI"}.isdisjoint(reasons_of(found))
    assert (first["city"], first["state"], first["lat"], first["lon"]) == \
        ("Portland", "OR", 45.5085, -122.692)


def test_limit_below_three_still_gives_three(client, loaded):
    assert len(suggestions(client, zip="97201", limit=1)) == 3


def test_general_public_gets_libraries_serving_the_public(client, loaded):
    found = suggestions(client, zip="97201", category="GENERAL_PUBLIC")
    assert [s["libid"] for s in found][:1] == ["ORXPUB"]
    assert set(reasons_of(found)) == {"ORXPUB", "ORCPRO", "WAUUHS"}
    seattle = next(s for s in found if s["libid"] == "WAUUHS")
    # no resource library serves the public in Oregon: the largest collection nearby
    assert seattle["explanation"] == ["one of the largest collections in the network (holds 1 "
                                      "title), the largest within 300 km, 240.0 km"]


def test_the_patrons_own_library_comes_first(client, loaded):
    found = suggestions(client, zip="97201", category="AFFILIATED", affiliation="ORCKAI")
    assert (found[0]["libid"], found[0]["reasons"]) == ("ORCKAI", ["AFFILIATION"])
    assert len(found) >= 3


def test_a_resource_library_in_the_state_for_its_large_collection(client, loaded):
    found = reasons_of(suggestions(client, zip="97201"))
    assert found["ORUOHS"] == ["LARGE_COLLECTION"]


def test_a_specialist_gets_the_library_with_that_subject(client, loaded):
    response = refer(client, zip="97201", specialty="Oncologists")
    found = reasons_of(response.json["suggestions"])
    assert found["ORCSAL"] == ["SUBJECT_EXPERTISE"]
    assert response.json["patron"]["subject"] == "oncology"


def test_a_consortium_serving_the_state_and_one_named(client, loaded):
    assert reasons_of(suggestions(client, zip="97201"))["ORCBEN"] == ["CONSORTIUM"]
    named = suggestions(client, zip="97201", consortium="CASCADE")
    by_libid = {s["libid"]: s for s in named}
    assert "CONSORTIUM" in by_libid["WAUUHS"]["reasons"]
    assert "Cascade Consortium (CASCADE)" in " ".join(by_libid["WAUUHS"]["explanation"])


def test_no_fee_price_cost_or_charge_anywhere_in_the_answer(client, loaded):
    for body in ({"zip": "97201"}, {"zip": "97201", "specialty": "oncology"},
                 {"place": "Bend, OR", "category": "AFFILIATED", "affiliation": "ORCKAI"}):
        answer = refer(client, **body).json
        keys = list(keys_anywhere(answer))
        assert "suggestions" in keys and "libid" in keys
        assert not [k for k in keys if any(word in k.lower() for word in MONEY_WORDS)]
        assert "12.5" not in json.dumps(answer)
        assert answer["note"].endswith("make arrangements with each library directly.")


def test_over_real_http_the_answer_is_the_same_and_has_no_money(app, loaded):
    with serving(app) as server:
        request = urllib.request.Request(
            f"{server.url}/v1/referrals", method="POST",
            data=json.dumps({"zip": "97201", "category": UHP}).encode(),
            headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=10) as response:
            answer = json.loads(response.read())
    assert [s["libid"] for s in answer["suggestions"]][:2] == ["ORCLEG", "ORUOHS"]
    assert not [k for k in keys_anywhere(answer) if any(w in k.lower() for w in MONEY_WORDS)]


# --- where the patron is -------------------------------------------------------------------------

def test_a_place_is_the_centroid_of_its_central_zip(client, loaded):
    response = refer(client, place="salem, oregon")
    patron = response.json["patron"]
    assert (patron["by"], patron["city"], patron["state"]) == ("place", "Salem", "OR")
    assert patron["zip"].startswith("973")
    assert response.json["suggestions"][0]["libid"] == "ORCSAL"


def test_a_point_takes_its_state_from_the_nearest_zip(client, loaded):
    response = refer(client, lat=44.06, lon=-121.31)
    patron = response.json["patron"]
    assert (patron["by"], patron["state"], patron["zip"]) == ("point", "OR", None)
    assert response.json["suggestions"][0]["libid"] == "ORCBEN"


def test_the_network_graph_follows_imports(client, loaded):
    assert suggestions(client, zip="97201")[0]["libid"] == "ORCLEG"
    loaded.import_network(Network(libraries=(Library(
        "ORCNEW", "New Library", city="Portland", state="OR", lat=45.5078, lon=-122.6897,
        serves=(UHP,)),)))
    assert suggestions(client, zip="97201")[0]["libid"] == "ORCNEW"


# --- errors name the field -----------------------------------------------------------------------

@pytest.mark.parametrize("body, status, field", [
    ({"zip": "00000"}, 404, "zip"),
    ({"zip": "9720"}, 422, "zip"),
    ({"place": "Atlantis, OR"}, 404, "place"),
    ({"place": "Portland"}, 422, "place"),
    ({"lat": 91.0, "lon": -122.0}, 422, "lat"),
    ({"lat": 45.0, "lon": -181.0}, 422, "lon"),
    ({"lat": 45.0}, 422, "lon"),
    ({}, 422, "zip"),
    ({"zip": "97201", "place": "Salem, OR"}, 422, "place"),
    ({"zip": "97201", "affiliation": "ORCNON"}, 404, "affiliation"),
    ({"zip": "97201", "affiliation": "nope"}, 422, "affiliation"),
    ({"zip": "97201", "consortium": "NOSUCH"}, 404, "consortium"),
    ({"zip": "97201", "category": "EVERYONE"}, 422, "category"),
    ({"zip": "97201", "limit": 0}, 422, "limit"),
    ({"zip": "97201", "price": 3}, 422, "price"),
])
def test_bad_input_is_problem_json_naming_the_field(client, loaded, body, status, field):
    response = refer(client, **body)
    assert response.status_code == status, response.json
    assert response.mimetype == PROBLEM
    assert field in [problem["field"] for problem in response.json["errors"]]


def test_category_is_required(client, loaded):
    response = client.post("/v1/referrals", json={"zip": "97201"})
    assert response.status_code == 422
    assert [p["field"] for p in response.json["errors"]] == ["category"]


# --- the contract, the command line ----------------------------------------------------------

def test_openapi_documents_referrals_and_not_the_pages(client):
    spec = client.get("/v1/openapi.json").json
    post = spec["paths"]["/v1/referrals"]["post"]
    assert {"200", "404", "422"} <= set(post["responses"])
    assert "requestBody" in post
    schemas = spec["components"]["schemas"]
    assert {"zip", "place", "lat", "lon", "category", "affiliation", "specialty", "consortium",
            "limit"} <= set(schemas["ReferralRequest"]["properties"])
    assert "reasons" in schemas["Suggestion"]["properties"]
    assert not [path for path in spec["paths"] if not path.startswith("/v1/")]


def test_cli_gives_the_api_answer(client, loaded, bolt_server, monkeypatch, capsys):
    monkeypatch.setenv("GRAPHSVC_NEO4J_URI", bolt_server.uri)
    monkeypatch.setenv("GRAPHSVC_NEO4J_USER", bolt_server.auth[0])
    monkeypatch.setenv("GRAPHSVC_NEO4J_PASSWORD", bolt_server.auth[1])
    monkeypatch.setenv("GRAPHSVC_NEO4J_DATABASE", bolt_server.database)
    assert graphsvc_main(["refer", "--zip", "97201", "--category", UHP,
                          "--specialty", "oncologist"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == refer(client, zip="97201", specialty="oncologist").json
    assert graphsvc_main(["refer", "--zip", "00000", "--category", UHP]) == 2
    assert "unknown ZIP code" in capsys.readouterr().err


@pytest.mark.parametrize("place", ["Spokane, WA", "spokane wa", "Spokane, Washington",
                                   "SPOKANE  Washington"])
def test_a_place_with_or_without_comma_code_or_name(client, loaded, place):
    """The help desk page sends what the desk typed as ``place``: every spelling works."""
    response = refer(client, place=place)
    assert response.status_code == 200, response.json
    patron = response.json["patron"]
    assert (patron["by"], patron["city"], patron["state"]) == ("place", "Spokane", "WA")


def test_chapel_hill_large_collection_is_large_and_says_how_large(store, client):
    """No resource library in North Carolina: not the 18-title hospital in Florence, SC
    (the largest within 300 km) but one of the network's largest collections (the tenth
    holding most: Baltimore and Atlanta), the largest of them within reach."""
    def hospital(libid, name, city, state, lat, lon, titles, **kw):
        return library(libid, name, city, state, lat, lon, **kw), titles
    placed = [
        hospital("SCUMRC", "Mcleod Regional Medical Center Library", "Florence", "SC",
                 34.1954, -79.7626, 18),
        hospital("NCUVEH", "Vidant Edgecombe Hospital Library", "Tarboro", "NC",
                 35.8968, -77.5358, 3),
        hospital("NCUSRC", "Southeastern Regional Medical Center Library", "Lumberton", "NC",
                 34.6182, -79.0086, 5),
        hospital("MDUUMB", "University of Maryland Health Sciences Library", "Baltimore", "MD",
                 39.2904, -76.6122, 1050),
        hospital("GAUEMO", "Emory Health Sciences Library", "Atlanta", "GA", 33.7930, -84.3240,
                 100),
        *(hospital(f"VAUH{c}{c}", f"Hospital {c}", "Richmond", "VA", 37.54, -77.43, 2)
          for c in "ABCDEFG"),
    ]
    serials = tuple(Serial(str(1000000 + i), f"Journal {i}") for i in range(1050))
    holdings = tuple(Holding(lib.libid, serials[i].nlm_uid, ranges=(Range("1"),))
                     for lib, titles in placed for i in range(titles))
    store.import_network(Network(libraries=tuple(lib for lib, _ in placed), serials=serials,
                                 holdings=holdings))
    found = suggestions(client, place="Chapel Hill, NC")
    large = [s for s in found if "LARGE_COLLECTION" in s["reasons"]]
    assert [s["libid"] for s in large] == ["MDUUMB"]
    assert "holds 1,050 titles" in large[0]["explanation"][0]
