"""Marshmallow validators and fields made from the one definition of each field rule
(:mod:`graphsvc.fields`); the OpenAPI document shows them as patterns, enums and bounds."""

from __future__ import annotations

import re

import marshmallow as ma
from marshmallow import fields, validate

from graphsvc import fields as rules

LIBID = validate.Regexp(rules.LIBID, error="not a LIBID (e.g. WAUUHS)")
GROUP_CODE = validate.Regexp(rules.GROUP_CODE, error="not a group code (e.g. FREESHARE)")
ROUTING_ENTRY = validate.Regexp(rules.ROUTING_ENTRY, error="not a LIBID or group code")
NLM_UID = validate.Regexp(rules.NLM_UID, error="not an NLM Unique ID (e.g. 0255562, 2985213R)")
ISSN = validate.Regexp(rules.ISSN, error="not an ISSN (e.g. 0028-4793)")
STATE = validate.OneOf(sorted(rules.STATES), error="not a US state, territory or Canadian "
                                                   "province code")
POSTAL_CODE = validate.Regexp(f"^$|{rules.POSTAL_CODE.pattern}",
                              error="not a US ZIP or Canadian postal code")
REGION = validate.Regexp(rules.REGION_CODE, error="not a region number (1-7)")
TIMEZONE = validate.OneOf(sorted(rules.timezones()), error="unknown time zone")
PHONE = validate.Regexp(rules.PHONE, error="not a phone number")
EMAIL = validate.Regexp(rules.EMAIL, error="not an email address")
EMAIL_ADDRESS = validate.Regexp(rules.EMAIL_ADDRESS, error="not an email address")
WEBSITE = validate.Regexp(rules.WEBSITE, error="not an http:// or https:// URL")
WEBHOOK_URL = validate.Regexp(rules.WEBHOOK_URL, error="not an http:// or https:// URL")
CONTACT_TEXT = validate.Length(0, rules.CONTACT_TEXT_MAX)
WEBHOOK_SECRET = validate.Length(min=rules.WEBHOOK_SECRET_MIN,
                                 error=f"a secret needs at least {rules.WEBHOOK_SECRET_MIN} "
                                       "characters")


def present(*names: str, kind: str = "string") -> dict:
    """An OpenAPI branch: each of ``names`` given, not null (for cross-field rules)."""
    return {"required": list(names), "properties": {n: {"type": kind} for n in names}}


def one_of_values(name: str, values) -> dict:
    """An OpenAPI branch: ``name`` takes one of ``values``."""
    return {"properties": {name: {"type": "string", "enum": list(values)}}}


def within(bounds: rules.Bounds) -> validate.Range:
    return validate.Range(bounds.low, bounds.high)


FEE = within(rules.FEE)
YEAR = within(rules.YEAR)


class Day(fields.Date):
    """A calendar day (YYYY-MM-DD) within the days any field takes."""

    def __init__(self, **kwargs):
        metadata = {"pattern": rules.DAY_PATTERN, **kwargs.pop("metadata", {})}
        super().__init__(metadata=metadata, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        day = super()._deserialize(value, attr, data, **kwargs)
        problem = rules.day_problem(day)
        if problem:
            raise ma.ValidationError(problem)
        return day


class Instant(fields.AwareDateTime):
    """An ISO 8601 datetime that carries an offset, from 2000 to the end of next year."""

    def __init__(self, **kwargs):
        metadata = dict(kwargs.pop("metadata", {}))
        description = metadata.get("description", "")
        metadata["description"] = (description + " From 2000-01-01 to the end of next year, "
                                                 "with a UTC offset.").strip()
        metadata["pattern"] = rules.year_pattern(rules.instant_years())
        super().__init__(format="iso", metadata=metadata, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        at = super()._deserialize(value, attr, data, **kwargs)
        problem = rules.instant_problem(at)
        if problem:
            raise ma.ValidationError(problem)
        return at


# Numbers and booleans are strict: a JSON body gives them as JSON (never "3", 3.0 for an
# integer, 0, 1 or "yes" for a boolean); only a query string, where every value is text,
# writes them as text: true/false, digits.
QUERY_INTEGER = re.compile(r"-?[0-9]{1,20}")
QUERY_NUMBER = re.compile(r"-?[0-9]{1,20}(\.[0-9]{1,20})?")


class QueryString:
    """Mixin of the schema of a query string, whose values all come as text."""

    query_string = True


def from_query(field: fields.Field) -> bool:
    """Whether ``field`` belongs to the schema of a query string."""
    return getattr(field.root, "query_string", False)


class Boolean(fields.Boolean):
    """``true`` or ``false``: a JSON boolean (a query string's text ``true``/``false``)."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool):
            return value
        if from_query(self) and value in ("true", "false"):
            return value == "true"
        raise self.make_error("invalid", input=value)


class Integer(fields.Integer):
    """A JSON integer (a query string's digits); not a string, a float or a boolean."""

    def _deserialize(self, value, attr, data, **kwargs):
        if from_query(self) and isinstance(value, str) and QUERY_INTEGER.fullmatch(value):
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.make_error("invalid", input=value)
        return super()._deserialize(value, attr, data, **kwargs)


class Float(fields.Float):
    """A JSON number (a query string's decimal); not a string or a boolean, and finite."""

    def _deserialize(self, value, attr, data, **kwargs):
        if from_query(self) and isinstance(value, str) and QUERY_NUMBER.fullmatch(value):
            value = float(value)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.make_error("invalid", input=value)
        return super()._deserialize(value, attr, data, **kwargs)


def network_version() -> Integer:
    """The ``network_version`` of a read's answer: the version it was computed on."""
    return Integer(allow_none=True, metadata={
        "description": "The network version this answer was computed on; a later read may "
                       "ask for at least this version with min_version."})
