"""Libraries: list, read, update."""

from __future__ import annotations

import dataclasses

from flask_smorest import Blueprint

from api.auth import authorize_libid, require_writer, writer_responses
from api.extensions import get_store
from api.schemas.network import (LibraryListSchema, LibraryOutSchema, LibraryQuerySchema,
                                 LibrarySchema)
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


@blp.route("/<string:libid>", methods=["PUT"])
@writer_responses(blp)
@require_writer(libid_from=None)  # the scope check needs the body's state: done below
@blp.arguments(LibrarySchema)
@blp.response(200, LibraryOutSchema, description="Updated")
@blp.alt_response(201, schema=LibraryOutSchema, description="Created")
@blp.alt_response(422, description="Bad field, or libid differs from the path's "
                                   "(problem+json)")
def put_library(library, libid):
    """Create or replace a library's record (groups, holdings and tables are kept)."""
    authorize_libid(services.checked_libid(libid), new_state=library.state)
    entry, created = services.put_library(get_store(), libid, library)
    return _out(entry), 201 if created else 200
