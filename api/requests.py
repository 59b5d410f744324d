"""Requests: create from a routing body, act on them, TTA runs and lender performance."""

from __future__ import annotations

from api.blueprint import Blueprint

from api.alerts import dispatcher
from api.auth import (
    authorize_libid,
    current_reader,
    reader_responses,
    require_writer,
    writer_responses,
)
from api.extensions import get_store
from api.idempotency import idempotent
from api.schemas.requests import (
    ActionSchema,
    LenderReportSchema,
    ReportQuerySchema,
    RequestSchema,
    TtaResultSchema,
    TtaRunSchema,
)
from api.schemas.routing import RoutingRequestSchema
from graphsvc.services import request_queues
from graphsvc.services import requests as requests_service

blp = Blueprint("requests", __name__, url_prefix="/v1", description="Requests")


@blp.route("/requests", methods=["POST"])
@idempotent(blp)
@writer_responses(blp)
@require_writer(libid_from=None)
@blp.arguments(RoutingRequestSchema)
@blp.response(201, RequestSchema)
@blp.alt_response(404, description="Unknown borrower (problem+json naming it)")
@blp.alt_response(409, description="The borrower may not borrow (CLOSED, NON_PARTICIPANT)")
@blp.alt_response(422, description="Invalid body or need_by already past (problem+json)")
def create_request(parsed):
    """Route a request once and send it to its first lender.

    The body is the routing body of `POST /v1/routing/lender-sequence`; `at` is the
    submission instant. The lender sequence is kept with the request; status NEW at the
    first lender, or BEYOND_ROUTING_MAP when no lender qualifies. Needs a token that may
    write the borrower.
    """
    authorize_libid(parsed["request"].borrower)
    return requests_service.create_request(get_store(), parsed["request"],
                                           options=parsed["policy"], alerts=dispatcher())


@blp.route("/requests/<string:request_id>")
@reader_responses(blp)
@blp.response(200, RequestSchema)
@blp.alt_response(404, description="Unknown request id (problem+json)")
def get_request(request_id):
    """A request's status, current lender, deadlines, lenders reached and full history.

    Readable with a token of its borrower, of a library in its lender sequence, of a
    coordinator of one of their regions, or an admin token.
    """
    token = current_reader()
    return requests_service.get_request(
        get_store(), request_id,
        may_read=lambda req: request_queues.require_read(get_store(), token, req))


@blp.route("/requests/<string:request_id>/actions", methods=["POST"])
@idempotent(blp)
@writer_responses(blp)
@require_writer(libid_from=None)
@blp.arguments(ActionSchema)
@blp.response(200, RequestSchema)
@blp.alt_response(404, description="Unknown request id (problem+json)")
@blp.alt_response(409, description="The lender does not hold the request, the action does "
                                   "not fit its status, or another action won a race; "
                                   "nothing changed (problem+json)")
@blp.alt_response(422, description="Invalid action, lender, reason or time (problem+json)")
def act(body, request_id):
    """RECEIVE, FILL or NOT_FILL by the current lender; CANCEL by the borrower.

    FILL and NOT_FILL need a RECEIVE first. CANCEL cancels a NEW request at once and only
    marks a RECEIVED one (its lender may still fill it; NOT_FILL then cancels it).
    """
    acting = requests_service.acting_library(get_store(), request_id, body["action"],
                                             body["lender"])
    if acting:
        authorize_libid(acting)
    return requests_service.act(get_store(), request_id, body["action"], lender=body["lender"],
                                reason=body["reason"], at=body["at"], alerts=dispatcher())


@blp.route("/tta/run", methods=["POST"])
@writer_responses(blp)
@require_writer(admin_only=True)
@blp.arguments(TtaRunSchema)
@blp.response(200, TtaResultSchema)
@blp.alt_response(422, description="Invalid time (problem+json)")
def run_tta(body):
    """One Time-Triggered Actions run: move every overdue request to its next lender.

    Each moved request carries REMOVED_NOT_RECEIPTED or REMOVED_NOT_ACTED_UPON. Running
    again for the same `at` moves nothing.
    """
    return requests_service.run_tta(get_store(), at=body["at"],
                                    lender_time_zone=body["lender_time_zone"],
                                    alerts=dispatcher())


@blp.route("/reports/lender-performance")
@blp.arguments(ReportQuerySchema, location="query", as_kwargs=True)
@blp.response(200, LenderReportSchema)
@blp.alt_response(422, description="Invalid filter (problem+json naming the field)")
def lender_performance(region=None, type=None, from_=None, to=None):
    """Per lender and per region: received, filled, unfilled for cost, fill rate, standard.

    Receipts are counted on US Eastern days `from`..`to` (inclusive); fill rate is
    filled / (received - unfilled for cost); `meets_standard` is fill rate >= 75% for RML
    and RESOURCE libraries. Region rows honour `region` and `type` as well.
    """
    return requests_service.lender_report(get_store(), region=region, lib_type=type,
                                          frm=from_, to=to)
