"""Request bodies of writes: a declared media type and something in them, or nothing is done.

Every ``POST``, ``PUT`` and ``PATCH`` is checked before its view runs (so before anything is
read or written): an empty body is 422 and a body whose ``Content-Type`` the view does not
declare is 415, both problem+json naming the ``body`` or ``Content-Type``. A view declares the
media types it reads with :func:`accepts` (default: ``application/json`` only; ``accepts()``
with none: an action whose input is all in its path, which takes no body)::

    @blp.route("/<string:libid>/holdings", methods=["PUT"])
    @accepts("application/json", "text/csv", "text/tab-separated-values")
    def put_holdings(libid): ...
"""

from __future__ import annotations

from flask import Flask, current_app, request

from api.errors import problem

JSON = "application/json"
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH"})
_ATTRIBUTE = "accepted_media_types"


def accepts(*media_types: str):
    """Declare the request-body media types a write view reads (checked before it runs);
    none: the view takes no body (an empty one, then, is what it expects)."""
    def decorate(view):
        setattr(view, _ATTRIBUTE, tuple(media_types))
        return view
    return decorate


def accepted_media_types(view) -> tuple[str, ...]:
    """The media types ``view`` declared with :func:`accepts` (``application/json`` if none)."""
    while view is not None:
        if hasattr(view, _ATTRIBUTE):
            return getattr(view, _ATTRIBUTE)
        view = getattr(view, "__wrapped__", None)
    return (JSON,)


def check_body():
    """``before_request``: 422 for an empty write body, 415 for an undeclared media type."""
    if request.method not in WRITE_METHODS or request.endpoint is None:
        return None
    view = current_app.view_functions.get(request.endpoint)
    if view is None:
        return None
    types = accepted_media_types(view)
    if not types:
        return _no_body_expected()
    if not request.get_data(cache=True):
        msg = f"the request body is empty; send {' or '.join(types)}"
        return problem(422, "Invalid input", msg, errors_=[{"field": "body", "message": msg}])
    if request.mimetype not in types:
        sent = request.mimetype or "no Content-Type"
        msg = f"the body's media type is {sent}; send {' or '.join(types)}"
        return problem(415, "Unsupported Media Type", msg,
                       errors_=[{"field": "Content-Type", "message": msg}])
    return None


def _no_body_expected():
    if not request.get_data(cache=True):
        return None
    msg = "this operation takes no body (its input is in the path and query)"
    return problem(415, "Unsupported Media Type", msg,
                   errors_=[{"field": "Content-Type", "message": msg}])


def init_app(app: Flask) -> None:
    app.before_request(check_body)
