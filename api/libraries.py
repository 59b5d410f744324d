"""Libraries: list, read, replace (PUT), merge-patch (PATCH), out-of-office periods."""

from __future__ import annotations

import dataclasses

from flask import request
from api.blueprint import Blueprint

from api.auth import current_writer, require_writer, writer_responses
from api.bodies import JSON, accepts
from api.errors import load_or_invalid
from api.extensions import get_store
from api.schemas.network import (DateRangeSchema, LibraryListSchema, LibraryOutSchema,
                                 LibraryPatchSchema, LibraryQuerySchema, LibrarySchema)
from graphsvc import services
from graphsvc.errors import InvalidInput

blp = Blueprint("libraries", __name__, url_prefix="/v1/libraries",
                description="Libraries of the network")

MERGE_PATCH = "application/merge-patch+json"


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
@require_writer(libid_from=None)  # the scope check needs the body's state: in the service
@blp.arguments(LibrarySchema)
@blp.response(200, LibraryOutSchema, description="Updated")
@blp.alt_response(201, schema=LibraryOutSchema, description="Created")
@blp.alt_response(422, description="Bad field, or libid differs from the path's "
                                   "(problem+json)")
def put_library(library, libid):
    """Create or replace a library's record (groups, holdings and tables are kept).

    A field left out takes its default. A library token may change its operational fields
    (name, delivery methods, rush/urgent, EFTS, out-of-office, fees, subjects, patrons
    served); type, participation and location (city, state, zip, lat, lon, timezone, hence
    region) need a coordinator of its region or an admin (403 naming each refused field), and
    a coordinator may not move a library into a region it does not coordinate.
    """
    entry, created = services.put_library(get_store(), services.checked_libid(libid), library,
                                          writer=current_writer())
    return _out(entry), 201 if created else 200


@blp.route("/<string:libid>", methods=["PATCH"])
@writer_responses(blp)
@require_writer(libid_from="libid")
@accepts(MERGE_PATCH, JSON)
@blp.doc(requestBody={"required": True, "content": {
    MERGE_PATCH: {"schema": LibraryPatchSchema}, JSON: {"schema": LibraryPatchSchema}}})
@blp.response(200, LibraryOutSchema)
@blp.alt_response(404, description="Unknown LIBID (problem+json)")
@blp.alt_response(422, description="The patched record is not valid, each field named; "
                                   "nothing changed (problem+json)")
def patch_library(libid):
    """Change some fields of a library: a JSON Merge Patch (RFC 7396).

    Members present replace the stored ones, `null` removes one (back to its default;
    `name` and `state` cannot be removed), lists are replaced whole. The same field rule as
    PUT: a library token changes only its operational fields (403 naming the others).
    """
    store, libid = get_store(), services.checked_libid(libid)
    current = services.get_library(store, libid)["library"]
    patched = services.merge_patch(LibrarySchema().dump(current), _patch_document())
    library = load_or_invalid(LibrarySchema(), patched)
    entry, _ = services.put_library(store, libid, library, writer=current_writer())
    return _out(entry)


def _patch_document() -> dict:
    document = request.get_json(force=True)
    if not isinstance(document, dict):
        msg = "a merge patch of a library is a JSON object"
        raise InvalidInput(msg, problems=[{"field": "body", "message": msg}])
    return document


@blp.route("/<string:libid>/out-of-office", methods=["POST"])
@writer_responses(blp)
@require_writer(libid_from="libid")
@blp.arguments(DateRangeSchema)
@blp.response(200, LibraryOutSchema)
@blp.alt_response(404, description="Unknown LIBID (problem+json)")
@blp.alt_response(422, description="Bad dates, or too many periods (problem+json)")
def post_out_of_office(period, libid):
    """Add an out-of-office period (inclusive dates); routing skips the library then."""
    return _out(services.add_out_of_office(get_store(), services.checked_libid(libid), period,
                                           writer=current_writer()))


@blp.route("/<string:libid>/out-of-office", methods=["DELETE"])
@writer_responses(blp)
@require_writer(libid_from="libid")
@blp.response(200, LibraryOutSchema)
@blp.alt_response(404, description="Unknown LIBID (problem+json)")
def delete_out_of_office(libid):
    """Remove every out-of-office period: the library is in office again."""
    return _out(services.clear_out_of_office(get_store(), services.checked_libid(libid),
                                             writer=current_writer()))
