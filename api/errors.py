"""RFC 9457 problem+json for every error; the one place that maps core errors to HTTP."""

from __future__ import annotations

from flask import Flask, Response, json, request
from werkzeug.exceptions import HTTPException, MethodNotAllowed

from graphsvc import errors

PROBLEM = "application/problem+json"
STATUS = {
    errors.InvalidInput: 422, errors.NotFound: 404, errors.Conflict: 409,
    errors.Unauthorized: 401, errors.Forbidden: 403, errors.StoreUnavailable: 503,
    errors.StoreError: 500,
}


def problem(status: int, title: str, detail: str | None = None, *, errors_=None,
            headers: dict | None = None) -> Response:
    """A problem+json response; ``errors_`` lists ``{field, message, ...}`` items."""
    body = {"type": "about:blank", "title": title, "status": status, "instance": request.path}
    if detail:
        body["detail"] = detail
    if errors_:
        body["errors"] = errors_
    response = Response(json.dumps(body), status=status, mimetype=PROBLEM)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def flatten_messages(messages, prefix: str | None = None) -> list[dict]:
    """Marshmallow's nested ``{"field": ["msg"]}`` as ``[{"field": "a.b", "message": ...}]``
    (an unknown field named ``""`` is named ``""``, not left unnamed)."""
    if isinstance(messages, dict):
        items = []
        for key, value in messages.items():
            name = f"{prefix}.{key}" if prefix is not None else str(key)
            items += flatten_messages(value, name)
        return items
    if isinstance(messages, list | tuple) and messages \
            and all(isinstance(m, str) for m in messages):
        return [{"field": prefix, "message": " ".join(messages)}]
    if isinstance(messages, (list, tuple)):
        return [item for m in messages for item in flatten_messages(m, prefix)]
    return [{"field": prefix, "message": str(messages)}]


def load_or_invalid(schema, data, *, fast: bool = False):
    """``schema.load(data)``, or :class:`InvalidInput` naming each bad field (a 422).

    ``fast``: through the schema's compiled load (:mod:`api.schemas.fast_load`, for long
    lists), the schema itself loading only what that cannot vouch for."""
    import marshmallow as ma

    from api.schemas import fast_load

    try:
        return fast_load.load(schema, data) if fast else schema.load(data)
    except ma.ValidationError as exc:
        problems = flatten_messages(exc.messages)
        msg = "; ".join(f"{p['field']}: {p['message']}" for p in problems[:5])
        raise errors.InvalidInput(msg, problems=problems) from exc


def handle_http_exception(error: HTTPException) -> Response:
    data = getattr(error, "data", None) or {}
    messages = data.get("errors") or data.get("messages")
    items = []
    if isinstance(messages, dict):  # webargs: {"json": {...}} or {"query": {...}}
        for fields in messages.values():
            items += flatten_messages(fields)
    status = error.code or 500
    detail = data.get("message") or error.description
    headers = dict(data.get("headers") or {})
    if isinstance(error, MethodNotAllowed) and error.valid_methods:
        headers["Allow"] = ", ".join(error.valid_methods)  # RFC 9110: a 405 lists them
    if status == 422 and items:
        detail = "; ".join(f"{i['field']}: {i['message']}" for i in items[:5])
    return problem(status, error.name, detail, errors_=items or None, headers=headers)


def handle_service_error(error: errors.GraphsvcError) -> Response:
    status = next((code for cls, code in STATUS.items() if isinstance(error, cls)), 500)
    headers = {}
    if isinstance(error, errors.StoreUnavailable):
        headers["Retry-After"] = str(error.retry_after)
    if isinstance(error, errors.Unauthorized):
        headers["WWW-Authenticate"] = 'Bearer realm="graphsvc"'
    return problem(status, error.title, error.message, errors_=error.problems or None,
                   headers=headers)


def handle_unexpected(error: Exception) -> Response:
    if isinstance(error, HTTPException):
        return handle_http_exception(error)
    import logging

    logging.getLogger("graphsvc").exception("unhandled error")
    return problem(500, "Internal Server Error", "an unexpected error happened; it is logged")


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(errors.GraphsvcError, handle_service_error)
    app.register_error_handler(Exception, handle_unexpected)
