"""Schemas of the network's records (libraries, groups, holdings, routing tables)."""

from __future__ import annotations

import copy

import marshmallow as ma
from marshmallow import fields, validate

from api.schemas.rules import (CONTACT_TEXT, EMAIL, FEE, GROUP_CODE, LIBID, PHONE, POSTAL_CODE,
                               REGION, STATE, TIMEZONE, WEBSITE, Boolean, Day, Float, Integer,
                               QueryString, within)
from graphsvc import fields as rules
from graphsvc import model

__all__ = ["LIBID", "STATE", "Strict"]


class Strict(ma.Schema):
    class Meta:
        unknown = ma.RAISE
        ordered = True


class DateRangeSchema(Strict):
    start = Day(required=True)
    end = Day(required=True)

    @ma.validates_schema
    def _order(self, data, **kwargs):
        if data["start"] > data["end"]:
            raise ma.ValidationError("start is after end", "end")

    @ma.post_load
    def _make(self, data, **kwargs):
        return model.DateRange(**data)


class LibrarySchema(Strict):
    libid = fields.String(required=True, validate=LIBID)
    name = fields.String(required=True, validate=validate.Length(1, rules.NAME_LENGTH))
    type = fields.String(load_default="PAL", validate=validate.OneOf(model.LIBRARY_TYPES))
    participation = fields.String(load_default="FULL",
                                  validate=validate.OneOf(model.PARTICIPATION))
    city = fields.String(load_default="", validate=validate.Length(0, rules.CITY_LENGTH))
    state = fields.String(required=True, validate=STATE)
    zip = fields.String(load_default="", validate=POSTAL_CODE, metadata={
        "description": "US ZIP (12345 or 12345-6789) or Canadian postal code (A1A 1A1)."})
    lat = Float(allow_none=True, load_default=None, validate=within(rules.LATITUDE))
    lon = Float(allow_none=True, load_default=None, validate=within(rules.LONGITUDE))
    timezone = fields.String(load_default="America/New_York", validate=TIMEZONE)
    delivery_methods = fields.List(fields.String(validate=validate.OneOf(model.DELIVERY_METHODS)),
                                   load_default=list)
    fills_rush = Boolean(load_default=False)
    fills_urgent = Boolean(load_default=False)
    efts = Boolean(load_default=False)
    serves = fields.List(fields.String(validate=validate.OneOf(model.PATRON_CATEGORIES)),
                         load_default=list)
    subjects = fields.List(fields.String(validate=validate.Length(1, rules.SUBJECT_LENGTH)),
                             load_default=list)
    base_fee = Float(allow_none=True, load_default=None, validate=FEE)
    out_of_office = fields.List(fields.Nested(DateRangeSchema), load_default=list)
    address = fields.String(load_default="", validate=CONTACT_TEXT,
                            metadata={"description": "Street address, for patrons."})
    phone = fields.String(load_default="", validate=PHONE)
    email = fields.String(load_default="", validate=EMAIL)
    website = fields.String(load_default="", validate=WEBSITE)
    hours = fields.String(load_default="", validate=CONTACT_TEXT,
                          metadata={"description": "Opening hours, as the library states them."})

    @ma.post_load
    def _make(self, data, **kwargs):
        for name in ("delivery_methods", "serves", "subjects", "out_of_office"):
            data[name] = tuple(data[name])
        return model.Library(**data)


class LibraryPatchSchema(LibrarySchema):
    """A JSON Merge Patch of a library (RFC 7396): only the members to change; ``null``
    removes one (it takes its default again). Documents ``PATCH /v1/libraries/{libid}``."""

    libid = fields.String(validate=LIBID, metadata={"description": "must equal the path's"})
    name = fields.String(validate=validate.Length(1, rules.NAME_LENGTH))
    state = fields.String(validate=STATE)


def _removable(field: fields.Field) -> fields.Field:
    removable = copy.copy(field)
    removable.allow_none = True
    return removable


# Every other member may be null in a merge patch (it takes its default again).
LibraryPatchSchema._declared_fields.update(
    {name: _removable(field) for name, field in LibraryPatchSchema._declared_fields.items()
     if name not in ("libid", "name", "state")})


class YearRunSchema(Strict):
    first = Integer()
    last = Integer()


class LastCopyWarningSchema(Strict):
    nlm_uid = fields.String()
    title = fields.String()
    scope = fields.String(metadata={"description": "network or region"})
    region = fields.String(allow_none=True)
    lost_years = fields.List(fields.Nested(YearRunSchema), metadata={
        "description": "years that had an active holder and would have none"})
    single_years = fields.List(fields.Nested(YearRunSchema), metadata={
        "description": "years that had two or more active holders and would have one"})


class LibraryOutSchema(LibrarySchema):
    warnings = fields.List(fields.Nested(LastCopyWarningSchema), metadata={
        "description": "only when the write stops the library lending (CLOSED or another "
                       "non-lending participation): the titles and years that leaves with "
                       "no active holder, or one"})
    groups = fields.List(fields.String())
    holdings = Integer()
    region = fields.String(allow_none=True)


class LibraryListSchema(Strict):
    libraries = fields.List(fields.Nested(LibraryOutSchema))
    count = Integer()


class LibraryQuerySchema(QueryString, Strict):
    state = fields.String(validate=STATE)
    region = fields.String(validate=REGION)
    group = fields.String(validate=GROUP_CODE)
    type = fields.String(validate=validate.OneOf(model.LIBRARY_TYPES))
