"""Schemas of subcoordinator assignments and the holdings write log."""

from __future__ import annotations

from marshmallow import fields, validate

from api.schemas.network import LIBID, Strict
from api.schemas.rules import Integer, QueryString


class RegionQuerySchema(QueryString, Strict):
    region = fields.String(validate=validate.Regexp(r"^\d{1,2}$"))


class AssignmentSchema(Strict):
    libraries = fields.List(fields.String(validate=LIBID), required=True,
                            validate=validate.Length(max=10_000), metadata={
        "description": "LIBIDs of the token's region whose holdings it may keep (all of "
                       "them: the list replaces the token's libraries)."})


class SubcoordinatorSchema(Strict):
    id = fields.String(metadata={"description": "The token's id (12 hex digits of its hash)."})
    region = fields.String()
    created = fields.String(allow_none=True)
    libraries = fields.List(fields.String())


class SubcoordinatorListSchema(Strict):
    subcoordinators = fields.List(fields.Nested(SubcoordinatorSchema))


class HoldingsWriteSchema(Strict):
    at = fields.String()
    role = fields.String(metadata={"description": "admin|coordinator|library|subcoordinator, "
                                                  "or local (command line, no tokens)."})
    token_id = fields.String(allow_none=True)
    deleted = Integer(metadata={"description": "Holdings replaced."})
    written = Integer(metadata={"description": "Holdings written."})


class HoldingsWritesSchema(Strict):
    libid = fields.String()
    writes = fields.List(fields.Nested(HoldingsWriteSchema))
