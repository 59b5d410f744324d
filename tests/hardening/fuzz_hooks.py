"""schemathesis hooks (``SCHEMATHESIS_HOOKS=tests.hardening.fuzz_hooks``): every error answer
is RFC 9457 problem+json, and a 422 names each field at fault."""

from __future__ import annotations

import json

import schemathesis

from graphsvc.fields import LIBID

PROBLEM_JSON = "application/problem+json"

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
def map_case(ctx, case):
    """A body's ``libid`` (and a closure's ``confirm``) equal to the path's LIBID: a rule the
    document states in words, since OpenAPI cannot tie a body to its path."""
    libid = (case.path_parameters or {}).get("libid")
    if libid is None:
        return case
    items = case.body if isinstance(case.body, list) else [case.body]
    for item in items:
        if isinstance(item, dict):
            for name in ("libid", "confirm"):  # a bad LIBID stays: a negative case sent it
                if isinstance(item.get(name), str) and LIBID.match(item[name]):
                    item[name] = libid
    return case
