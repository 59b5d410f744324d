"""Holdings of one library: a JSON list, a DOCLINE holdings CSV or (PUT only) a KBART file."""

from __future__ import annotations

from flask import Response, jsonify, request
from api.blueprint import Blueprint

from api.auth import require_writer, writer_responses
from api.bodies import JSON, accepts
from api.errors import load_or_invalid
from api.extensions import get_store
from api.schemas.closures import DryRunQuerySchema
from api.schemas.holdings import HoldingSchema, HoldingsImportSchema, holdings_body
from api.spec import rule_examples
from graphsvc import services

blp = Blueprint("holdings", __name__, url_prefix="/v1", description="Holdings")

CSV = "text/csv"
KBART = "text/tab-separated-values"
_TEXT = {"schema": {"type": "string"}}
_PUT_BODY = {"requestBody": {
    "required": True,
    "description": "A JSON list of holdings; or a DOCLINE holdings CSV (H3, with or without "
                   "its libid column); or a KBART title list, which replaces only the "
                   "ELECTRONIC holdings.",
    "content": {JSON: {"schema": HoldingSchema(many=True)}, CSV: _TEXT, KBART: _TEXT}}}


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
    return jsonify(holdings_body(services.get_holdings(get_store(), libid)))


@blp.route("/libraries/<string:libid>/holdings", methods=["PUT"])
@writer_responses(blp)
@require_writer(libid_from="libid", holdings=True)
@accepts(JSON, CSV, KBART)
@blp.doc(**_PUT_BODY)
@blp.arguments(DryRunQuerySchema, location="query", as_kwargs=True)
@blp.response(200, HoldingsImportSchema)
@blp.alt_response(404, description="Unknown LIBID (problem+json)")
@blp.alt_response(415, description="Body neither JSON, text/csv nor KBART (problem+json)")
@blp.doc(**rule_examples(
    "Bad rows, every one listed, or no holding at all (empty them with DELETE); nothing "
    "changed (problem+json)", "/v1/libraries/NCUSRC/holdings",
    ("A text/csv body that is not a DOCLINE holdings file", "The DOCLINE holdings file has "
     "2 problem(s) on 1 line(s); nothing was read",
     [("record_type", "missing required column 'record_type'"),
      ("nlm_unique_id", "missing required column 'nlm_unique_id'")])))
def put_holdings(libid, dry_run=False):
    """Replace a library's holdings, all or nothing (JSON list, DOCLINE CSV or KBART).

    The answer's `warnings` list the titles and years the change would leave with no active
    holder, or a single one, in the network or the library's region (the last-copy guard);
    with `?dry_run=true` nothing is written.

    A `text/csv` or `text/tab-separated-values` body is a string to OpenAPI, which cannot
    state the file's layout: a DOCLINE holdings CSV (its header names `record_type`,
    `serial_title`, `nlm_unique_id`, `holdings_format`, `begin_volume`, `end_volume`,
    `begin_year` and `end_year`; HOLDING lines each followed by their RANGE lines) or a KBART
    title list (`publication_title`, `print_identifier`, `online_identifier`, the first and
    last issue's date and volume, `embargo_info`). Any other text is 422 naming each missing
    column or bad field with its line.
    """
    store, kind = get_store(), request.mimetype
    if kind in (CSV, KBART):
        return services.import_holdings_file(
            store, request.get_data(), name="holdings.csv" if kind == CSV else "holdings.tsv",
            libid=libid, dry_run=dry_run)
    items = load_or_invalid(HoldingSchema(many=True), request.get_json(), fast=True)
    return services.replace_holdings(store, libid, items, dry_run=dry_run)


@blp.route("/libraries/<string:libid>/holdings", methods=["DELETE"])
@writer_responses(blp)
@require_writer(libid_from="libid", holdings=True)
@blp.arguments(DryRunQuerySchema, location="query", as_kwargs=True)
@blp.response(200, HoldingsImportSchema)
@blp.alt_response(404, description="Unknown LIBID (problem+json)")
def delete_holdings(libid, dry_run=False):
    """Remove every holding of a library (the one way to empty them); `warnings` and
    `?dry_run=true` as for the PUT."""
    return services.delete_holdings(get_store(), libid, dry_run=dry_run)
