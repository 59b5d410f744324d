"""Schemas of patron referral: the question and the suggested libraries (never a price)."""

from __future__ import annotations

from marshmallow import fields, validate

from api.schemas.network import LIBID, Strict
from api.schemas.rules import GROUP_CODE, Float, Instant, Integer, network_version, present
from graphsvc import model
from graphsvc.geo import PLACE_PATTERN
from graphsvc.referral import REASONS

ZIP = validate.Regexp(r"^\s*\d{5}(-\d{4})?\s*$", error="not a ZIP code (e.g. 97201)")


def _optional(field_cls, description: str, **kwargs):
    return field_cls(allow_none=True, load_default=None, metadata={"description": description},
                     **kwargs)


class ReferralRequestSchema(Strict):
    """Where the patron is (one of ``zip``, ``place``, or ``lat`` and ``lon``) and who they are."""

    OPENAPI_RULES = {"oneOf": [present("zip"), present("place"),
                               present("lat", "lon", kind="number")]}

    zip = _optional(fields.String, "US ZIP code; the patron is placed at its centroid.",
                    validate=ZIP)
    place = fields.String(allow_none=True, load_default=None, validate=validate.Length(3, 120),
                          metadata={"description": "\"City, ST\" (or \"City, State\"): the "
                                                   "centroid of the city's central ZIP code.",
                                    "pattern": PLACE_PATTERN})
    lat = _optional(Float, "Latitude, with lon.", validate=validate.Range(-90, 90))
    lon = _optional(Float, "Longitude, with lat.", validate=validate.Range(-180, 180))
    category = fields.String(required=True, validate=validate.OneOf(model.PATRON_CATEGORIES),
                             metadata={"description": "What the patron is."})
    affiliation = _optional(fields.String, "LIBID of the patron's own library.",
                            validate=LIBID)
    specialty = _optional(fields.String, "What the patron does or studies (\"oncologist\").",
                          validate=validate.Length(0, 100))
    consortium = _optional(fields.String, "Code of a consortium the patron's library has an "
                                          "arrangement with (default: those serving the "
                                          "patron's state).", validate=GROUP_CODE)
    limit = Integer(load_default=5, validate=validate.Range(1, 50), metadata={
        "description": "Most suggestions; at least 3 are given when the network has them."})
    at = Instant(allow_none=True, load_default=None, metadata={
        "description": "When asked (default now): libraries out of office then are left out."})


class SuggestionSchema(Strict):
    libid = fields.String(required=True)
    name = fields.String(required=True)
    city = fields.String(required=True)
    state = fields.String(required=True)
    type = fields.String(allow_none=True)
    distance_km = Float(allow_none=True, metadata={
        "description": "Great-circle distance from the patron; null for an own library with "
                       "no known place."})
    reasons = fields.List(fields.String(validate=validate.OneOf(REASONS)), required=True)
    explanation = fields.List(fields.String(), metadata={
        "description": "One sentence per reason, in the same order."})
    score = Float(metadata={"description": "Sum of reason weights minus "
                                                  "log10(1 + distance_km); higher first."})
    lat = Float(allow_none=True)
    lon = Float(allow_none=True)
    address = fields.String(metadata={"description": "Street address (\"\" when unknown)."})
    phone = fields.String()
    email = fields.String()
    website = fields.String()
    hours = fields.String(metadata={"description": "Opening hours, as the library states them."})


class PatronPlaceSchema(Strict):
    by = fields.String(validate=validate.OneOf(("zip", "place", "point")))
    zip = fields.String(allow_none=True)
    city = fields.String(allow_none=True)
    state = fields.String(allow_none=True)
    lat = Float()
    lon = Float()
    category = fields.String()
    subject = fields.String(allow_none=True, metadata={
        "description": "The subject the specialty was read as (\"oncologist\" -> oncology)."})


class ReferralSchema(Strict):
    suggestions = fields.List(fields.Nested(SuggestionSchema), required=True)
    note = fields.String(required=True, metadata={
        "description": "What to tell the patron; says prices and services vary, never a price."})
    patron = fields.Nested(PatronPlaceSchema)
    network_version = network_version()
