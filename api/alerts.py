"""Rush alerts: a library's alert email and webhook, and this process's alert dispatcher.

:func:`dispatcher` gives the application's :class:`~graphsvc.alerts.AlertDispatcher` (made on
first use from ``SMTP``, ``ALERT_ATTEMPTS`` and ``ALERT_BACKOFF`` of the configuration); the
request views hand it the RUSH and URGENT requests that reach a lender.
"""

from __future__ import annotations

import threading

from flask import current_app
from api.blueprint import Blueprint

from api.auth import require_writer, writer_responses
from api.extensions import get_store
from api.schemas.alerts import AlertSettingsOutSchema, AlertSettingsSchema
from graphsvc.alerts import AlertDispatcher, SmtpSettings
from graphsvc.services import alerts as alerts_service

blp = Blueprint("alerts", __name__, url_prefix="/v1/libraries", description="Rush alerts")
_KEY = "graphsvc.alerts"
_lock = threading.Lock()


def dispatcher() -> AlertDispatcher:
    """This application's alert dispatcher (one background delivery thread)."""
    app = current_app
    if _KEY not in app.extensions:
        with _lock:
            if _KEY not in app.extensions:
                smtp = app.config.get("SMTP")
                app.extensions[_KEY] = AlertDispatcher(
                    lookup=alerts_service.target_lookup(get_store()),
                    smtp=SmtpSettings(**smtp) if smtp else None,
                    attempts=app.config.get("ALERT_ATTEMPTS", 4),
                    backoff=app.config.get("ALERT_BACKOFF", 0.5))
    return app.extensions[_KEY]


@blp.route("/<string:libid>/alerts")
@blp.response(200, AlertSettingsOutSchema)
@blp.alt_response(404, description="Unknown library (problem+json)")
def get_alerts(libid):
    """Where a library's rush alerts go (the secret itself is never shown)."""
    return alerts_service.get_alerts(get_store(), libid)


@blp.route("/<string:libid>/alerts", methods=["PUT"])
@writer_responses(blp)
@require_writer(libid_from="libid")
@blp.arguments(AlertSettingsSchema)
@blp.response(200, AlertSettingsOutSchema)
@blp.alt_response(404, description="Unknown library (problem+json)")
@blp.alt_response(422, description="Bad email, URL or secret (problem+json naming it)")
def put_alerts(body, libid):
    """Register a library's rush alerts: an email address and/or a webhook URL.

    When a RUSH or URGENT request reaches the library (first routing, a move by TTA or
    after another lender's NOT_FILL) it is told at once: request id, citation, borrower and
    receipt deadline. Webhooks are POSTed as JSON with `X-Graphsvc-Signature:
    sha256=HEX`, the HMAC-SHA256 of the body keyed with the library's secret, and retried
    with backoff; delivery never holds up routing.
    """
    return alerts_service.put_alerts(get_store(), libid, **body)


@blp.route("/<string:libid>/alerts", methods=["DELETE"])
@writer_responses(blp)
@require_writer(libid_from="libid")
@blp.response(204)
@blp.alt_response(404, description="The library has no alert settings (problem+json)")
def delete_alerts(libid):
    """Stop a library's rush alerts."""
    alerts_service.delete_alerts(get_store(), libid)
