"""Request queues and the request event feed (reads scoped by the caller's token)."""

from __future__ import annotations

from api.blueprint import Blueprint

from api.auth import current_reader, reader_responses
from api.extensions import get_store
from api.schemas.request_queues import (
    EventPageSchema,
    EventQuerySchema,
    QueueQuerySchema,
    RequestPageSchema,
)
from graphsvc.services import request_queues

blp = Blueprint("request_queues", __name__, url_prefix="/v1", description="Request queues")


@blp.route("/requests")
@reader_responses(blp)
@blp.arguments(QueueQuerySchema, location="query")
@blp.response(200, RequestPageSchema)
@blp.alt_response(422, description="Invalid filter or cursor (problem+json naming it)")
def list_requests(query):
    """Requests newest first: a lender's queue, a borrower's open and closed requests.

    A library token sees the requests it placed or was routed, a coordinator token its
    region's, an admin token all. `role=lender` lists what the lender holds now (status
    NEW waits for its receipt until `receipt_due`, RECEIVED for its action until
    `action_due`) and closed requests it was routed to; `role=borrower` what the borrower
    placed. Page with `cursor=` (the answer's `next_cursor`).
    """
    token = current_reader()
    return request_queues.list_requests(
        get_store(), token, role=query.get("role"), statuses=query.get("status"),
        borrower=query.get("borrower"), lender=query.get("lender"),
        updated_since=query.get("updated_since"), cursor=query.get("cursor"),
        limit=query["limit"])


@blp.route("/requests/events")
@reader_responses(blp)
@blp.arguments(EventQuerySchema, location="query")
@blp.response(200, EventPageSchema)
@blp.alt_response(422, description="Invalid cursor (problem+json)")
def list_events(query):
    """Request events in the order they happened, after the cursor `since`.

    NEW, ROUTED, RECEIVED, FILLED, NOT_FILLED, CANCELLED, MOVED_BY_TTA, EXPIRED,
    BEYOND_ROUTING_MAP (and CANCEL_REQUESTED, REROUTED_ONLINE), scoped like the queues.
    Follow along by passing each answer's `next_cursor` as `since`.
    """
    token = current_reader()
    return request_queues.list_events(get_store(), token, since=query.get("since"),
                                      limit=query["limit"])
