"""Example requests and answers in the OpenAPI document, one pair per operation.

The examples are real answers of this service on the demo network, recorded by
``make openapi-examples`` (``tests/openapi_examples/record.py``) into
``api/openapi_examples.json``, keyed ``"METHOD /v1/path/{param}"``: ``{"parameters": {name:
value}, "request": body or null, "status": code, "answer": body}`` (long lists cut to a few
items). :class:`Examples` puts them into the document; a new endpoint needs an entry there
(``tests/openapi_examples/test_examples.py`` says which are missing).
"""

from __future__ import annotations

import json
from pathlib import Path

from apispec import BasePlugin

EXAMPLES_FILE = Path(__file__).with_name("openapi_examples.json")
METHODS = ("get", "put", "post", "patch", "delete")


def load_examples(path: Path = EXAMPLES_FILE) -> dict:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def operation_key(method: str, path: str) -> str:
    """``"POST /v1/requests"`` for an operation of the document.

    >>> operation_key("post", "/v1/requests/{request_id}/actions")
    'POST /v1/requests/{request_id}/actions'
    """
    return f"{method.upper()} {path}"


class Examples(BasePlugin):
    """Add the recorded example of each operation to its parameters, body and answer."""

    def __init__(self, examples: dict | None = None):
        self.examples = load_examples() if examples is None else examples

    def operation_helper(self, path=None, operations=None, **kwargs) -> None:
        for method, operation in (operations or {}).items():
            example = self.examples.get(operation_key(method, _openapi_path(path)))
            if method in METHODS and isinstance(operation, dict) and example:
                _add(operation, example)


def _openapi_path(path: str) -> str:
    """Flask's ``/v1/requests/<string:request_id>`` as OpenAPI's ``/v1/requests/{request_id}``."""
    import re

    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", path or "")


def _add(operation: dict, example: dict) -> None:
    for parameter in operation.get("parameters", []):
        if isinstance(parameter, dict) and parameter.get("name") in example.get("parameters", {}):
            parameter["example"] = example["parameters"][parameter["name"]]
    body = operation.get("requestBody")
    if isinstance(body, dict) and example.get("request") is not None:
        for media in body.get("content", {}).values():
            media.setdefault("example", example["request"])  # one the view gave wins
    responses = operation.get("responses", {})
    answer = responses.get(str(example["status"]), responses.get(example["status"]))
    if isinstance(answer, dict) and example["answer"] is not None:  # None: no body (204)
        answer.setdefault("content", {"application/json": {}})
        for media in answer["content"].values():
            media.setdefault("example", example["answer"])
