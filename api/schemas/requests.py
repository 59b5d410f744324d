"""Schemas of tracked requests: actions, views, TTA runs and the lender performance report."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import fields, validate

from api.schemas.network import LIBID, Strict
from api.schemas.routing import UnderstoodCitationSchema
from api.schemas.rules import (REGION, Boolean, Day, Float, Instant, Integer, QueryString,
                               one_of_values, present)
from graphsvc import model
from graphsvc.requests import ACTIONS, EVENT_ACTIONS, REASON_CODES, REMOVAL_REASONS, STATUSES

REQUEST_ID = validate.Regexp(r"^R[0-9A-F]{12}$", error="not a request id (e.g. R0A1B2C3D4E5F)")


class ActionSchema(Strict):
    """``lender`` is required except for CANCEL; ``reason`` with NOT_FILL only (and there
    required)."""

    OPENAPI_RULES = {"allOf": [
        {"anyOf": [one_of_values("action", ["CANCEL"]), present("lender")]},
        {"anyOf": [{"allOf": [one_of_values("action", ["NOT_FILL"]), present("reason")]},
                   {**one_of_values("action", [a for a in ACTIONS if a != "NOT_FILL"]),
                    "not": present("reason")}]}]}
    action = fields.String(required=True, validate=validate.OneOf(ACTIONS))
    lender = fields.String(load_default=None, allow_none=True, validate=LIBID, metadata={
        "description": "The acting library's LIBID; required except for CANCEL."})
    reason = fields.String(load_default=None, allow_none=True,
                           validate=validate.OneOf(REASON_CODES), metadata={
        "description": "NOT_FILL only (and required there). CAN, COP, CST and INC retire "
                       "the request; any other sends it to the next lender."})
    at = Instant(load_default=None, allow_none=True,
                       metadata={"description": "When the action happened; default now."})

    @ma.validates_schema
    def _lender_and_reason(self, data, **kwargs):
        if data["action"] != "CANCEL" and not data.get("lender"):
            raise ma.ValidationError(f"{data['action']} needs the acting lender", "lender")
        if data["action"] == "NOT_FILL" and not data.get("reason"):
            raise ma.ValidationError("NOT_FILL needs a reason code", "reason")
        if data["action"] != "NOT_FILL" and data.get("reason"):
            raise ma.ValidationError("a reason is only given with NOT_FILL", "reason")


class TtaRunSchema(Strict):
    at = Instant(load_default=None, allow_none=True, metadata={
        "description": "The run instant (normally 00:05 US Eastern on a business day); "
                       "default now. A run on a weekend or federal holiday moves nothing."})
    lender_time_zone = Boolean(load_default=False, metadata={
        "description": "Policy option: time each lender on its own time zone (its "
                       "`timezone`) instead of US Eastern."})


class WindowQuerySchema(QueryString, Strict):
    """A region and a window of US Eastern days, the filters of every report."""

    region = fields.String(validate=REGION)
    from_ = Day(data_key="from", metadata={
        "description": "First US Eastern day of receipts counted (inclusive)."})
    to = Day(metadata={"description": "Last US Eastern day counted (inclusive)."})


class ReportQuerySchema(WindowQuerySchema):
    type = fields.String(validate=validate.OneOf(model.LIBRARY_TYPES))


class StepSchema(Strict):
    libid = fields.String()
    via = fields.String()
    cell = Integer(allow_none=True)


class LenderStepSchema(StepSchema):
    step = Integer(metadata={"description": "Index in the sequence."})
    routed_at = fields.String()
    received_at = fields.String(allow_none=True)
    outcome = fields.String(allow_none=True, metadata={
        "description": "FILLED|NOT_FILLED|REMOVED_NOT_RECEIPTED|REMOVED_NOT_ACTED_UPON|"
                       "CANCELLED; null while the lender holds the request."})
    reason = fields.String(allow_none=True)
    at = fields.String(allow_none=True, metadata={"description": "When the outcome happened."})
    receipt_due = fields.String(metadata={"description": "TTA removal instant if not received."})
    action_due = fields.String(allow_none=True, metadata={
        "description": "TTA removal instant if received and not updated."})


class EventSchema(Strict):
    at = fields.String()
    action = fields.String(metadata={"description": "|".join(EVENT_ACTIONS)})
    reason = fields.String(allow_none=True)
    libid = fields.String(allow_none=True)
    via = fields.String(allow_none=True)


class RequestSummarySchema(Strict):
    id = fields.String()
    status = fields.String(metadata={"description": "|".join(STATUSES)})
    borrower = fields.String()
    nlm_uid = fields.String(allow_none=True)
    service_level = fields.String()
    need_by = fields.String(allow_none=True)
    max_cost = Float(allow_none=True)
    created_at = fields.String()
    updated_at = fields.String(metadata={"description": "When the last event happened."})
    lender = fields.String(allow_none=True, metadata={
        "description": "The library holding the request now; null once finished."})
    via = fields.String(allow_none=True)
    cell = Integer(allow_none=True)
    position = Integer(allow_none=True)
    cancel_requested = Boolean()
    receipt_due = fields.String(allow_none=True)
    action_due = fields.String(allow_none=True)


class RequestSchema(RequestSummarySchema):
    sequence = fields.List(fields.Nested(StepSchema), metadata={
        "description": "Every lender routing chose, computed once at creation."})
    lenders = fields.List(fields.Nested(LenderStepSchema), metadata={
        "description": "The lenders reached so far, with their times and outcomes."})
    history = fields.List(fields.Nested(EventSchema))
    citation = fields.Nested(UnderstoodCitationSchema, metadata={
        "description": "Only in the answer to POST /v1/requests: the citation as routing "
                       "understood it."})
    notes = fields.List(fields.String(), metadata={
        "description": "Only in the answer to POST /v1/requests: how it was routed when "
                       "not by its title's holdings (the manual map, NLM only)."})


class MovedSchema(Strict):
    id = fields.String()
    reason = fields.String(metadata={"description": "|".join(REMOVAL_REASONS)})
    from_ = fields.String(data_key="from", attribute="from",
                          metadata={"description": "The lender removed."})
    status = fields.String()
    lender = fields.String(allow_none=True, metadata={"description": "The next lender."})


class TtaResultSchema(Strict):
    at = fields.String()
    count = Integer()
    moved = fields.List(fields.Nested(MovedSchema))


class LenderStatsSchema(Strict):
    libid = fields.String()
    type = fields.String(allow_none=True)
    region = fields.String(allow_none=True)
    received = Integer()
    filled = Integer()
    not_filled = Integer()
    unfilled_cost = Integer(metadata={"description": "Not filled with reason CST."})
    removed = Integer(metadata={"description": "Taken away by TTA after receipt."})
    pending = Integer()
    fill_rate = Float(allow_none=True, metadata={
        "description": "filled / (received - unfilled_cost)."})
    meets_standard = Boolean(allow_none=True, metadata={
        "description": "fill_rate >= 0.75, for RML and RESOURCE libraries only."})
    median_turnaround_hours = Float(allow_none=True)


class RegionStatsSchema(Strict):
    region = fields.String(allow_none=True)
    lenders = Integer()
    received = Integer()
    filled = Integer()
    unfilled_cost = Integer()
    fill_rate = Float(allow_none=True)
    median_turnaround_hours = Float(allow_none=True)


class LenderReportSchema(Strict):
    from_ = fields.String(data_key="from", attribute="from", allow_none=True)
    to = fields.String(allow_none=True)
    region = fields.String(allow_none=True)
    type = fields.String(allow_none=True)
    lenders = fields.List(fields.Nested(LenderStatsSchema))
    regions = fields.List(fields.Nested(RegionStatsSchema))
