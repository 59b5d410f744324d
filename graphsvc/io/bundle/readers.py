"""What a bundle's records may hold: a reader for each kind of field (a JSON value to a model
value, or :class:`BadValue`) and each section's record layout built from them.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Iterable

from graphsvc import fields
from graphsvc.fields import (
    CONTACT_TEXT_MAX, EMAIL, GROUP_CODE, ISSN, LIBID, NLM_UID, PHONE, POSTAL_CODE, STATES, WEBSITE,
)
from graphsvc.model import (
    DELIVERY_METHODS, GROUP_KINDS, HOLDING_FORMATS, LIBRARY_TYPES, MAX_PER_CELL, PARTICIPATION,
    PATRON_CATEGORIES, DateRange, Group, Holding, Library, Range, Region, RoutingTable, Serial,
)

SECTIONS = ("regions", "libraries", "groups", "serials", "holdings", "routing_tables")


class BadValue(Exception):
    """A value that cannot be read; ``part`` names the bad piece inside the field."""

    def __init__(self, message: str, part: str = ""):
        super().__init__(message)
        self.message = message
        self.part = part


# --- field readers: value -> model value, or raise BadValue -----------------------------

def json_kind(value) -> str:
    """What JSON calls the type of ``value`` ("a string", "null", ...), for messages."""
    kinds = ((bool, "a boolean"), (int, "a number"), (float, "a number"), (str, "a string"),
             (list, "an array"), (dict, "an object"))
    return next((name for t, name in kinds if isinstance(value, t)), "null")


def _text(value) -> str:
    if not isinstance(value, str):
        raise BadValue(f"must be a string, got {json_kind(value)}")
    return value


def _short_text(value) -> str:
    if len(_text(value)) > CONTACT_TEXT_MAX:
        raise BadValue(f"must be at most {CONTACT_TEXT_MAX} characters")
    return value


def _name(value) -> str:
    if not _text(value).strip():
        raise BadValue("must not be empty")
    return value


def _pattern(regex: re.Pattern, what: str) -> Callable:
    def read(value) -> str:
        if not regex.match(_text(value)):
            raise BadValue(f"{value!r} is not a valid {what}")
        return value
    return read


def _code(vocabulary: Iterable[str], what: str) -> Callable:
    allowed = tuple(vocabulary)

    def read(value) -> str:
        if _text(value) not in allowed:
            raise BadValue(f"unknown {what} {value!r}; expected one of {', '.join(allowed)}")
        return value
    return read


def _boolean(value) -> bool:
    if not isinstance(value, bool):
        raise BadValue(f"must be true or false, got {json_kind(value)}")
    return value


def _whole(bounds: fields.Bounds) -> Callable:
    def read(value) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise BadValue(f"must be a whole number, got {json_kind(value)}")
        _within(bounds, value)
        return value
    return read


def _number(bounds: fields.Bounds) -> Callable:
    def read(value) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value):
            raise BadValue(f"must be a number, got {json_kind(value)}")
        _within(bounds, value)
        return float(value)
    return read


def _within(bounds: fields.Bounds, value) -> None:
    problem = bounds.problem(value)
    if problem:
        raise BadValue(problem)


def _optional(read: Callable) -> Callable:
    return lambda value: None if value is None else read(value)


def _list(read: Callable) -> Callable:
    def read_all(value) -> tuple:
        if not isinstance(value, list):
            raise BadValue(f"must be an array, got {json_kind(value)}")
        items = []
        for i, item in enumerate(value):
            try:
                items.append(read(item))
            except BadValue as bad:
                raise BadValue(bad.message, f"[{i}]{bad.part}") from None
        return tuple(items)
    return read_all


def _date(value) -> dt.date:
    try:
        day = dt.date.fromisoformat(_text(value))
    except ValueError:
        raise BadValue(f"{value!r} is not a date (YYYY-MM-DD)") from None
    problem = fields.day_problem(day)
    if problem:
        raise BadValue(problem)
    return day


def _timezone(value) -> str:
    if _text(value) not in fields.timezones():
        raise BadValue(f"unknown timezone {value!r}")
    return value


def _state(value) -> str:
    if _text(value) not in STATES:
        raise BadValue(f"unknown state {value!r}")
    return value


def _object(value, fields: dict[str, Callable]) -> dict:
    """Read a small nested object whose fields are all optional."""
    if not isinstance(value, dict):
        raise BadValue(f"must be an object, got {json_kind(value)}")
    unknown = sorted(set(value) - set(fields))
    if unknown:
        raise BadValue(f"unknown field {unknown[0]!r}", f".{unknown[0]}")
    read = {}
    for name, reader in fields.items():
        try:
            read[name] = reader(value.get(name))
        except BadValue as bad:
            raise BadValue(bad.message, f".{name}{bad.part}") from None
    return read


def _volume(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        if value < 0:
            raise BadValue(f"a volume number is not negative, got {fields.shown(value)}")
        value = str(value)
    if not _text(value).strip():
        raise BadValue("must be null or a volume, not an empty string")
    problem = fields.volume_problem(value)
    if problem:
        raise BadValue(problem)
    return value


_YEAR = _optional(_whole(fields.YEAR))
RANGE_FIELDS = {"begin_volume": _volume, "end_volume": _volume,
                 "begin_year": _YEAR, "end_year": _YEAR}


def _range(value) -> Range:
    r = Range(**_object(value, RANGE_FIELDS))
    if r.begin_year is not None and r.end_year is not None and r.begin_year > r.end_year:
        raise BadValue(f"begin_year {r.begin_year} is after end_year {r.end_year}", ".begin_year")
    if fields.volumes_reversed(r.begin_volume, r.end_volume):
        raise BadValue(f"begin_volume {r.begin_volume} is after end_volume {r.end_volume}",
                   ".begin_volume")
    return r


def _required_date(value) -> dt.date:
    if value is None:
        raise BadValue("is required")
    return _date(value)


def _date_range(value) -> DateRange:
    period = DateRange(**_object(value, {"start": _required_date, "end": _required_date}))
    if period.start > period.end:
        raise BadValue(f"start {period.start} is after end {period.end}", ".start")
    return period


_ENTRY = _pattern(fields.ROUTING_ENTRY, "LIBID or group code")


def _cells(value) -> dict[int, tuple[str, ...]]:
    if not isinstance(value, dict):
        raise BadValue(f"must be an object of cell number -> entries, got {json_kind(value)}")
    cells = {}
    for key, entries in value.items():
        if not (isinstance(key, str) and fields.is_whole_number(key) and len(key) <= 2
                and 1 <= int(key) <= 9):
            raise BadValue(f"cell {key!r} is not a cell number 1-9", f".{key}")
        try:
            cells[int(key)] = _list(_ENTRY)(entries)
        except BadValue as bad:
            raise BadValue(bad.message, f".{key}{bad.part}") from None
        if len(cells[int(key)]) > MAX_PER_CELL:
            raise BadValue(f"cell {key} has {len(entries)} entries; at most {MAX_PER_CELL}",
                           f".{key}")
    return cells


# --- record layouts: section -> (record class, {field: (reader, required)}) ---------------

_LIBID = _pattern(LIBID, "LIBID (two letters, U/C/X, three letters)")
_NLM_UID = _pattern(NLM_UID, "NLM Unique ID")
_GROUP = _pattern(GROUP_CODE, "group code (a letter then 1-9 letters, digits, _ or -)")
_REQUIRED, _OPTIONAL = True, False

LAYOUTS: dict[str, tuple[type, dict[str, tuple[Callable, bool]]]] = {
    "regions": (Region, {
        "code": (_name, _REQUIRED), "name": (_name, _REQUIRED),
        "states": (_list(_state), _OPTIONAL), "rml": (_optional(_LIBID), _OPTIONAL)}),
    "libraries": (Library, {
        "libid": (_LIBID, _REQUIRED), "name": (_name, _REQUIRED),
        "type": (_code(LIBRARY_TYPES, "library type"), _OPTIONAL),
        "participation": (_code(PARTICIPATION, "participation"), _OPTIONAL),
        "city": (_text, _OPTIONAL), "state": (_state, _OPTIONAL),
        "zip": (_pattern(POSTAL_CODE, "ZIP or postal code"), _OPTIONAL),
        "lat": (_optional(_number(fields.LATITUDE)), _OPTIONAL),
        "lon": (_optional(_number(fields.LONGITUDE)), _OPTIONAL),
        "timezone": (_timezone, _OPTIONAL),
        "delivery_methods": (_list(_code(DELIVERY_METHODS, "delivery method")), _OPTIONAL),
        "fills_rush": (_boolean, _OPTIONAL), "fills_urgent": (_boolean, _OPTIONAL),
        "efts": (_boolean, _OPTIONAL),
        "serves": (_list(_code(PATRON_CATEGORIES, "serves category")), _OPTIONAL),
        "subjects": (_list(_name), _OPTIONAL),
        "base_fee": (_optional(_number(fields.FEE)), _OPTIONAL),
        "out_of_office": (_list(_date_range), _OPTIONAL),
        "address": (_short_text, _OPTIONAL),
        "phone": (_pattern(PHONE, "phone number"), _OPTIONAL),
        "email": (_pattern(EMAIL, "email address"), _OPTIONAL),
        "website": (_pattern(WEBSITE, "web page (http:// or https:// URL)"), _OPTIONAL),
        "hours": (_short_text, _OPTIONAL)}),
    "groups": (Group, {
        "code": (_GROUP, _REQUIRED), "name": (_name, _REQUIRED),
        "kind": (_code(GROUP_KINDS, "group kind"), _OPTIONAL),
        "members": (_list(_LIBID), _OPTIONAL), "serves_states": (_list(_state), _OPTIONAL)}),
    "serials": (Serial, {
        "nlm_uid": (_NLM_UID, _REQUIRED), "title": (_name, _REQUIRED),
        "issns": (_list(_pattern(ISSN, "ISSN")), _OPTIONAL),
        "continues": (_optional(_NLM_UID), _OPTIONAL),
        "continued_by": (_optional(_NLM_UID), _OPTIONAL),
        "subjects": (_list(_name), _OPTIONAL),
        "med_abbr": (_optional(_name), _OPTIONAL),
        "iso_abbr": (_optional(_name), _OPTIONAL)}),
    "holdings": (Holding, {
        "libid": (_LIBID, _REQUIRED), "nlm_uid": (_NLM_UID, _REQUIRED),
        "format": (_code(HOLDING_FORMATS, "holding format"), _OPTIONAL),
        "ranges": (_list(_range), _OPTIONAL),
        "currently_received": (_boolean, _OPTIONAL),
        "embargo_months": (_whole(fields.EMBARGO_MONTHS), _OPTIONAL),
        "embargo_years": (_whole(fields.EMBARGO_YEARS), _OPTIONAL),
        "issns_as_written": (_text, _OPTIONAL),
        "last_modified": (_optional(_date), _OPTIONAL),
        "retention_policy": (_name, _OPTIONAL),
        "limited_retention_period": (_whole(fields.RETENTION_PERIOD), _OPTIONAL),
        "limited_retention_type": (_name, _OPTIONAL),
        "has_epub_ahead_of_print": (_boolean, _OPTIONAL),
        "has_supplements": (_boolean, _OPTIONAL),
        "ignore_warnings": (_boolean, _OPTIONAL)}),
    "routing_tables": (RoutingTable, {
        "libid": (_LIBID, _REQUIRED), "cells": (_cells, _OPTIONAL),
        "do_not_route": (_list(_LIBID), _OPTIONAL),
        "manual_map": (_list(_LIBID), _OPTIONAL)}),
}
