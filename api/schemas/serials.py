"""Schemas of the serial search (``GET /v1/serials``)."""

from __future__ import annotations

from marshmallow import fields, validate

from api.schemas.network import Strict
from api.schemas.rules import Integer, QueryString
from graphsvc.coverage.search import MATCHED_BY


class SerialSearchQuerySchema(QueryString, Strict):
    q = fields.String(required=True, validate=validate.Length(1, 200), metadata={
        "description": "an NLM Unique ID, an ISSN, a MEDLINE or ISO abbreviation "
                       "(\"N Engl J Med\"), or words of the title or abbreviations"})
    limit = Integer(load_default=20, validate=validate.Range(1, 100))
    offset = Integer(load_default=0, validate=validate.Range(0, 1_000_000))


class SerialMatchSchema(Strict):
    nlm_uid = fields.String()
    title = fields.String()
    issns = fields.List(fields.String())
    med_abbr = fields.String(allow_none=True, metadata={"description": "MEDLINE abbreviation"})
    iso_abbr = fields.String(allow_none=True, metadata={"description": "ISO abbreviation"})
    holders = Integer(metadata={"description": "libraries holding it above Level 2"})
    matched_by = fields.String(metadata={"description": "|".join(MATCHED_BY)})


class SerialPageSchema(Strict):
    q = fields.String()
    total = Integer(metadata={"description": "serials matched in all"})
    offset = Integer()
    limit = Integer()
    serials = fields.List(fields.Nested(SerialMatchSchema), metadata={
        "description": "ranked: exact NLM Unique ID or ISSN, exact abbreviation, exact title, "
                       "then every word; more holders first within each"})
