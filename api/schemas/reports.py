"""Schemas of the coordinators' reports: TTA removals, borrowing/lending balance, compliance."""

from __future__ import annotations

from marshmallow import fields, validate

from api.schemas.network import Strict
from api.schemas.requests import WindowQuerySchema
from api.schemas.rules import Boolean, Day, Float, Integer, QueryString
from graphsvc.requests.balance import MAX_RATIO, MIN_BORROWED


class RemovalCountsSchema(Strict):
    received = Integer(metadata={
        "description": "Requests that reached the lender in the window, receipted or not."})
    not_receipted = Integer(metadata={
        "description": "Of them, removed by TTA as not receipted (REMOVED_NOT_RECEIPTED)."})
    not_acted_upon = Integer(metadata={
        "description": "Of them, removed by TTA as not acted upon (REMOVED_NOT_ACTED_UPON)."})
    removed = Integer()
    removal_rate = Float(allow_none=True, metadata={
        "description": "removed / received; null when nothing was received."})


class LenderRemovalsSchema(RemovalCountsSchema):
    libid = fields.String()
    type = fields.String(allow_none=True)
    region = fields.String(allow_none=True)
    by_service_level = fields.Dict(keys=fields.String(),
                                   values=fields.Nested(RemovalCountsSchema), metadata={
        "description": "The same counts for NORMAL, RUSH and URGENT requests."})


class RemovalsReportSchema(Strict):
    from_ = fields.String(data_key="from", attribute="from", allow_none=True)
    to = fields.String(allow_none=True)
    region = fields.String(allow_none=True)
    type = fields.String(allow_none=True)
    totals = fields.Nested(RemovalCountsSchema)
    lenders = fields.List(fields.Nested(LenderRemovalsSchema), metadata={
        "description": "Most removals first, then by LIBID."})


class BalanceQuerySchema(WindowQuerySchema):
    min_borrowed = Integer(load_default=MIN_BORROWED, validate=validate.Range(min=1),
                                  metadata={"description": "Net borrowers borrowed at least "
                                                           "this many requests."})
    max_ratio = Float(load_default=MAX_RATIO, validate=validate.Range(min=0),
                             metadata={"description": "Net borrowers lent fewer than this many "
                                                      "requests per request borrowed."})


class BalanceRowSchema(Strict):
    region = fields.String(allow_none=True)
    borrowed = Integer(metadata={"description": "Requests created as borrower."})
    lent = Integer(metadata={"description": "Requests filled as lender."})
    ratio = Float(allow_none=True, metadata={
        "description": "lent / borrowed; null when nothing was borrowed."})
    net_borrower = Boolean(metadata={
        "description": "borrowed >= min_borrowed and ratio < max_ratio."})


class LibraryBalanceSchema(BalanceRowSchema):
    libid = fields.String()
    name = fields.String(allow_none=True)
    state = fields.String(allow_none=True)
    lat = Float(allow_none=True)
    lon = Float(allow_none=True)


class BalanceReportSchema(Strict):
    from_ = fields.String(data_key="from", attribute="from", allow_none=True)
    to = fields.String(allow_none=True)
    region = fields.String(allow_none=True)
    min_borrowed = Integer()
    max_ratio = Float()
    libraries = fields.List(fields.Nested(LibraryBalanceSchema), metadata={
        "description": "Net borrowers first, then by LIBID."})
    regions = fields.List(fields.Nested(BalanceRowSchema))
    net_borrowers = fields.List(fields.String())


class ComplianceQuerySchema(QueryString, Strict):
    region = fields.String(validate=validate.Regexp(r"^\d{1,2}$"))
    at = Day(metadata={"description": "Day of the question (default today)."})


class RuleSchema(Strict):
    code = fields.String()
    source = fields.String(metadata={"description": "The plan and item the rule comes from."})
    rule = fields.String(metadata={"description": "The plan's words."})


class ComplianceRegionSchema(Strict):
    region = fields.String(allow_none=True)
    libraries = Integer(metadata={"description": "Libraries breaking any rule."})
    counts = fields.Dict(keys=fields.String(), values=Integer(),
                         metadata={"description": "Breaches per rule code."})


class BreachSchema(Strict):
    libid = fields.String()
    name = fields.String(allow_none=True)
    region = fields.String(allow_none=True)
    code = fields.String()
    detail = fields.String()
    nlm_uid = fields.String(allow_none=True)


class ComplianceReportSchema(Strict):
    at = fields.String()
    region = fields.String(allow_none=True)
    rules = fields.List(fields.Nested(RuleSchema))
    regions = fields.List(fields.Nested(ComplianceRegionSchema))
    breaches = fields.List(fields.Nested(BreachSchema))
