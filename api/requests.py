"""Requests."""

from __future__ import annotations

from flask_smorest import Blueprint

blp = Blueprint("requests", __name__, url_prefix="/v1", description="Requests")
