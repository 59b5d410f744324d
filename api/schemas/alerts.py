"""Schemas of a library's rush-alert settings."""

from __future__ import annotations

from marshmallow import fields

from api.schemas.network import Strict
from api.schemas.rules import EMAIL_ADDRESS, WEBHOOK_SECRET, WEBHOOK_URL, Boolean, present


class AlertSettingsSchema(Strict):
    """Where a library's rush alerts go: an email address, a webhook, or both."""

    OPENAPI_RULES = {"anyOf": [present("email"), present("webhook_url")]}

    email = fields.String(
        load_default=None, allow_none=True, validate=EMAIL_ADDRESS,
        metadata={"description": "Where alert email goes (SMTP settings of the server)."})
    webhook_url = fields.String(
        load_default=None, allow_none=True, validate=WEBHOOK_URL,
        metadata={"description": "An http(s) URL that receives each alert as a signed JSON POST."})
    secret = fields.String(
        load_default=None, allow_none=True, load_only=True, validate=WEBHOOK_SECRET,
        metadata={"description": "The library's webhook signing secret (16+ characters); left "
                                 "out, a new one is made and returned once."})


class AlertSettingsOutSchema(Strict):
    libid = fields.String()
    email = fields.String(allow_none=True)
    webhook_url = fields.String(allow_none=True)
    secret_set = Boolean(metadata={"description": "Whether webhooks are signed."})
    secret = fields.String(metadata={
        "description": "Only in the answer that made it: X-Graphsvc-Signature is "
                       "sha256=HMAC-SHA256(body, secret) in hex."})
    updated = fields.String(allow_none=True)
