"""Libraries: list, read, update."""

from __future__ import annotations

import dataclasses

from flask_smorest import Blueprint

from api.extensions import get_store
from api.schemas.network import LIBID, LibraryListSchema, LibraryOutSchema, LibraryQuerySchema
from graphsvc import services

blp = Blueprint("libraries", __name__, url_prefix="/v1/libraries",
                description="Libraries of the network")


def _out(entry: dict) -> dict:
    return {**dataclasses.asdict(entry["library"]), **{k: v for k, v in entry.items()
                                                       if k != "library"}}


@blp.route("")
@blp.arguments(LibraryQuerySchema, location="query", as_kwargs=True)
@blp.response(200, LibraryListSchema)
def list_libraries(**filters):
    """Libraries, filtered by state, region, group or type."""
    found = services.list_libraries(get_store(), **filters)
    return {"libraries": [_out(e) for e in found], "count": len(found)}


@blp.route("/<string:libid>")
@blp.response(200, LibraryOutSchema)
@blp.alt_response(404, description="Unknown LIBID (problem+json)")
def get_library(libid):
    """One library with its groups and holdings count."""
    return _out(services.get_library(get_store(), services.checked_libid(libid)))
