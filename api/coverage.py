"""Coverage."""

from __future__ import annotations

from flask_smorest import Blueprint

blp = Blueprint("coverage", __name__, url_prefix="/v1", description="Coverage")
