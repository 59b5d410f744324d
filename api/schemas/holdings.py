"""Schemas of a library's holdings (JSON list) and of a holdings import's outcome."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import fields, validate

from api.schemas.network import LastCopyWarningSchema, Strict
from api.schemas.rules import ISSN, LIBID, NLM_UID, YEAR, Boolean, Day, Integer, within
from graphsvc import fields as rules
from graphsvc import model

VOLUME = validate.Length(1, rules.VOLUME_LENGTH)


class RangeSchema(Strict):
    begin_volume = fields.String(allow_none=True, load_default=None, validate=VOLUME)
    end_volume = fields.String(allow_none=True, load_default=None, validate=VOLUME)
    begin_year = Integer(allow_none=True, load_default=None, validate=YEAR)
    end_year = Integer(allow_none=True, load_default=None, validate=YEAR)

    @ma.validates_schema
    def _order(self, data, **kwargs):
        if None not in (data["begin_year"], data["end_year"]) and \
                data["begin_year"] > data["end_year"]:
            raise ma.ValidationError("begin_year is after end_year", "end_year")

    @ma.post_load
    def _make(self, data, **kwargs):
        return model.Range(**data)


class HoldingSchema(Strict):
    """One holding; ``title`` and ``issns`` (as read back) are informative only: an upload never
    creates or changes a serial, and items of titles the network lacks come back unmatched."""

    libid = fields.String(validate=LIBID, metadata={"description": "must equal the path's"})
    nlm_uid = fields.String(required=True, validate=NLM_UID)
    title = fields.String(validate=validate.Length(1, rules.TITLE_LENGTH))
    issns = fields.List(fields.String(validate=ISSN))
    format = fields.String(load_default="PRINT", validate=validate.OneOf(model.HOLDING_FORMATS))
    ranges = fields.List(fields.Nested(RangeSchema), load_default=list,
                         validate=validate.Length(max=200))
    currently_received = Boolean(load_default=False)
    embargo_months = Integer(load_default=0, validate=within(rules.EMBARGO_MONTHS))
    embargo_years = Integer(load_default=0, validate=within(rules.EMBARGO_YEARS), metadata={
        "description": "a calendar-year embargo (KBART P<n>Y): the current year and the "
                       "n-1 before it are not available"})
    last_modified = Day(allow_none=True, load_default=None)
    retention_policy = fields.String(load_default="Permanently Retained", validate=validate.OneOf(
        ("Permanently Retained", "Limited Period Only")))
    limited_retention_period = Integer(load_default=0,
                                              validate=within(rules.RETENTION_PERIOD))
    limited_retention_type = fields.String(load_default="Years", validate=validate.OneOf(
        ("Years", "Months", "Editions")))
    has_epub_ahead_of_print = Boolean(load_default=False)
    has_supplements = Boolean(load_default=False)
    ignore_warnings = Boolean(load_default=False)

    @ma.post_load
    def _tuples(self, data, **kwargs):
        data["ranges"] = tuple(data["ranges"])
        return data


_HOLDING_FIELDS = tuple(HoldingSchema._declared_fields)
_RANGE_FIELDS = tuple(RangeSchema._declared_fields)


def holdings_body(holdings: list[dict]) -> list[dict]:
    """``HoldingSchema(many=True).dump(holdings)``, made directly (same keys, same order): a
    library's 5,000 holdings in a fraction of the time (the GET of the largest library spent
    100 ms dumping). Every field holds a JSON value as it is, but ``ranges`` (dicts of plain
    values) and ``last_modified`` (a date or None).

    ``holdings`` are :func:`graphsvc.services.get_holdings`'s.
    """
    def dumped(item: dict) -> dict:
        body = {name: item[name] for name in _HOLDING_FIELDS if name in item}
        body["ranges"] = [{key: r[key] for key in _RANGE_FIELDS} for r in body["ranges"]]
        if body["last_modified"] is not None:
            body["last_modified"] = body["last_modified"].isoformat()
        return body

    return [dumped(item) for item in holdings]


class UnmatchedTitleSchema(Strict):
    """A line (file) or item (JSON ``position``) naming a title the network does not know."""

    line = Integer()
    position = Integer()
    nlm_uid = fields.String()
    title = fields.String()
    issns = fields.List(fields.String())


class SkippedLineSchema(Strict):
    line = Integer()
    title = fields.String()
    reason = fields.String()


class HoldingsImportSchema(Strict):
    """What a holdings replacement read and wrote (file fields only for files)."""

    libid = fields.String()
    format = fields.String(metadata={"description": "DOCLINE, KBART or absent for JSON"})
    holdings = Integer(metadata={"description": "holdings the library has now"})
    ranges = Integer()
    holdings_removed = Integer(metadata={"description": "holdings replaced"})
    holding_rows = Integer()
    range_rows = Integer()
    deletions = Integer()
    rows = Integer()
    matched_rows = Integer()
    unmatched = fields.List(fields.Nested(UnmatchedTitleSchema))
    skipped = fields.List(fields.Nested(SkippedLineSchema))
    dry_run = Boolean(metadata={"description": "true: nothing was written"})
    unchanged = Boolean(metadata={
        "description": "true: the holdings equal the stored ones; only the upload was recorded "
                       "(no new network version)"})
    warnings = fields.List(fields.Nested(LastCopyWarningSchema), metadata={
        "description": "titles and years the change leaves with no active holder, or a "
                       "single one, in the network or in the library's region"})

