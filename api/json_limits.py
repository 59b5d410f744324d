"""JSON bodies the parsers must never see: nested too deep, or with integers beyond 64 bits.

Checked once before any view parses the body, so every JSON endpoint answers 422
problem+json naming the field instead of failing deep inside a parser or the driver. The
document parsed here is the one the view reads (``request.get_json()`` parses no more), and
the look costs little on a long list: its huge integers are noted as they are parsed and its
depth is measured level by level; only a body at fault is walked again to name the field.
"""

from __future__ import annotations

import json

from flask import Flask, request

from api.errors import problem

MAX_DEPTH = 64  # far deeper than any document of the API
INT_LIMIT = 2**63  # what the database stores


class _Huge(int):
    """An integer written with more digits than Python converts; only its place matters."""


def _read_int(text: str) -> int:
    return int(text) if len(text) <= 40 else _Huge(INT_LIMIT)


def _parse(body: bytes) -> tuple[object, bool]:
    """The document, and whether it holds an integer beyond 64 bits."""
    huge = []

    def read_int(text: str) -> int:
        value = _read_int(text)
        if not -INT_LIMIT <= value < INT_LIMIT:
            huge.append(value)
        return value
    return json.loads(body, parse_int=read_int), bool(huge)


def _too_deep(document) -> bool:
    """Whether a value lies more than :data:`MAX_DEPTH` levels deep (a container at that
    depth holds anything)."""
    level = [document] if type(document) in (dict, list) else []
    for _ in range(MAX_DEPTH):
        if not level:
            return False
        level = [c for v in level for c in (v.values() if type(v) is dict else v)
                 if type(c) is dict or type(c) is list]
    return any(level)


def _first_problem(document) -> tuple[str, str] | None:
    """(field, message) of the first value too deep or too large, depth first."""
    stack = [(document, "", 0)]
    while stack:
        value, path, depth = stack.pop()
        if depth > MAX_DEPTH:
            return path or "(body)", f"nested more than {MAX_DEPTH} levels deep"
        if isinstance(value, dict):
            stack += [(v, f"{path}.{k}" if path else str(k), depth + 1)
                      for k, v in reversed(value.items())]
        elif isinstance(value, list):
            stack += [(v, f"{path}[{i}]", depth + 1) for i, v in reversed(list(enumerate(value)))]
        elif isinstance(value, int) and not isinstance(value, bool) and \
                not -INT_LIMIT <= value < INT_LIMIT:
            return path or "(body)", "integer out of range (beyond 64 bits)"
    return None


def check_json_body():
    """A 422 for a JSON body too deep or with a huge integer; ``None`` lets the view run."""
    if not request.is_json:
        return None
    body = request.get_data(cache=True)
    if not body:
        return None
    try:
        document, huge = _parse(body)
    except RecursionError:
        found = ("(body)", f"nested more than {MAX_DEPTH} levels deep")
    except ValueError:
        return None  # not JSON: the view's parser says so
    else:
        found = _first_problem(document) if huge or _too_deep(document) else None
    if found is None:
        # what get_json() would parse (the same values: no integer was beyond 64 bits)
        request._cached_json = (document, document)
        return None
    field, message = found
    return problem(422, "Unprocessable Content", f"{field}: {message}",
                   errors_=[{"field": field, "message": message}])


def init_app(app: Flask) -> None:
    app.before_request(check_json_body)
