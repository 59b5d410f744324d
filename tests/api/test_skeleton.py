"""The HTTP skeleton: health, readiness, problem+json, OpenAPI, libraries."""

from graphsvc.model import Library, Network, Region

PROBLEM = "application/problem+json"


def small_network():
    return Network(
        regions=(Region("5", "Region 5", ("OR", "WA"), "WAUUHS"),
                 Region("7", "Region 7", ("MA",), None)),
        libraries=(Library("WAUUHS", "UW Health Sciences", type="RML", state="WA"),
                   Library("ORUPAC", "Pacific University", state="OR"),
                   Library("MAUTUF", "Tufts", type="RESOURCE", state="MA")))


def test_health_answers_without_database(client):
    assert client.get("/v1/health").json == {"status": "ok"}


def test_ready_when_store_answers(client):
    assert client.get("/v1/ready").status_code == 200


def test_unknown_path_is_problem_json(client):
    response = client.get("/v1/nowhere")
    assert response.status_code == 404
    assert response.mimetype == PROBLEM
    assert response.json["status"] == 404 and response.json["title"] == "Not Found"


def test_wrong_method_is_problem_json(client):
    response = client.delete("/v1/health")
    assert response.status_code == 405 and response.mimetype == PROBLEM


def test_openapi_document_lists_the_paths(client):
    spec = client.get("/v1/openapi.json").json
    assert spec["openapi"].startswith("3.")
    assert {"/v1/health", "/v1/ready", "/v1/libraries",
            "/v1/libraries/{libid}"} <= set(spec["paths"])


def test_libraries_filtered_by_region_state_and_type(client, store):
    store.import_network(small_network())
    everything = client.get("/v1/libraries").json
    assert everything["count"] == 3
    def libids(query):
        return [found["libid"] for found in client.get(f"/v1/libraries?{query}").json["libraries"]]

    assert libids("region=5") == ["ORUPAC", "WAUUHS"]
    assert libids("state=MA") == ["MAUTUF"]
    assert libids("type=RML") == ["WAUUHS"]


def test_bad_filter_names_the_field(client):
    response = client.get("/v1/libraries?type=CASTLE")
    assert response.status_code == 422 and response.mimetype == PROBLEM
    assert response.json["errors"][0]["field"] == "type"


def test_unknown_region_is_404(client, store):
    store.import_network(small_network())
    response = client.get("/v1/libraries?region=9")
    assert response.status_code == 404 and response.json["errors"][0]["field"] == "region"


def test_one_library_and_unknown_library(client, store):
    store.import_network(small_network())
    assert client.get("/v1/libraries/WAUUHS").json["name"] == "UW Health Sciences"
    missing = client.get("/v1/libraries/WAUXXX")
    assert missing.status_code == 404 and missing.mimetype == PROBLEM


def test_malformed_libid_is_refused_before_any_query(client):
    response = client.get("/v1/libraries/x'%20OR%201=1")
    assert response.status_code == 422
    assert response.json["errors"][0]["field"] == "libid"


def test_malformed_json_is_problem_json(client):
    response = client.post("/v1/routing/lender-sequence", data="{not json",
                           content_type="application/json")
    assert response.status_code in (400, 422)
    assert response.mimetype == PROBLEM and response.json["status"] == response.status_code
