"""Every operation of the OpenAPI document carries a recorded example request and answer."""

from __future__ import annotations

import pytest

from api import create_app
from api.openapi_examples import METHODS, load_examples, operation_key


@pytest.fixture(scope="module")
def document():
    app = create_app({"TESTING": True, "STORE": object(), "AUTH_REQUIRED": False})
    return app.test_client().get("/v1/openapi.json").json


def operations(document):
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield operation_key(method, path), operation


def test_every_operation_has_a_recorded_example(document):
    recorded = load_examples()
    missing = [key for key, _ in operations(document) if key not in recorded]
    assert not missing, (f"no example for {missing}: add a line to CALLS in "
                         "tests/openapi_examples/record.py and run make openapi-examples")


def test_the_document_shows_each_example_request_and_answer(document):
    recorded = load_examples()
    for key, operation in operations(document):
        example = recorded[key]
        answer = operation["responses"][str(example["status"])]
        if example["answer"] is not None:
            assert all("example" in media for media in answer["content"].values()), key
        if "requestBody" in operation and example["request"] is not None:
            media = operation["requestBody"]["content"].values()
            assert all("example" in m for m in media), key
    create = recorded["POST /v1/requests"]
    assert create["answer"]["status"] == "NEW" and create["request"]["borrower"] == "NCUSRC"
