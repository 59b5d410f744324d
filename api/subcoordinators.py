"""Holdings subcoordinators: assignments by the region's coordinator, and the write log."""

from __future__ import annotations

from api.blueprint import Blueprint

from api.auth import current_writer, require_writer, writer_responses
from api.extensions import get_store
from api.schemas.subcoordinators import (AssignmentSchema, HoldingsWritesSchema,
                                         RegionQuerySchema, SubcoordinatorListSchema,
                                         SubcoordinatorSchema)
from graphsvc.services import subcoordinators

blp = Blueprint("subcoordinators", __name__, url_prefix="/v1",
                description="Holdings subcoordinators")


@blp.route("/subcoordinators")
@writer_responses(blp)
@require_writer(libid_from=None)
@blp.arguments(RegionQuerySchema, location="query", as_kwargs=True)
@blp.response(200, SubcoordinatorListSchema)
def list_subcoordinators(region=None):
    """Subcoordinator tokens and their libraries (a coordinator sees its own region's)."""
    return {"subcoordinators": subcoordinators.list_subcoordinators(
        get_store(), current_writer(), region=region)}


@blp.route("/subcoordinators/<string:token_id>/libraries", methods=["PUT"])
@writer_responses(blp)
@require_writer(libid_from=None)
@blp.arguments(AssignmentSchema)
@blp.response(200, SubcoordinatorSchema)
@blp.alt_response(404, description="No subcoordinator token with this id (problem+json)")
@blp.alt_response(422, description="A library unknown or outside the token's region")
def put_assignments(body, token_id):
    """Replace the libraries whose holdings a subcoordinator token may write.

    The NN/LM plan: RMLs "assign and modify user account rights for serial holdings
    subcoordinators". Only the coordinator of the token's region (or an admin) may.
    """
    return subcoordinators.assign(get_store(), current_writer(), token_id, body["libraries"])


@blp.route("/subcoordinators/<string:token_id>/libraries/<string:libid>", methods=["DELETE"])
@writer_responses(blp)
@require_writer(libid_from=None)
@blp.response(200, SubcoordinatorSchema)
@blp.alt_response(404, description="Unknown token, or the library was not assigned")
def delete_assignment(token_id, libid):
    """Revoke one library from a subcoordinator token (its region's coordinator or admin)."""
    return subcoordinators.revoke(get_store(), current_writer(), token_id, libid)


@blp.route("/libraries/<string:libid>/holdings/writes")
@blp.response(200, HoldingsWritesSchema)
@blp.alt_response(404, description="Unknown LIBID (problem+json)")
def holdings_writes(libid):
    """Who wrote a library's holdings, newest first: role and token id of each write."""
    return {"libid": libid, "writes": subcoordinators.holdings_writes(get_store(), libid)}
