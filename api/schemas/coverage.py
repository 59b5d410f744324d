"""Schemas of coverage: one title's holders by year, summaries, what-if, library maps."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import fields, validate

from api.schemas.network import Strict
from api.schemas.rules import (LIBID, NLM_UID, REGION, STATE, Boolean, Day, Float, Integer,
                               QueryString)
from graphsvc.services.coverage import PAGED_LISTS

AT = {"description": "the day of the question: active status, out-of-office periods, the "
                     "open end of ranges and review age are judged on it (default today)"}


# --- queries and bodies ----------------------------------------------------------------------

class AtQuerySchema(QueryString, Strict):
    at = Day(metadata=AT)


class SummaryQuerySchema(QueryString, Strict):
    region = fields.String(validate=REGION, metadata={"description": "a region code; with "
                                                      "state, both narrow the scope"})
    state = fields.String(validate=STATE)
    at = Day(metadata=AT)
    max_listed = Integer(load_default=100, validate=validate.Range(0, 10_000), metadata={
        "description": "how many titles held only outside the scope to list (all are counted)"})
    offset = Integer(load_default=0, validate=validate.Range(0, 10_000_000), metadata={
        "description": "the first item of each long list to give (see `totals`)"})
    limit = Integer(load_default=100, validate=validate.Range(1, 10_000), metadata={
        "description": "how many items of each long list to give"})


class GeoJSONQuerySchema(QueryString, Strict):
    region = fields.String(validate=REGION)
    nlm_uid = fields.String(validate=NLM_UID, metadata={
        "description": "mark each library with `holds` (any holding of this title, Level 2 "
                       "included) and the `formats` it holds"})
    holders_only = Boolean(load_default=False, metadata={
        "description": "with `nlm_uid`: only the libraries holding the title"})


class TitleSearchQuerySchema(QueryString, Strict):
    q = fields.String(required=True, validate=validate.Length(1, 200), metadata={
        "description": "an NLM Unique ID, an ISSN, or words of the title"})
    limit = Integer(load_default=20, validate=validate.Range(1, 100))


class OfflineSchema(Strict):
    """At least one library, state or region."""

    OPENAPI_RULES = {"anyOf": [{"required": [name], "properties": {name: {"minItems": 1}}}
                               for name in ("libraries", "states", "regions")]}
    libraries = fields.List(fields.String(validate=LIBID), load_default=list,
                            validate=validate.Length(max=10_000))
    states = fields.List(fields.String(validate=STATE), load_default=list,
                         validate=validate.Length(max=60))
    regions = fields.List(fields.String(validate=REGION), load_default=list,
                          validate=validate.Length(max=20))

    @ma.validates_schema
    def _something(self, data, **kwargs):
        if not (data["libraries"] or data["states"] or data["regions"]):
            raise ma.ValidationError("name at least one library, state or region", "libraries")


class WhatIfRequestSchema(Strict):
    """What goes offline: libraries, and every library of some states and regions."""

    offline = fields.Nested(OfflineSchema, required=True)
    at = Day(metadata=AT)
    max_listed = Integer(load_default=200, validate=validate.Range(0, 10_000), metadata={
        "description": "how many titles each of `lost` and `dropped_to_one` lists "
                       "(all are counted)"})
    backups_per_title = Integer(load_default=3, validate=validate.Range(0, 20))


# --- one title -------------------------------------------------------------------------------

class TitleMatchSchema(Strict):
    nlm_uid = fields.String()
    title = fields.String()
    holders = Integer(metadata={"description": "libraries holding it above Level 2"})


class TitleMatchesSchema(Strict):
    titles = fields.List(fields.Nested(TitleMatchSchema))


class HoldingRangeSchema(Strict):
    begin_volume = fields.String(allow_none=True)
    end_volume = fields.String(allow_none=True)
    begin_year = Integer(allow_none=True)
    end_year = Integer(allow_none=True)


class HolderSchema(Strict):
    libid = fields.String()
    name = fields.String()
    state = fields.String()
    region = fields.String(allow_none=True)
    format = fields.String()
    ranges = fields.List(fields.Nested(HoldingRangeSchema))
    active = Boolean(metadata={"description": "counts as a holder: an active library "
                                                     "(FULL, not out of office, not NLM) and "
                                                     "not Level 2"})
    level_2 = Boolean()
    inactive_reason = fields.String(allow_none=True, metadata={
        "description": "CLOSED, NON_PARTICIPANT, NLM_ONLY, BORROW_ONLY, OUT_OF_OFFICE or NLM"})


class YearCountSchema(Strict):
    year = Integer()
    holders = Integer(metadata={"description": "active holders that year"})
    by_region = fields.Dict(keys=fields.String(), values=Integer(), metadata={
        "description": "active holders that year per region code (regions with none left out)"})


class YearHolderSchema(Strict):
    year = Integer()
    libid = fields.String()


class RegionYearsSchema(Strict):
    region = fields.String()
    gap_years = fields.List(Integer(), metadata={
        "description": "years with no active holder in the region"})
    single_holder_years = fields.List(Integer(), metadata={
        "description": "years with exactly one active holder in the region"})


class SerialCoverageSchema(Strict):
    nlm_uid = fields.String()
    title = fields.String()
    at = Day()
    first_year = Integer(allow_none=True, metadata={
        "description": "the earliest year any holder states; years run from it to `at`"})
    last_year = Integer(allow_none=True)
    active_holders = Integer()
    holders = fields.List(fields.Nested(HolderSchema))
    years = fields.List(fields.Nested(YearCountSchema))
    gap_years = fields.List(Integer(), metadata={"description": "no active holder"})
    single_holder_years = fields.List(fields.Nested(YearHolderSchema), metadata={
        "description": "years with exactly one active holder, and which"})
    regions = fields.List(fields.Nested(RegionYearsSchema))


# --- a region or state -------------------------------------------------------------------------

class SingleHolderTitleSchema(Strict):
    nlm_uid = fields.String()
    title = fields.String()
    libid = fields.String(metadata={"description": "the only active holder in the network"})


class NotReviewedSchema(Strict):
    libid = fields.String()
    name = fields.String()
    last_reviewed = Day(allow_none=True, metadata={
        "description": "the newest last_modified of its holdings; null when never"})


class Level2Schema(Strict):
    libid = fields.String()
    nlm_uid = fields.String()
    format = fields.String()


class RoutingProblemSchema(Strict):
    borrower = fields.String()
    cell = Integer()
    entry = fields.String(metadata={"description": "the table entry (a library or group)"})
    library = fields.String(metadata={"description": "the entry, or the group member"})
    problem = fields.String(metadata={"description": "CLOSED, NON_PARTICIPANT, NLM_ONLY, "
                                                     "BORROW_ONLY, OUT_OF_OFFICE, NLM or "
                                                     "UNKNOWN"})


class BelowStandardSchema(Strict):
    libid = fields.String()
    name = fields.String()
    fill_rate = Float()
    received = Integer()


SummaryTotalsSchema = Strict.from_dict({name: Integer() for name in PAGED_LISTS},
                                       name="SummaryTotalsSchema")


class SummarySchema(Strict):
    region = fields.String(allow_none=True)
    state = fields.String(allow_none=True)
    at = Day()
    libraries = Integer()
    titles = Integer(metadata={"description": "titles held by the scope (any level)"})
    holdings = Integer()
    single_holder_titles = fields.List(fields.Nested(SingleHolderTitleSchema), metadata={
        "description": "titles whose only active holder in the whole network is in scope"})
    titles_held_only_outside = Integer(metadata={
        "description": "titles held in the network by no library of the scope"})
    titles_held_only_outside_listed = fields.List(fields.String())
    not_reviewed = fields.List(fields.Nested(NotReviewedSchema), metadata={
        "description": "libraries whose holdings were not reviewed within a year (H10)"})
    level_2_holdings = fields.List(fields.Nested(Level2Schema))
    routing_problems = fields.List(fields.Nested(RoutingProblemSchema), metadata={
        "description": "scope routing tables pointing at closed or inactive libraries"})
    below_standard = fields.List(fields.Nested(BelowStandardSchema), metadata={
        "description": "RML and Resource libraries below the 75% fill rate over the year "
                       "of request history up to `at`"})
    performance_from = Day(metadata={"description": "first day of that year"})
    lenders_with_requests = Integer(metadata={
        "description": "lenders with received requests in that year (0: no history)"})
    totals = fields.Nested(SummaryTotalsSchema, metadata={
        "description": "how many items each long list has in all; each list holds only the "
                       "items `offset` to `offset + limit`"})
    offset = Integer()
    limit = Integer()


# --- what-if -----------------------------------------------------------------------------------

class YearRunSchema(Strict):
    first = Integer()
    last = Integer()
    libid = fields.String(allow_none=True, metadata={
        "description": "the one holder left (runs that drop to one)"})


class BackupSchema(Strict):
    libid = fields.String()
    name = fields.String()
    state = fields.String()
    distance_km = Float(allow_none=True, metadata={
        "description": "from the centroid of the offline libraries"})


class TitleImpactSchema(Strict):
    nlm_uid = fields.String()
    title = fields.String()
    holders_before = Integer()
    holders_after = Integer()
    last_holder_lost = Boolean()
    dropped_to_one = Boolean()
    lost_years = fields.List(fields.Nested(YearRunSchema))
    single_years = fields.List(fields.Nested(YearRunSchema))
    backups = fields.List(fields.Nested(BackupSchema), metadata={
        "description": "nearest remaining active holders of the title"})


class BorrowerImpactSchema(Strict):
    libid = fields.String()
    name = fields.String()
    lenders_before = Integer()


class OfflineLibrarySchema(Strict):
    libid = fields.String()
    name = fields.String()
    state = fields.String()
    region = fields.String(allow_none=True)
    lat = Float(allow_none=True)
    lon = Float(allow_none=True)


class AreaSchema(Strict):
    libraries = fields.List(fields.Nested(OfflineLibrarySchema))
    states = fields.List(fields.String())
    regions = fields.List(fields.String())
    centroid = fields.List(Float(), allow_none=True, metadata={
        "description": "[lat, lon] of the offline libraries"})


class WhatIfCountsSchema(Strict):
    offline_libraries = Integer()
    titles_affected = Integer()
    titles_losing_last_holder = Integer()
    titles_losing_years = Integer()
    title_years_lost = Integer()
    titles_dropping_to_one = Integer()
    title_years_dropping_to_one = Integer()
    borrowers_cut_off_in_cells_1_3 = Integer()
    borrowers_cut_off = Integer()


class WhatIfSchema(Strict):
    at = Day()
    area = fields.Nested(AreaSchema)
    counts = fields.Nested(WhatIfCountsSchema)
    lost = fields.List(fields.Nested(TitleImpactSchema), metadata={
        "description": "titles with years that lose their last active holder"})
    dropped_to_one = fields.List(fields.Nested(TitleImpactSchema), metadata={
        "description": "titles with years going from two or more holders to one"})
    borrowers_cut_off_in_cells_1_3 = fields.List(fields.Nested(BorrowerImpactSchema))
    borrowers_cut_off = fields.List(fields.Nested(BorrowerImpactSchema))


# --- maps --------------------------------------------------------------------------------------

class FeatureSchema(Strict):
    type = fields.String()
    id = fields.String()
    geometry = fields.Dict()
    properties = fields.Dict()


class FeatureCollectionSchema(Strict):
    """An RFC 7946 FeatureCollection of Points ([lon, lat])."""

    type = fields.String()
    features = fields.List(fields.Nested(FeatureSchema))


class TitleChangeQuerySchema(QueryString, Strict):
    libid = fields.String(validate=LIBID)


class TitleChangeSchema(Strict):
    libid = fields.String()
    nlm_uid = fields.String(metadata={"description": "The title that ceased"})
    title = fields.String()
    successor = fields.String(metadata={"description": "NLM Unique ID of the continuing title"})
    successor_title = fields.String()
    format = fields.String()
    problems = fields.List(fields.String(), metadata={
        "description": "OPEN_ENDED | CURRENTLY_RECEIVED | NO_SUCCESSOR_HOLDING"})


class TitleChangesSchema(Strict):
    holdings = fields.List(fields.Nested(TitleChangeSchema))


class LastCopySchema(Strict):
    nlm_uid = fields.String()
    title = fields.String()
    libid = fields.String(metadata={"description": "the one active holder"})


class RegionLastCopiesSchema(Strict):
    region = fields.String(allow_none=True)
    titles = Integer(metadata={"description": "titles whose only holder is here"})
    libraries = Integer(metadata={"description": "libraries holding such a title"})
    listed = fields.List(fields.Nested(LastCopySchema))


class LastCopiesSchema(Strict):
    at = Day()
    regions = fields.List(fields.Nested(RegionLastCopiesSchema))
