"""Network versions over HTTP: writes answer with the version they made, reads wait for one.

- A write's answer carries the network version it made in the ``Network-Version`` header
  (a header, so that no write's body changes shape).
- A read may ask for ``?min_version=N`` (the version of an earlier write): it is answered from
  a network at least that new, waiting briefly for this process to catch up, or from the
  database directly; a version the database has not reached is a 409.
"""

from __future__ import annotations

from flask import Flask, Response, g, request

from graphsvc.errors import InvalidInput
from graphsvc.fields import is_whole_number
from graphsvc.store.cache import MIN_VERSION, WRITTEN

HEADER = "Network-Version"


def _begin() -> None:
    g.version_tokens = (MIN_VERSION.set(_min_version()), WRITTEN.set(0))


def _min_version() -> int:
    raw = request.args.get("min_version")
    if raw is None:
        return 0
    if not is_whole_number(raw) or len(raw) > 18:
        msg = f"min_version must be a network version (a whole number >= 0), not {raw!r}"
        raise InvalidInput(msg, problems=[{"field": "min_version", "message": msg}])
    return int(raw)


def _finish(response: Response) -> Response:
    written = WRITTEN.get()
    if written and response.status_code < 300:
        response.headers[HEADER] = str(written)
    return response


def _end(exc) -> None:
    tokens = g.pop("version_tokens", None)
    if tokens is not None:
        MIN_VERSION.reset(tokens[0])
        WRITTEN.reset(tokens[1])


def init_app(app: Flask) -> None:
    app.before_request(_begin)
    app.after_request(_finish)
    app.teardown_request(_end)
