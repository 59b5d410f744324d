"""The OpenAPI document names every schema once, and documents errors as problem+json."""

from __future__ import annotations

import types
import warnings

import pytest
from marshmallow import Schema

from api import create_app
from api.spec import PROBLEM_JSON, SchemaNames


def document() -> dict:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        app = create_app({"TESTING": True, "NEO4J_URI": "bolt://127.0.0.1:9"})
        with app.test_request_context():
            from api.spec import api

            spec = api.spec.to_dict()
    clashes = [str(w.message) for w in caught if "Multiple schemas" in str(w.message)]
    return spec, clashes


def test_no_schema_name_clash_and_errors_are_problem_json():
    spec, clashes = document()
    assert clashes == []
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            if not isinstance(operation, dict):
                continue
            for status, response in operation["responses"].items():
                if status == "default" or status[0] in "45":
                    content = response.get("content") or \
                        spec["components"]["responses"][response["$ref"].rsplit("/", 1)[-1]][
                            "content"]
                    assert list(content) == [PROBLEM_JSON], (method, path, status)
    problem = spec["components"]["schemas"]["Problem"]["properties"]
    assert {"type", "title", "status", "detail", "errors"} <= set(problem)


def test_same_class_names_in_two_modules_get_distinct_names():
    first = types.new_class("RangeSchema", (Schema,))
    second = types.new_class("RangeSchema", (Schema,))
    first.__module__, second.__module__ = "api.schemas.holdings", "api.schemas.coverage"
    names = SchemaNames()
    assert (names(first), names(second), names(first())) == ("Range", "coverage.Range", "Range")


def test_the_document_loads_a_real_body_and_problem(client):
    response = client.post("/v1/routing/lender-sequence", json={"borrower": "nope"})
    assert response.status_code == 422 and response.mimetype == PROBLEM_JSON
    assert {e["field"] for e in response.json["errors"]} >= {"borrower", "citation"}
    allowed = client.delete("/v1/libraries")
    assert allowed.status_code == 405 and "GET" in allowed.headers["Allow"]


RULES_BEYOND_OPENAPI = [("/v1/routing/openurl", "get", "Rules across query parameters"),
                        ("/v1/libraries/{libid}/holdings", "put", "cannot state the file"),
                        ("/v1/libraries/{libid}/manual-map", "put", "OpenAPI cannot state")]


@pytest.mark.parametrize(("path", "method", "words"), RULES_BEYOND_OPENAPI)
def test_rules_openapi_cannot_state_are_described_with_a_422_example(path, method, words):
    """Schemathesis' "schema-valid request rejected" on these three is the documented 422."""
    operation = document()[0]["paths"][path][method]
    assert " ".join(words.split()) in " ".join(operation["description"].split())
    problem = operation["responses"]["422"]["content"]["application/problem+json"]
    assert problem["schema"] == {"$ref": "#/components/schemas/Problem"}
    for example in problem["examples"].values():
        assert example["value"]["status"] == 422 and example["value"]["errors"][0]["field"]


def test_a_merge_patch_may_null_every_member_but_the_keys_and_problems_may_say_more():
    """What the fuzz's runs found: `PATCH /v1/libraries/{libid}` with `"hours": null` (a
    member removed, RFC 7396) is accepted; a 409's problem item carries `participation`."""
    schemas = document()[0]["components"]["schemas"]
    patch = schemas["LibraryPatch"]["properties"]
    assert {name for name, p in patch.items() if not p.get("nullable")} == {"libid", "name",
                                                                            "state"}
    assert not schemas["Library"]["properties"]["hours"].get("nullable")
    assert schemas["ProblemItem"]["additionalProperties"] is True


def test_rules_the_positive_fuzz_found_are_in_the_document():
    """A token id in a path is 8+ hex digits; alert settings name an email or a webhook; a
    referral's place has the form parse_place reads."""
    import re

    from graphsvc.geo import parse_place

    spec = document()[0]
    for path in ("/v1/subcoordinators/{token_id}/libraries",
                 "/v1/subcoordinators/{token_id}/libraries/{libid}"):
        params = [p for p in spec["paths"][path]["parameters"] if p["name"] == "token_id"]
        assert params[0]["schema"]["pattern"] == r"^[0-9A-Fa-f]{8,64}$"
    alerts = spec["components"]["schemas"]["AlertSettings"]
    assert [b["required"] for b in alerts["anyOf"]] == [["email"], ["webhook_url"]]
    place = re.compile(spec["components"]["schemas"]["ReferralRequest"]["properties"]["place"]
                       ["pattern"])
    for text in ("Portland, OR", "spokane wa", "Chapel Hill North Carolina", "000", "Spokane"):
        assert bool(place.search(text)) == (parse_place(text) is not None), text


def test_a_write_keeps_the_422_it_declares():
    """flask-smorest's 422 (an int key) used to lose to the "422" every body operation gets
    from ProblemResponses: all writes then said only "Empty or invalid body"."""
    paths = document()[0]["paths"]
    assert paths["/v1/libraries/{libid}"]["put"]["responses"]["422"]["description"] == (
        "Bad field, or libid differs from the path's (problem+json)")
    assert paths["/v1/iso18626"]["post"]["responses"]["422"]["description"].startswith("Empty")
