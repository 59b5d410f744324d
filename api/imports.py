"""Imports of a whole network bundle (admin tokens only)."""

from __future__ import annotations

from api.blueprint import Blueprint
from marshmallow import fields

from api.auth import require_writer, writer_responses
from api.extensions import get_store
from api.idempotency import idempotent
from api.schemas.network import Strict
from api.schemas.rules import Integer
from graphsvc import services

blp = Blueprint("imports", __name__, url_prefix="/v1", description="Imports")


class BundleSchema(Strict):
    """A network bundle; each record is checked, with its position, by the import itself."""

    regions = fields.List(fields.Dict())
    libraries = fields.List(fields.Dict())
    groups = fields.List(fields.Dict())
    serials = fields.List(fields.Dict())
    holdings = fields.List(fields.Dict())
    routing_tables = fields.List(fields.Dict())


class ImportCountsSchema(Strict):
    regions = Integer()
    libraries = Integer()
    groups = Integer()
    serials = Integer()
    holdings = Integer()
    routing_tables = Integer()


@blp.route("/imports", methods=["POST"])
@idempotent(blp)
@writer_responses(blp)
@require_writer(admin_only=True)
@blp.arguments(BundleSchema)
@blp.response(200, ImportCountsSchema)
@blp.alt_response(422, description="Bad records, each with its position; nothing changed "
                                   "(problem+json)")
def post_import(bundle):
    """Import a network bundle, all or nothing (admin only)."""
    return services.import_bundle(get_store(), bundle)
