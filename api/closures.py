"""Merging a library's collection into another, and closing a library without a merge."""

from __future__ import annotations

from api.blueprint import Blueprint

from api.auth import authorize_libid, current_writer, require_writer, writer_responses
from api.bodies import accepts
from api.extensions import get_store
from api.schemas.closures import (CloseResultSchema, CloseSchema, DryRunQuerySchema,
                                  MergeResultSchema)
from graphsvc.services import auth as auth_service
from graphsvc.services import closures
from graphsvc.services.network import checked_libid

blp = Blueprint("closures", __name__, url_prefix="/v1/libraries",
                description="Merging and closing libraries")

COORDINATORS = ("admin", "coordinator")


def _coordinator(what: str) -> None:
    token = current_writer()
    if token is not None:
        auth_service.require_role(token, COORDINATORS, what)


@blp.route("/<string:libid>/merge-into/<string:target>", methods=["POST"])
@writer_responses(blp)
@require_writer(libid_from="libid")
@accepts()
@blp.arguments(DryRunQuerySchema, location="query", as_kwargs=True)
@blp.response(200, MergeResultSchema)
@blp.alt_response(404, description="Unknown library (problem+json naming which)")
@blp.alt_response(409, description="A library is already closed; nothing changed")
@blp.alt_response(422, description="Bad LIBID, or a library merged into itself")
def merge_into(libid, target, dry_run=False):
    """Merge a library's holdings into another's and close it (coordinator or admin).

    The Resource Sharing Plan: "Merge holdings for libraries that absorb collections of
    libraries that no longer exist." Titles only the source held become the target's; a
    title both held keeps one holding with both sets of ranges combined. The source loses
    its holdings and becomes CLOSED, all in one transaction. The answer lists every routing
    table, Do Not Route list, manual map and group still naming the source (the lint flags
    them as CLOSED). `?dry_run=true` answers the same and writes nothing.
    """
    _coordinator("merge libraries")
    authorize_libid(checked_libid(target, "target"))
    return closures.merge_library(get_store(), libid, target, dry_run=dry_run)


@blp.route("/<string:libid>/close", methods=["POST"])
@writer_responses(blp)
@require_writer(libid_from="libid")
@blp.arguments(DryRunQuerySchema, location="query", as_kwargs=True)
@blp.arguments(CloseSchema)
@blp.response(200, CloseResultSchema)
@blp.alt_response(404, description="Unknown library (problem+json)")
@blp.alt_response(409, description="Already closed; nothing changed")
@blp.alt_response(422, description="`confirm` does not repeat the LIBID")
def close(body, libid, dry_run=False):
    """Close a library that does not merge its collection: delete its holdings (coordinator
    or admin).

    The Resource Sharing Plan: "Delete holdings for libraries that close and do not merge
    their collection." `confirm` must repeat the LIBID. All or nothing; `?dry_run=true`
    writes nothing. The answer lists every place still naming the library.
    """
    _coordinator("close libraries")
    return closures.close_library(get_store(), libid, confirm=body["confirm"], dry_run=dry_run)
