"""Schemas of routing requests and lender sequences."""

from __future__ import annotations

import datetime as dt

import marshmallow as ma
from marshmallow import fields, validate

from api.schemas.network import Strict
from api.schemas.rules import (FEE, LIBID, NLM_UID, Boolean, Day, Float, Instant, Integer,
                               network_version, present)
from graphsvc import fields as rules
from graphsvc import model

# A citation's ISSN as link resolvers send it: the one ISSN rule, blanks around it allowed.
ISSN = validate.Regexp(rf"^\s*{rules.ISSN.pattern[1:-1]}\s*$",
                       error="not an ISSN (e.g. 0028-4793)")


class CitationSchema(Strict):
    """A citation names its title by ``nlm_uid`` or ``issn`` and gives the ``year`` or the
    ``volume`` (a manual request may name neither)."""

    OPENAPI_RULES = {"allOf": [{"anyOf": [present("nlm_uid"), present("issn")]},
                               {"anyOf": [present("year", kind="integer"), present("volume")]}]}
    nlm_uid = fields.String(allow_none=True, load_default=None, validate=NLM_UID)
    issn = fields.String(allow_none=True, load_default=None, validate=ISSN)
    year = Integer(allow_none=True, load_default=None, validate=validate.Range(1500, 2100))
    volume = fields.String(allow_none=True, load_default=None, validate=validate.Length(1, 40))
    epub_date = Day(allow_none=True, load_default=None)
    pmid = fields.String(allow_none=True, load_default=None,
                         validate=validate.Regexp(r"^\d{1,10}$", error="not a PMID"))
    title = fields.String(allow_none=True, load_default=None, validate=validate.Length(1, 500))
    author = fields.String(allow_none=True, load_default=None, validate=validate.Length(1, 300))
    isbn = fields.String(allow_none=True, load_default=None,
                         validate=validate.Regexp(r"^[\d-]{9,16}[\dXx]$", error="not an ISBN"))

    @ma.post_load
    def _make(self, data, **kwargs):
        return model.Citation(**data)


class DeliverySchema(Strict):
    primary = fields.String(load_default="EMAIL_PDF",
                            validate=validate.OneOf(model.DELIVERY_METHODS))
    alternates = fields.List(fields.String(validate=validate.OneOf(model.DELIVERY_METHODS)),
                             load_default=list, validate=validate.Length(max=10))

    @ma.post_load
    def _make(self, data, **kwargs):
        return model.Delivery(data["primary"], tuple(data["alternates"]))


class PolicySchema(Strict):
    """Extensions to DOCLINE 6 routing, all off by default."""

    honour_max_cost = Boolean(load_default=False, metadata={
        "description": "Skip lenders whose base fee exceeds max_cost (reason COST)."})
    resource_library_stage = Boolean(load_default=False, metadata={
        "description": "DOCLINE 1-5 Resource Library stage before NLM (via RESOURCE)."})
    load_aware = Boolean(load_default=False, metadata={
        "description": "Within a cell, fewest requests received in the last 7 days first."})
    predictive = Boolean(load_default=False, metadata={
        "description": "Within a cell (never across cells, never past 20), the lenders most "
                       "likely to fill quickly first, learned from the last year's request "
                       "history at this service level; each lender says why (`why`)."})


LIBIDS = fields.List(fields.String(validate=LIBID), load_default=list,
                     validate=validate.Length(max=500))


_POLICY = PolicySchema()  # one for every request: a schema per call is cyclic garbage


