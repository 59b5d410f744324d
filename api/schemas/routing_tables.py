"""Schemas of routing tables, manual maps and routing-table lint."""

from __future__ import annotations

from marshmallow import fields, validate

from api.schemas.network import Strict
from api.schemas.rules import LIBID, Day, Integer, QueryString
from api.schemas.rules import ROUTING_ENTRY as ENTRY
from graphsvc.fields import MAX_MANUAL_ROWS
from graphsvc.model import MAX_PER_CELL

CELL = validate.Regexp(r"^[1-9]$", error="not a cell number 1-9")


class RoutingTableSchema(Strict):
    """Cells 1-9 of up to 20 LIBIDs or group codes, the Do Not Route list and the manual map.
    A PUT replaces all three, so all three are required (send ``[]`` or ``{}`` to empty one);
    the manual map alone is replaced with ``PUT .../manual-map``."""

    libid = fields.String(validate=LIBID, metadata={"description": "must equal the path's"})
    cells = fields.Dict(keys=fields.String(validate=CELL),
                        values=fields.List(fields.String(validate=ENTRY),
                                           validate=validate.Length(max=MAX_PER_CELL)),
                        required=True)
    do_not_route = fields.List(fields.String(validate=LIBID), required=True,
                               validate=validate.Length(max=1000))
    manual_map = fields.List(fields.String(validate=LIBID), required=True,
                             validate=validate.Length(max=MAX_MANUAL_ROWS))


class ManualMapSchema(Strict):
    """The manual (M/A/N) map: up to nine LIBIDs, tried in order."""

    libid = fields.String(validate=LIBID, metadata={"description": "must equal the path's"})
    manual_map = fields.List(fields.String(validate=LIBID), required=True,
                             validate=validate.Length(max=MAX_MANUAL_ROWS))


class LintQuerySchema(QueryString, Strict):
    at = Day(metadata={"description": "the day to judge out-of-office periods on "
                                              "(default today)"})


class LintFindingSchema(Strict):
    cell = Integer()
    entry = fields.String(allow_none=True)
    code = fields.String()
    message = fields.String()


class LintSchema(Strict):
    libid = fields.String()
    at = Day()
    top_titles = fields.List(fields.String(), metadata={
        "description": "the borrower's most requested titles (empty without request history)"})
    findings = fields.List(fields.Nested(LintFindingSchema))
