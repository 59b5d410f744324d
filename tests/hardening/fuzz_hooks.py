"""schemathesis hooks (``SCHEMATHESIS_HOOKS=tests.hardening.fuzz_hooks``): every error answer
is RFC 9457 problem+json, and a 422 names each field at fault.

Requests whose request line would pass gunicorn's largest limit (8190 bytes, set in
``benchmarks/load/gunicorn_conf.py``) are not sent: gunicorn itself answers them with an HTML
414 before the application sees them (the coverage phase builds such queries from the
documented ``maxItems``, e.g. 501 LIBIDs in ``do_not_route`` of the OpenURL endpoint)."""

from __future__ import annotations

import json
from urllib.parse import urlencode

import schemathesis

PROBLEM_JSON = "application/problem+json"
REQUEST_LINE_LIMIT = 8190 - 200  # gunicorn's largest limit_request_line, less method/version


def request_target(path: str, query: dict | None) -> str:
    """The path and query as sent.

    >>> request_target("/v1/routing/openurl", {"a": ["x y", 1]})
    '/v1/routing/openurl?a=x+y&a=1'
    """
    return f"{path}?{urlencode(query, doseq=True)}" if query else path


def problem_failures(status: int, content_type: str, body: bytes) -> list[str]:
    """What is wrong with an error response (empty when it is a proper problem).

    >>> body = b'{"status": 422, "title": "x", "errors": [{"field": "a", "message": "m"}]}'
    >>> problem_failures(422, "application/problem+json", body)
    []
    >>> problem_failures(404, "application/json", b'{}')[0]
    "content type 'application/json' is not application/problem+json"
    """
    if status < 400:
        return []
    if content_type.split(";")[0].strip() != PROBLEM_JSON:
        return [f"content type {content_type!r} is not {PROBLEM_JSON}"]
    try:
        problem = json.loads(body)
    except ValueError:
        return ["the body is not JSON"]
    failures = []
    if problem.get("status") != status or not problem.get("title"):
        failures.append(f"status/title missing or wrong in {problem!r}")
    if status == 422:
        items = problem.get("errors") or []
        if not items or not all(isinstance(i, dict) and isinstance(i.get("field"), str)
                                for i in items):
            failures.append(f"a 422 must name each field: {problem!r}")
    return failures


@schemathesis.check
def problem_json_names_the_field(ctx, response, case):
    content_type = (response.headers.get("content-type") or [""])[0]
    failures = problem_failures(response.status_code, content_type, response.content)
    if failures:
        raise AssertionError("; ".join(failures))
    return None


@schemathesis.hook
def filter_case(ctx, case):
    return len(request_target(case.formatted_path, case.query).encode()) < REQUEST_LINE_LIMIT
