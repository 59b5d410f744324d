"""``Idempotency-Key`` on POST views: a repeat with the same key and body gets the same answer.

Put ``@idempotent(blp)`` right under ``@blp.route`` so it sees the final answer (errors
included); it also documents the header in the OpenAPI document::

    @blp.route("/requests", methods=["POST"])
    @idempotent(blp)
    @writer_responses(blp)
    ...

The caller is the token's scope (or ``anonymous`` when tokens are off); see
:mod:`graphsvc.services.idempotency`.
"""

from __future__ import annotations

import functools

from flask import current_app, make_response, request
from werkzeug.exceptions import HTTPException

from api.auth import current_writer
from api.extensions import get_store
from graphsvc.errors import GraphsvcError
from graphsvc.services import idempotency

REPLAYED = "Idempotent-Replayed"
HEADER_DOC = {
    "in": "header", "name": idempotency.HEADER, "required": False,
    "schema": {"type": "string", "minLength": 1, "maxLength": 255},
    "description": "Any unique string per operation (e.g. a UUID). A retry with the same key "
                   "and body gets the first answer again (with `Idempotent-Replayed: true`) "
                   "and does nothing twice; the same key with another body is 422."}


def _caller() -> str:
    token = current_writer()
    if token is None:
        return "anonymous"
    return f"{token.role}:{token.region or ''}:{token.libid or ''}"


def idempotent(blp):
    """Answer a repeated ``Idempotency-Key`` from the store instead of running the view."""
    def decorate(view):
        @functools.wraps(view)
        def keyed(*args, **kwargs):
            key = request.headers.get(idempotency.HEADER)
            if key is None:
                return view(*args, **kwargs)
            return _keyed_answer(view, args, kwargs, key)
        return blp.doc(parameters=[HEADER_DOC])(keyed)
    return decorate


def _keyed_answer(view, args, kwargs, key: str):
    caller = _caller()
    asked = idempotency.fingerprint(request.method, request.path, request.get_data())
    claim, kept = idempotency.begin(get_store(), caller, key, asked)
    if kept is not None:
        response = current_app.response_class(kept.body, status=kept.status,
                                               content_type=kept.content_type)
        response.headers[REPLAYED] = "true"
        return response
    try:
        response = _answer(view, args, kwargs)
    except Exception:
        idempotency.finish(get_store(), caller, key, claim, None)
        raise
    kept = idempotency.Answer(response.status_code, response.get_data(as_text=True),
                              response.content_type)
    idempotency.finish(get_store(), caller, key, claim, kept if kept.status < 500 else None)
    return response


def _answer(view, args, kwargs):
    """The view's response, with an error turned into its problem+json response."""
    try:
        return make_response(view(*args, **kwargs))
    except (GraphsvcError, HTTPException) as exc:
        return make_response(current_app.handle_user_exception(exc))
