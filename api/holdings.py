"""Holdings of one library: a JSON list, a DOCLINE holdings CSV or (PUT only) a KBART file."""

from __future__ import annotations

import dataclasses

import marshmallow as ma
from flask import Response, request
from flask_smorest import Blueprint

from api.auth import require_writer, writer_responses
from api.errors import flatten_messages
from api.extensions import get_store
from api.schemas.holdings import HoldingSchema, HoldingsImportSchema
from graphsvc import services
from graphsvc.errors import InvalidInput

blp = Blueprint("holdings", __name__, url_prefix="/v1", description="Holdings")

CSV = "text/csv"
KBART = "text/tab-separated-values"
_TEXT = {"schema": {"type": "string"}}
_PUT_BODY = {"requestBody": {
    "required": True,
    "description": "A JSON list of holdings; or a DOCLINE holdings CSV (H3, with or without "
                   "its libid column); or a KBART title list, which replaces only the "
                   "ELECTRONIC holdings.",
    "content": {"application/json": {"schema": HoldingSchema(many=True)}, CSV: _TEXT,
                KBART: _TEXT}}}


@blp.route("/libraries/<string:libid>/holdings")
@blp.response(200, HoldingSchema(many=True),
              description="JSON list, or a DOCLINE holdings CSV with Accept: text/csv")
@blp.doc(responses={"200": {
    "description": "JSON list, or a DOCLINE holdings CSV with Accept: text/csv",
    "content": {"application/json": {"schema": HoldingSchema(many=True)}, CSV: _TEXT}}})
@blp.alt_response(404, description="Unknown LIBID (problem+json)")
def get_holdings(libid):
    """A library's holdings, as JSON or as a DOCLINE holdings CSV (Accept: text/csv)."""
    libid = services.checked_libid(libid)
    if request.accept_mimetypes.best_match(["application/json", CSV]) == CSV:
        text = services.export_holdings_csv(get_store(), libid)
        return Response(text, mimetype=CSV, headers={
            "Content-Disposition": f'attachment; filename="library_holdings_{libid}.csv"'})
    return [{**dataclasses.asdict(e["holding"]), "title": e["title"], "issns": e["issns"]}
            for e in services.get_holdings(get_store(), libid)]


@blp.route("/libraries/<string:libid>/holdings", methods=["PUT"])
@writer_responses(blp)
@require_writer(libid_from="libid", holdings=True)
@blp.doc(**_PUT_BODY)
@blp.response(200, HoldingsImportSchema)
@blp.alt_response(404, description="Unknown LIBID (problem+json)")
@blp.alt_response(415, description="Body neither JSON, text/csv nor KBART (problem+json)")
@blp.alt_response(422, description="Bad rows, every one listed; nothing changed "
                                   "(problem+json)")
def put_holdings(libid):
    """Replace a library's holdings, all or nothing (JSON list, DOCLINE CSV or KBART)."""
    store, kind = get_store(), request.mimetype
    if kind == CSV:
        return services.import_holdings_file(store, request.get_data(), name="holdings.csv",
                                             libid=libid)
    if kind == KBART:
        return services.import_holdings_file(store, request.get_data(), name="holdings.tsv",
                                             libid=libid)
    if kind != "application/json":
        from werkzeug.exceptions import UnsupportedMediaType

        raise UnsupportedMediaType(f"send application/json, {CSV} or {KBART}, not {kind!r}")
    return services.replace_holdings(store, libid, _holding_items(request.get_json()))


def _holding_items(body) -> list[dict]:
    try:
        return HoldingSchema(many=True).load(body)
    except ma.ValidationError as exc:
        problems = flatten_messages(exc.messages)
        msg = "; ".join(f"{p['field']}: {p['message']}" for p in problems[:5])
        raise InvalidInput(msg, problems=problems) from exc
