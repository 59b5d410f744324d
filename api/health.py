"""Liveness and readiness."""

from __future__ import annotations

from flask_smorest import Blueprint

from api.extensions import get_store
from api.errors import problem
from graphsvc.errors import StoreUnavailable

blp = Blueprint("health", __name__, url_prefix="/v1", description="Liveness and readiness")


@blp.route("/health")
@blp.doc(responses={200: {"description": "The process runs"}})
def health():
    """The process runs (does not touch the database). The `Network-Version` header names
    the version of the whole network this worker holds (absent while it has none)."""
    version = get_store().network_cache.graph_version
    return {"status": "ok"}, 200, {} if version is None else {"Network-Version": str(version)}


@blp.route("/ready")
@blp.doc(responses={200: {"description": "The database answers"},
                    503: {"description": "The database does not answer"}})
def ready():
    """Whether the graph database answers now."""
    try:
        get_store().ping()
    except StoreUnavailable as exc:
        return problem(503, "Not ready", exc.message, headers={"Retry-After": "5"})
    return {"status": "ready"}