class RoutingRequestSchema(Strict):
    borrower = fields.String(required=True, validate=LIBID)
    citation = fields.Nested(CitationSchema, required=True)
    service_level = fields.String(load_default="NORMAL",
                                  validate=validate.OneOf(model.SERVICE_LEVELS))
    delivery = fields.Nested(DeliverySchema, load_default=lambda: model.Delivery())
    format = fields.String(load_default="ANY", validate=validate.OneOf(model.REQUEST_FORMATS))
    efts_only = Boolean(load_default=False)
    direct_to = fields.String(allow_none=True, load_default=None, validate=LIBID)
    cells = fields.List(Integer(validate=validate.Range(1, 9)),
                        load_default=lambda: list(model.CELLS), validate=validate.Length(max=9))
    route_to_nlm = Boolean(load_default=True)
    all_other_libraries = Boolean(load_default=False)
    do_not_route = LIBIDS
    exclude = fields.List(fields.String(validate=LIBID), load_default=list,
                          validate=validate.Length(max=500))
    max_cost = Float(allow_none=True, load_default=None, validate=FEE)
    at = Instant(allow_none=True, load_default=None,
                       metadata={"description": "When to route; default now. Needs an offset."})
    seed = Integer(allow_none=True, load_default=None,
                          validate=validate.Range(-(2**63), 2**63 - 1))
    explain = Boolean(load_default=False)
    manual = Boolean(load_default=False, metadata={
        "description": "Manual (M/A/N) routing for books, audiovisuals and titles with no NLM "
                       "record: the borrower's manual map in row order, then NLM."})
    loan = Boolean(load_default=False, metadata={
        "description": "An Original (loan) request: delivery methods are not checked."})
    need_by = Day(allow_none=True, load_default=None)
    policy = fields.Nested(PolicySchema, load_default=lambda: _POLICY.load({}))

    @ma.validates_schema
    def _citation_names_a_title(self, data, **kwargs):
        citation = data.get("citation")
        if citation is None or data.get("manual"):
            return
        if not (citation.nlm_uid or citation.issn or citation.title or citation.isbn):
            raise ma.ValidationError("give nlm_uid, issn or title (or set manual)", "citation")
        if citation.isbn is None and citation.year is None and citation.volume is None:
            raise ma.ValidationError("give the year or the volume to check holdings", "citation")

    @ma.post_load
    def _make(self, data, **kwargs):
        policy = data.pop("policy")
        data["at"] = data["at"] or dt.datetime.now(dt.UTC)
        for name in ("cells", "do_not_route", "exclude"):
            data[name] = tuple(data[name])
        data["cells"] = tuple(sorted(set(data["cells"])))
        return {"request": model.RoutingRequest(**data), "policy": policy}


class TitleSchema(Strict):
    nlm_uid = fields.String()
    title = fields.String()


class LenderSchema(Strict):
    libid = fields.String()
    name = fields.String()
    via = fields.String(metadata={"description": "DIRECT|CELL|RESOURCE|NLM|ALL_OTHER|MANUAL"})
    cell = Integer(allow_none=True)
    delivery = fields.String(allow_none=True)
    matched_on = fields.String(metadata={"description": "VOLUME|YEAR|BOTH|NOT_CHECKED"})
    via_title_change = fields.Nested(TitleSchema, allow_none=True, metadata={
        "description": "The title this one continues or is continued by, when the match "
                       "came through its holdings (years only, H9)."})
    why = fields.String(metadata={
        "description": "with the predictive policy: what the history says of the lender, "
                       "e.g. 'filled 92% of 120 requests, median 6 h'"})


class SkipSchema(Strict):
    libid = fields.String()
    via = fields.String()
    cell = Integer(allow_none=True)
    reason = fields.String(metadata={"description": "|".join(model.SKIP_REASONS)})
    via_title_change = fields.Nested(TitleSchema, allow_none=True, metadata={
        "description": "Its only holdings checked were of this related title (years only)."})


class UnderstoodCitationSchema(Strict):
    """The citation as routing understood it."""

    nlm_uid = fields.String(allow_none=True, metadata={
        "description": "The serial it names; null when not in the network (manual map)."})
    title = fields.String(allow_none=True)
    issn = fields.String(allow_none=True)
    year = Integer(allow_none=True)
    volume = fields.String(allow_none=True, metadata={
        "description": "The volume as cleaned for holdings checks (\"v.16\" -> \"16\")."})
    matched_by = fields.String(metadata={
        "description": "NLM_UID|ISSN|TITLE|ABBREVIATION|MANUAL (the manual map: a book, or "
                       "a title not in the network)"})


class LenderSequenceSchema(Strict):
    lenders = fields.List(fields.Nested(LenderSchema))
    skipped = fields.List(fields.Nested(SkipSchema),
                          metadata={"description": "Only when explain is true."})
    title = fields.Nested(TitleSchema, allow_none=True)
    citation = fields.Nested(UnderstoodCitationSchema)
    notes = fields.List(fields.String(), metadata={
        "description": "How the request was routed when not by its title's holdings as asked "
                       "(an NLM-only borrower; the manual map for a title not in the network)."})
    network_version = network_version()
