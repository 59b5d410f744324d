"""The network bundle: a whole network as JSON (api.md "Network bundle").

:func:`load_bundle` reads and validates a bundle, reporting every bad record at once;
:func:`dump_bundle` writes one. Fields at their default value are left out of a dump, and
records keep their order, so ``load_bundle(dump_bundle(n)) == n``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re
from collections.abc import Callable, Iterable
from functools import cache

from graphsvc import fields
from graphsvc.errors import InvalidInput
from graphsvc.fields import (
    CONTACT_TEXT_MAX, EMAIL, GROUP_CODE, ISSN, LIBID, MAX_MANUAL_ROWS, NLM_UID, PHONE, POSTAL_CODE,
    STATES, WEBSITE,
)
from graphsvc.model import (
    DELIVERY_METHODS, GROUP_KINDS, HOLDING_FORMATS, LIBRARY_TYPES, MAX_PER_CELL, PARTICIPATION,
    PATRON_CATEGORIES, DateRange, Group, Holding, Library, Network, Range, Region, RoutingTable,
    Serial,
)

SECTIONS = ("regions", "libraries", "groups", "serials", "holdings", "routing_tables")


class _Bad(Exception):
    """A value that cannot be read; ``part`` names the bad piece inside the field."""

    def __init__(self, message: str, part: str = ""):
        super().__init__(message)
        self.message = message
        self.part = part


# --- field readers: value -> model value, or raise _Bad ---------------------------------

def _json_kind(value) -> str:
    kinds = ((bool, "a boolean"), (int, "a number"), (float, "a number"), (str, "a string"),
             (list, "an array"), (dict, "an object"))
    return next((name for t, name in kinds if isinstance(value, t)), "null")


def _text(value) -> str:
    if not isinstance(value, str):
        raise _Bad(f"must be a string, got {_json_kind(value)}")
    return value


def _short_text(value) -> str:
    if len(_text(value)) > CONTACT_TEXT_MAX:
        raise _Bad(f"must be at most {CONTACT_TEXT_MAX} characters")
    return value


def _name(value) -> str:
    if not _text(value).strip():
        raise _Bad("must not be empty")
    return value


def _pattern(regex: re.Pattern, what: str) -> Callable:
    def read(value) -> str:
        if not regex.match(_text(value)):
            raise _Bad(f"{value!r} is not a valid {what}")
        return value
    return read


def _code(vocabulary: Iterable[str], what: str) -> Callable:
    allowed = tuple(vocabulary)

    def read(value) -> str:
        if _text(value) not in allowed:
            raise _Bad(f"unknown {what} {value!r}; expected one of {', '.join(allowed)}")
        return value
    return read


def _boolean(value) -> bool:
    if not isinstance(value, bool):
        raise _Bad(f"must be true or false, got {_json_kind(value)}")
    return value


def _whole(bounds: fields.Bounds) -> Callable:
    def read(value) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise _Bad(f"must be a whole number, got {_json_kind(value)}")
        _within(bounds, value)
        return value
    return read


def _number(bounds: fields.Bounds) -> Callable:
    def read(value) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value):
            raise _Bad(f"must be a number, got {_json_kind(value)}")
        _within(bounds, value)
        return float(value)
    return read


def _within(bounds: fields.Bounds, value) -> None:
    problem = bounds.problem(value)
    if problem:
        raise _Bad(problem)


def _optional(read: Callable) -> Callable:
    return lambda value: None if value is None else read(value)


def _list(read: Callable) -> Callable:
    def read_all(value) -> tuple:
        if not isinstance(value, list):
            raise _Bad(f"must be an array, got {_json_kind(value)}")
        items = []
        for i, item in enumerate(value):
            try:
                items.append(read(item))
            except _Bad as bad:
                raise _Bad(bad.message, f"[{i}]{bad.part}") from None
        return tuple(items)
    return read_all


def _date(value) -> dt.date:
    try:
        day = dt.date.fromisoformat(_text(value))
    except ValueError:
        raise _Bad(f"{value!r} is not a date (YYYY-MM-DD)") from None
    problem = fields.day_problem(day)
    if problem:
        raise _Bad(problem)
    return day


def _timezone(value) -> str:
    if _text(value) not in fields.timezones():
        raise _Bad(f"unknown timezone {value!r}")
    return value


def _state(value) -> str:
    if _text(value) not in STATES:
        raise _Bad(f"unknown state {value!r}")
    return value


def _object(value, fields: dict[str, Callable]) -> dict:
    """Read a small nested object whose fields are all optional."""
    if not isinstance(value, dict):
        raise _Bad(f"must be an object, got {_json_kind(value)}")
    unknown = sorted(set(value) - set(fields))
    if unknown:
        raise _Bad(f"unknown field {unknown[0]!r}", f".{unknown[0]}")
    read = {}
    for name, reader in fields.items():
        try:
            read[name] = reader(value.get(name))
        except _Bad as bad:
            raise _Bad(bad.message, f".{name}{bad.part}") from None
    return read


def _volume(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        if value < 0:
            raise _Bad(f"a volume number is not negative, got {fields.shown(value)}")
        value = str(value)
    if not _text(value).strip():
        raise _Bad("must be null or a volume, not an empty string")
    problem = fields.volume_problem(value)
    if problem:
        raise _Bad(problem)
    return value


_YEAR = _optional(_whole(fields.YEAR))
_RANGE_FIELDS = {"begin_volume": _volume, "end_volume": _volume,
                 "begin_year": _YEAR, "end_year": _YEAR}


def _range(value) -> Range:
    r = Range(**_object(value, _RANGE_FIELDS))
    if r.begin_year is not None and r.end_year is not None and r.begin_year > r.end_year:
        raise _Bad(f"begin_year {r.begin_year} is after end_year {r.end_year}", ".begin_year")
    if fields.volumes_reversed(r.begin_volume, r.end_volume):
        raise _Bad(f"begin_volume {r.begin_volume} is after end_volume {r.end_volume}",
                   ".begin_volume")
    return r


def _required_date(value) -> dt.date:
    if value is None:
        raise _Bad("is required")
    return _date(value)


def _date_range(value) -> DateRange:
    period = DateRange(**_object(value, {"start": _required_date, "end": _required_date}))
    if period.start > period.end:
        raise _Bad(f"start {period.start} is after end {period.end}", ".start")
    return period


_ENTRY = _pattern(fields.ROUTING_ENTRY, "LIBID or group code")


def _cells(value) -> dict[int, tuple[str, ...]]:
    if not isinstance(value, dict):
        raise _Bad(f"must be an object of cell number -> entries, got {_json_kind(value)}")
    cells = {}
    for key, entries in value.items():
        if not (isinstance(key, str) and fields.is_whole_number(key) and len(key) <= 2
                and 1 <= int(key) <= 9):
            raise _Bad(f"cell {key!r} is not a cell number 1-9", f".{key}")
        try:
            cells[int(key)] = _list(_ENTRY)(entries)
        except _Bad as bad:
            raise _Bad(bad.message, f".{key}{bad.part}") from None
        if len(cells[int(key)]) > MAX_PER_CELL:
            raise _Bad(f"cell {key} has {len(entries)} entries; at most {MAX_PER_CELL}", f".{key}")
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


# --- loading ----------------------------------------------------------------------------

Rows = list[tuple[str, object]]


class _Problems(list):
    def add(self, position: str, field: str, message: str) -> None:
        self.append({"position": position, "field": field, "message": message})


def load_bundle(data: dict, *, known_libids: frozenset[str] = frozenset(),
                known_groups: frozenset[str] = frozenset(),
                known_serials: frozenset[str] = frozenset()) -> Network:
    """Read a network bundle, checking every record and every cross reference.

    Parameters
    ----------
    data : dict
        The parsed JSON bundle; every section is optional.
    known_libids, known_groups, known_serials : frozenset of str, keyword-only
        Records already stored; references to them count as satisfied (for bundles that
        extend a stored network). Group membership (R17) is only checked for groups in
        the bundle.

    Returns
    -------
    Network

    Raises
    ------
    InvalidInput
        Naming every bad record in ``problems`` (``position``, ``field``, ``message``).

    Examples
    --------
    >>> net = load_bundle({"libraries": [{"libid": "ORUPAC", "name": "Pacific"}]})
    >>> net.libraries[0].libid, net.libraries[0].type
    ('ORUPAC', 'PAL')
    >>> load_bundle({"libraries": [{"libid": "ORU1", "name": "x"}]})
    Traceback (most recent call last):
    graphsvc.errors.InvalidInput: bundle has 1 bad record
    """
    problems = _Problems()
    if not isinstance(data, dict):
        problems.add("bundle", "", f"must be an object, got {_json_kind(data)}")
        data = {}
    for key in sorted(set(data) - set(SECTIONS)):
        problems.add("bundle", key, f"unknown section {key!r}; expected {', '.join(SECTIONS)}")
    rows, seen = {}, {}
    for section in SECTIONS:
        rows[section], seen[section] = _read_section(section, data.get(section, []), problems)
    _check_references(rows, problems, known_libids | seen["libraries"],
                      known_groups | seen["groups"], known_serials | seen["serials"])
    if problems:
        bad = len({p["position"] for p in problems})
        msg = f"bundle has {bad} bad record{'' if bad == 1 else 's'}"
        raise InvalidInput(msg, problems=list(problems))
    return Network(**{section: tuple(r for _, r in rows[section]) for section in SECTIONS})


def _read_section(section: str, records, problems: _Problems) -> tuple[Rows, set[str]]:
    """The section's good records, and the keys of every record whose key could be read.

    The keys let references to a record that is bad for another reason count as
    satisfied, so that one bad field is reported once.
    """
    if not isinstance(records, list):
        problems.add(section, "", f"must be an array, got {_json_kind(records)}")
        return [], set()
    record_class, layout = LAYOUTS[section]
    key = next(iter(layout))
    rows, seen = [], set()
    for i, raw in enumerate(records):
        position = f"{section}[{i}]"
        values, complete = _read_record(position, raw, layout, problems)
        if complete:
            rows.append((position, record_class(**values)))
        if key in values:
            seen.add(values[key])
    return rows, seen


def _read_record(position: str, raw, layout: dict, problems: _Problems) -> tuple[dict, bool]:
    """The record's readable fields, and whether every required one is among them."""
    if not isinstance(raw, dict):
        problems.add(position, "", f"must be an object, got {_json_kind(raw)}")
        return {}, False
    values, complete = {}, True
    for name, value in raw.items():
        if name not in layout:
            problems.add(position, name, f"unknown field {name!r}")
            continue
        try:
            values[name] = layout[name][0](value)
        except _Bad as bad:
            problems.add(position, name + bad.part, bad.message)
            complete = complete and not layout[name][1]
    for name, (_, required) in layout.items():
        if required and name not in raw:
            problems.add(position, name, "is required")
            complete = False
    return values, complete


