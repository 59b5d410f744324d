"""Pages."""

from __future__ import annotations

from flask_smorest import Blueprint

blp = Blueprint("pages", __name__, url_prefix="/v1", description="Pages")
