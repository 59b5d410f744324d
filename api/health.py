"""Liveness and readiness."""

from __future__ import annotations

from api.blueprint import Blueprint

from api.extensions import get_store
from api.errors import problem
from api.preload import loaded_source
from graphsvc.errors import StoreUnavailable

blp = Blueprint("health", __name__, url_prefix="/v1", description="Liveness and readiness")


@blp.route("/health")
@blp.doc(responses={200: {"description": "The process runs"}})
def health():
    """The process runs (does not touch the database). The `Network-Version` header names
    the version of the whole network this worker holds (absent while it has none);
    `network_source` says where the server's master got the network this worker was forked
    with: `snapshot` (a snapshot brought up to date by the change log) or `database` (read
    whole); absent outside `graphsvc serve` and before the master holds it."""
    version = get_store().network_cache.graph_version
    body = {"status": "ok"}
    if loaded_source() is not None:
        body["network_source"] = loaded_source()
    return body, 200, {} if version is None else {"Network-Version": str(version)}


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