def _check_references(rows: dict[str, Rows], problems: _Problems, libids: set,
                      groups: set, serials: set) -> None:
    keys = {"regions": lambda r: r.code, "libraries": lambda r: r.libid,
            "groups": lambda r: r.code, "serials": lambda r: r.nlm_uid,
            "holdings": lambda h: (h.libid, h.nlm_uid, h.format),
            "routing_tables": lambda t: t.libid}
    fields = {"regions": "code", "libraries": "libid", "groups": "code", "serials": "nlm_uid",
              "holdings": "format", "routing_tables": "libid"}
    for section, key in keys.items():
        _check_unique(rows[section], key, fields[section], problems)
    members: dict[str, set] = {}
    for _, group in rows["groups"]:
        members.setdefault(group.code, set(group.members))
    _check_regions(rows["regions"], libids, problems)
    _check_groups(rows["groups"], libids, problems)
    for position, holding in rows["holdings"]:
        _need(holding.libid in libids, problems, position, "libid",
              f"unknown library {holding.libid!r}")
        _need(holding.nlm_uid in serials, problems, position, "nlm_uid",
              f"unknown serial {holding.nlm_uid!r}")
    for position, table in rows["routing_tables"]:
        _check_table(position, table, libids, groups, members, problems)


def _need(ok: bool, problems: _Problems, position: str, field: str, message: str) -> None:
    if not ok:
        problems.add(position, field, message)


