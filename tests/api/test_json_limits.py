"""The JSON limits' quick look (api/json_limits.py) agrees with the walk that names the field."""

import json

import pytest
from flask import Flask, request

from api import json_limits


def nested(depth: int, leaf=1):
    """A list ``depth`` levels deep holding ``leaf`` (the document itself is level 0)."""
    document = leaf
    for _ in range(depth):
        document = [document]
    return document


@pytest.mark.parametrize("document", [
    nested(64), nested(65), nested(64, []), nested(65, []), nested(64, {}), nested(65, {"a": 1}),
    [nested(10), {"a": nested(63)}], [nested(10), {"a": nested(64)}], {"a": [1, {"b": 2}]}, 3,
    [{"x": 2**63}], [-2**63, 2**63 - 1], [True, 1.5e300, "9" * 50]])
def test_the_quick_look_finds_what_the_walk_names(document):
    body = json.dumps(document).encode()
    parsed, huge = json_limits._parse(body)
    named = json_limits._first_problem(json.loads(body, parse_int=json_limits._read_int))
    assert (huge or json_limits._too_deep(parsed)) == (named is not None)


def test_a_huge_integer_is_noted_as_it_is_parsed():
    assert json_limits._parse(b'[1, {"a": 99999999999999999999999}]')[1]
    assert json_limits._parse(b"[1, " + b"9" * 60 + b"]")[1]
    assert not json_limits._parse(b"[-9223372036854775808, 9223372036854775807]")[1]


def test_the_view_reads_the_document_parsed_once(monkeypatch):
    app = Flask(__name__)
    with app.test_request_context(method="PUT", data=b'[{"a": [1, 2]}]',
                                  content_type="application/json"):
        assert json_limits.check_json_body() is None
        monkeypatch.setattr(app.json, "loads", lambda *a, **k: pytest.fail("parsed again"))
        assert request.get_json() == [{"a": [1, 2]}]
