"""Schemas of request queues (``GET /v1/requests``) and the event feed."""

from __future__ import annotations

from marshmallow import fields, validate
from webargs.fields import DelimitedList

from api.schemas.network import LIBID, Strict
from api.schemas.requests import RequestSummarySchema
from api.schemas.rules import Instant, Integer, QueryString
from graphsvc.requests import STATUSES
from graphsvc.requests.feed import FEED_TYPES
from graphsvc.services.request_queues import ROLES


class QueueQuerySchema(QueryString, Strict):
    role = fields.String(validate=validate.OneOf(ROLES), metadata={
        "description": "borrower: requests the library placed; lender: requests it holds "
                       "now (NEW waits for its receipt, RECEIVED for its action) and closed "
                       "ones it was routed to. The LIBID is borrower= / lender=, or a "
                       "library token's own."})
    status = DelimitedList(fields.String(validate=validate.OneOf(STATUSES)), metadata={
        "description": "One status or several, comma-separated."})
    borrower = fields.String(validate=LIBID)
    lender = fields.String(validate=LIBID)
    updated_since = Instant(metadata={
        "description": "Only requests whose last event is at or after this instant."})
    cursor = fields.String(validate=validate.Length(max=400), metadata={
        "description": "next_cursor of the previous page."})
    limit = Integer(load_default=50, validate=validate.Range(1, 500))


class RequestPageSchema(Strict):
    requests = fields.List(fields.Nested(RequestSummarySchema), metadata={
        "description": "Newest first."})
    next_cursor = fields.String(allow_none=True, metadata={
        "description": "Pass as cursor= for the next page; null on the last page."})


class EventQuerySchema(QueryString, Strict):
    since = fields.String(validate=validate.Length(max=400), metadata={
        "description": "next_cursor (or an event's cursor) of an earlier answer; from the "
                       "first event without it."})
    limit = Integer(load_default=100, validate=validate.Range(1, 1000))


class FeedEventSchema(Strict):
    cursor = fields.String(metadata={"description": "Resume after this event with since=."})
    request_id = fields.String()
    type = fields.String(metadata={"description": "|".join(FEED_TYPES)})
    at = fields.String()
    libid = fields.String(allow_none=True, metadata={
        "description": "The library the event is about (the borrower for NEW)."})
    via = fields.String(allow_none=True)
    reason = fields.String(allow_none=True, metadata={
        "description": "NOT_FILLED: the reason code; MOVED_BY_TTA: REMOVED_NOT_RECEIPTED or "
                       "REMOVED_NOT_ACTED_UPON."})
    status = fields.String(metadata={"description": "The request's status after the event."})
    borrower = fields.String()


class EventPageSchema(Strict):
    events = fields.List(fields.Nested(FeedEventSchema), metadata={"description": "In order."})
    next_cursor = fields.String(metadata={
        "description": "Pass as since= to get what happened next."})