def _check_unique(rows: Rows, key: Callable, field: str, problems: _Problems) -> None:
    first: dict = {}
    for position, record in rows:
        k = key(record)
        if k in first:
            problems.add(position, field, f"duplicate of {first[k]} ({k!r})")
        else:
            first[k] = position


def _check_regions(rows: Rows, libids: set, problems: _Problems) -> None:
    region_of: dict[str, str] = {}
    for position, region in rows:
        _need(region.rml is None or region.rml in libids, problems, position, "rml",
              f"RML {region.rml!r} is not a library")
        for i, state in enumerate(region.states):
            if state in region_of:
                problems.add(position, f"states[{i}]",
                             f"state {state!r} is already in region {region_of[state]!r}")
            region_of.setdefault(state, region.code)


def _check_groups(rows: Rows, libids: set, problems: _Problems) -> None:
    for position, group in rows:
        _need(group.code not in libids, problems, position, "code",
              f"group code {group.code!r} is a LIBID")
        for i, member in enumerate(group.members):
            _need(member in libids, problems, position, f"members[{i}]",
                  f"unknown library {member!r}")


def _check_table(position: str, table: RoutingTable, libids: set, groups: set,
                 members: dict[str, set], problems: _Problems) -> None:
    _need(table.libid in libids, problems, position, "libid", f"unknown library {table.libid!r}")
    cell_of: dict[str, int] = {}
    for cell, entries in sorted(table.cells.items()):
        for i, entry in enumerate(entries):
            field = f"cells.{cell}[{i}]"
            if entry in cell_of:
                problems.add(position, field, f"{entry!r} is already in cell {cell_of[entry]}")
            cell_of.setdefault(entry, cell)
            if entry in members and table.libid not in members[entry]:
                problems.add(position, field, f"{table.libid!r} is not a member of group "
                                              f"{entry!r} (R17)")
            _need(entry in libids or entry in groups, problems, position, field,
                  f"{entry!r} is neither a library nor a group")
    for name in ("do_not_route", "manual_map"):
        for i, libid in enumerate(getattr(table, name)):
            _need(libid in libids, problems, position, f"{name}[{i}]",
                  f"unknown library {libid!r}")
    _need(len(table.manual_map) <= MAX_MANUAL_ROWS, problems, position, "manual_map",
          f"has {len(table.manual_map)} rows; at most {MAX_MANUAL_ROWS} (R25)")


