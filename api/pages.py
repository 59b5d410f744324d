"""HTML pages for people (help desk, coordinators' dashboard), outside ``/v1``.

Pages are registered with :func:`page`, which bypasses flask-smorest's documentation so they
stay out of the OpenAPI document. Templates are in ``api/templates`` (each extends
``base.html``); scripts and styles in ``api/static``, served by Flask at ``/static``. Pages
load nothing from the network: they call the JSON API of this same server.
"""

from __future__ import annotations

import secrets

import flask
from flask import g, render_template
from api.blueprint import Blueprint

from api.extensions import get_store
from graphsvc.model import PATRON_CATEGORIES
from graphsvc.services import coverage as coverage_service

blp = Blueprint("pages", __name__, url_prefix="", description="HTML pages (not part of the API)")

CATEGORY_LABELS = {
    "UNAFFILIATED_HEALTH_PROFESSIONAL": "Unaffiliated health professional",
    "GENERAL_PUBLIC": "Member of the general public",
    "AFFILIATED": "Affiliated with a member library",
}


# Scripts only from this server or with the page's nonce; no framing; styles set by the
# pages' scripts (style attributes) are allowed.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self' 'nonce-{nonce}'; "
    "style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")


@blp.app_context_processor
def _nonce():
    return {"csp_nonce": lambda: g.setdefault("csp_nonce", secrets.token_urlsafe(16))}


@blp.after_request
def _security_headers(response: flask.Response) -> flask.Response:
    """Every page: the content security policy (with frame-ancestors), no MIME sniffing,
    the referrer kept to this server."""
    nonce = g.setdefault("csp_nonce", secrets.token_urlsafe(16))
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY.format(nonce=nonce)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Frame-Options"] = "DENY"
    return response


def page(rule: str):
    """Register a GET view of HTML on :data:`blp`, kept out of the OpenAPI document."""
    def decorate(view):
        flask.Blueprint.add_url_rule(blp, rule, view_func=view, methods=["GET"])
        return view
    return decorate


@page("/help-desk")
def help_desk():
    """The referral desk: where the patron is and who they are, then libraries to contact."""
    categories = [(code, CATEGORY_LABELS[code]) for code in PATRON_CATEGORIES]
    return render_template("help_desk.html", title="Referral help desk", categories=categories,
                           default_category="UNAFFILIATED_HEALTH_PROFESSIONAL")


@page("/dashboard")
def dashboard():
    """The coordinators' dashboard: a map of the libraries, summaries, titles and what-ifs."""
    return render_template("dashboard.html", title="Coverage dashboard",
                           regions=coverage_service.regions(get_store()))


@page("/v1/docs")
def api_docs():
    """The API reference: Swagger UI (vendored, served from here) over /v1/openapi.json."""
    return render_template("api_docs.html", title="API reference")
