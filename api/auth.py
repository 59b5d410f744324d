"""Bearer tokens for writes; reads are open.

``init_app(app)`` sets ``AUTH_REQUIRED`` (default ``True``; tests of other areas may set it
``False``) and declares the ``bearerAuth`` security scheme in the OpenAPI document.

Applying it to a write view (any blueprint)::

    from api.auth import require_writer, writer_responses

    @blp.route("/<string:libid>/things", methods=["PUT"])
    @writer_responses(blp)                 # 401/403 and the security requirement in OpenAPI
    @require_writer(libid_from="libid")    # before the body is parsed: 401 comes before 422
    @blp.arguments(ThingSchema)
    @blp.response(200, ThingSchema)
    def put_things(data, libid): ...

``libid_from`` names the view keyword holding the LIBID written to; when the LIBID is in the
body instead, use ``@require_writer(libid_from=None)`` and call ``authorize_libid(libid)`` in
the view once the body is parsed. ``@require_writer(admin_only=True)`` admits admin tokens
only. ``current_writer()`` gives the :class:`~graphsvc.services.auth.Token` of the request
(``None`` when ``AUTH_REQUIRED`` is off).

Without a token, or with one the store does not know: 401 with ``WWW-Authenticate: Bearer``;
a token whose scope does not cover the library: 403. Both are problem+json.
"""

from __future__ import annotations

import functools

from flask import Flask, current_app, g, request

from api.extensions import get_store
from graphsvc import audit
from graphsvc.services import auth as auth_service
from graphsvc.services.auth import Token

SCHEME = "bearerAuth"


def init_app(app: Flask) -> None:
    app.config.setdefault("AUTH_REQUIRED", True)
    from api.spec import api

    if SCHEME not in api.spec.components.security_schemes:
        api.spec.components.security_scheme(SCHEME, {"type": "http", "scheme": "bearer"})


def bearer_secret() -> str | None:
    """The token of ``Authorization: Bearer TOKEN``, or ``None``."""
    header = request.headers.get("Authorization", "")
    kind, _, secret = header.partition(" ")
    if kind.lower() != "bearer":
        return None
    return secret.strip() or None


def auth_required() -> bool:
    return bool(current_app.config.get("AUTH_REQUIRED", True))


def current_writer() -> Token | None:
    """The authenticated token of this request (authenticating it on first use)."""
    if not auth_required():
        return None
    if "writer" not in g:
        g.writer = auth_service.authenticate(get_store(), bearer_secret())
    return g.writer


def current_reader() -> Token | None:
    """The token of a read that needs one (requests): 401 without a valid token; ``None``
    when ``AUTH_REQUIRED`` is off (every request readable)."""
    return current_writer()


def authorize_libid(libid: str, *, new_state: str | None = None,
                    holdings: bool = False) -> None:
    """401/403 unless this request's token may write ``libid`` (and place it in ``new_state``;
    ``holdings``: the write changes only its holdings, as a subcoordinator may)."""
    token = current_writer()
    if token is not None:
        auth_service.authorize_library_write(get_store(), token, libid, new_state=new_state,
                                             holdings=holdings)


def require_writer(libid_from: str | None = "libid", *, admin_only: bool = False,
                   holdings: bool = False):
    """Decorator of write views: a valid token whose scope covers the library written to.

    ``holdings=True`` on views that change only a library's holdings (subcoordinators may).
    The view runs as its token's writer (:func:`graphsvc.audit.acting_as`), so the holdings
    write log names the token.
    """
    def decorate(view):
        @functools.wraps(view)
        def checked(*args, **kwargs):
            token = current_writer()
            if token is not None and admin_only:
                auth_service.require_admin(token, request.path)
            elif token is not None and libid_from is not None:
                from graphsvc.services import checked_libid

                authorize_libid(checked_libid(kwargs[libid_from]), holdings=holdings)
            if token is None:
                return view(*args, **kwargs)
            with audit.acting_as(token.role, token.id):
                return view(*args, **kwargs)
        return checked
    return decorate


def writer_responses(blp):
    """OpenAPI for a write view: the bearer requirement and the 401 and 403 answers."""
    return _token_responses(blp, "library")


def reader_responses(blp):
    """OpenAPI for a read that needs a token: the bearer requirement, 401 and 403."""
    return _token_responses(blp, "request")


def _token_responses(blp, covered: str):
    def decorate(view):
        view = blp.alt_response(401, description="No valid bearer token (problem+json)")(view)
        view = blp.alt_response(403, description="The token's scope does not cover this "
                                                 f"{covered} (problem+json)")(view)
        return blp.doc(security=[{SCHEME: []}])(view)
    return decorate
