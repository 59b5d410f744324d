"""Routing-table dry run: ``POST /v1/libraries/{libid}/routing-table/dry-run``."""

from __future__ import annotations

from api.blueprint import Blueprint

from api.extensions import get_store
from api.schemas.dry_run import DryRunBodySchema, DryRunSchema
from api.routing_tables import table_from_body
from graphsvc.services.dry_run import dry_run

blp = Blueprint("dry_run", __name__, url_prefix="/v1/libraries",
                description="Routing-table dry runs")


@blp.route("/<string:libid>/routing-table/dry-run", methods=["POST"])
@blp.arguments(DryRunBodySchema)
@blp.response(200, DryRunSchema)
@blp.alt_response(404, description="Unknown LIBID (problem+json)")
@blp.alt_response(422, description="Bad proposed table or days, each field named "
                                   "(problem+json)")
def routing_table_dry_run(data, libid):
    """Replay the borrower's requests through its current table and a proposed one.

    Nothing is changed. Both tables are replayed on today's network with the same seed per
    request: lenders per request, the share of first lenders in cells 1-3, requests that
    would end Beyond Routing Map, the expected fill at the first lender, and the load each
    lender gains or loses. Like the lint and the fill-rate report, it shows only aggregates,
    so it needs no token.
    """
    return dry_run(get_store(), table_from_body(data, libid), days=data["days"])