# --- dumping ----------------------------------------------------------------------------

@cache
def _layout_of(record_class: type) -> tuple[tuple[str, object, bool], ...]:
    """(field, default, always written) for each field of a record class."""
    section = next(s for s, (cls, _) in LAYOUTS.items() if cls is record_class)
    layout = LAYOUTS[section][1]
    return tuple((f.name, f.default_factory() if f.default_factory is not dataclasses.MISSING
                  else f.default, layout[f.name][1]) for f in dataclasses.fields(record_class))


def _json(value):
    if isinstance(value, tuple):
        return [_json(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, DateRange):
        return {"start": value.start.isoformat(), "end": value.end.isoformat()}
    if isinstance(value, Range):
        return {name: getattr(value, name) for name in _RANGE_FIELDS}
    if isinstance(value, dict):
        return {str(k): _json(v) for k, v in sorted(value.items())}
    return value


def _dump_record(record) -> dict:
    return {name: _json(value) for name, default, always in _layout_of(type(record))
            for value in (getattr(record, name),) if always or value != default}


def dump_bundle(network: Network) -> dict:
    """The JSON-ready bundle of a network; fields at their default value are left out.

    Examples
    --------
    >>> dump_bundle(Network(libraries=(Library("ORUPAC", "Pacific", state="OR"),)))["libraries"]
    [{'libid': 'ORUPAC', 'name': 'Pacific', 'state': 'OR'}]
    """
    return {section: [_dump_record(r) for r in getattr(network, section)]
            for section in SECTIONS}
