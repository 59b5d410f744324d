"""Coordinators' reports: TTA removals, borrowing/lending balance and plan compliance."""

from __future__ import annotations

from api.blueprint import Blueprint

from api.extensions import get_store
from api.schemas.reports import (BalanceQuerySchema, BalanceReportSchema,
                                 ComplianceQuerySchema, ComplianceReportSchema,
                                 RemovalsReportSchema)
from api.schemas.requests import ReportQuerySchema
from graphsvc.services import reports as reports_service

blp = Blueprint("reports", __name__, url_prefix="/v1/reports", description="Reports")


@blp.route("/removals")
@blp.arguments(ReportQuerySchema, location="query", as_kwargs=True)
@blp.response(200, RemovalsReportSchema)
@blp.alt_response(404, description="Unknown region (problem+json)")
@blp.alt_response(422, description="Invalid filter (problem+json naming the field)")
def removals(region=None, type=None, from_=None, to=None):
    """Per lender: requests removed by Time-Triggered Actions, by service level.

    The NN/LM plan's removals report. `received` counts the requests that reached the lender
    on US Eastern days `from`..`to` (inclusive), receipted or not; `not_receipted` and
    `not_acted_upon` how many of them TTA took away (whenever it did); `removal_rate` is
    removed / received.
    """
    return reports_service.removals_report(get_store(), region=region, lib_type=type,
                                           frm=from_, to=to)


@blp.route("/balance")
@blp.arguments(BalanceQuerySchema, location="query", as_kwargs=True)
@blp.response(200, BalanceReportSchema)
@blp.alt_response(404, description="Unknown region (problem+json)")
@blp.alt_response(422, description="Invalid filter (problem+json naming the field)")
def balance(region=None, from_=None, to=None, min_borrowed=None, max_ratio=None):
    """Per library and region: requests borrowed and lent, and the net borrowers.

    `borrowed` counts requests the library created on US Eastern days `from`..`to`
    (inclusive), `lent` requests it filled on those days; `ratio` is lent / borrowed. A net
    borrower borrowed at least `min_borrowed` and lent fewer than `max_ratio` per request.
    """
    return reports_service.balance_report(get_store(), region=region, frm=from_, to=to,
                                          min_borrowed=min_borrowed, max_ratio=max_ratio)


@blp.route("/compliance")
@blp.arguments(ComplianceQuerySchema, location="query", as_kwargs=True)
@blp.response(200, ComplianceReportSchema)
@blp.alt_response(404, description="Unknown region (problem+json)")
@blp.alt_response(422, description="Invalid filter (problem+json naming the field)")
def compliance(region=None, at=None):
    """Active libraries breaking the plans' rules, each with the rule and its source.

    Holdings or institution record not updated within a year; Level 2 holdings from title
    changes older than 60 days; FULL participants with fewer than 25 currently received
    titles; borrow-only libraries routing to free-sharing groups. Counted per region.
    """
    return reports_service.compliance_report(get_store(), region=region, at=at)
