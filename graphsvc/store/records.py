"""Model records <-> property maps that both Neo4j 5 and ArcadeDB can store.

Neo4j refuses maps and ``null`` inside list properties, so nested values are flattened:
out-of-office periods become two parallel lists of ISO dates, and holdings ranges become four
parallel lists with sentinels ("" for no volume, 0 for no year). ``None`` properties are left
out (Neo4j does not store ``null``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Sequence
from itertools import chain

from graphsvc.holdings_columns import RANGE_FIELDS
from graphsvc.model import CONTACT_FIELDS, DateRange, Group, Holding, Library, Range, Serial

NO_VOLUME = ""
NO_YEAR = 0
_ISSN = re.compile(r"^(\d{4})-?(\d{3}[\dX])$")


def normalize_issn(issn: str) -> str | None:
    """``"0028-4793"`` for ``"00284793"``, ``" 0028-4793 "`` or ``"0028-4793"``; else ``None``.

    >>> normalize_issn("1550-512x"), normalize_issn("12345")
    ('1550-512X', None)
    """
    found = _ISSN.match(str(issn).strip().upper())
    return f"{found.group(1)}-{found.group(2)}" if found else None


def _drop_none(props: dict) -> dict:
    return {k: v for k, v in props.items() if v is not None}


def library_props(lib: Library) -> dict:
    return _drop_none({
        "libid": lib.libid, "name": lib.name, "type": lib.type,
        "participation": lib.participation, "city": lib.city, "state": lib.state,
        "zip": lib.zip, "lat": lib.lat, "lon": lib.lon, "timezone": lib.timezone,
        "delivery_methods": list(lib.delivery_methods), "fills_rush": lib.fills_rush,
        "fills_urgent": lib.fills_urgent, "efts": lib.efts, "serves": list(lib.serves),
        "subjects": list(lib.subjects), "base_fee": lib.base_fee,
        "ooo_start": [p.start.isoformat() for p in lib.out_of_office],
        "ooo_end": [p.end.isoformat() for p in lib.out_of_office],
        **{name: getattr(lib, name) or None for name in CONTACT_FIELDS},
    })


def library_from(props: dict) -> Library:
    periods = tuple(DateRange(dt.date.fromisoformat(s), dt.date.fromisoformat(e))
                    for s, e in zip(props.get("ooo_start") or [], props.get("ooo_end") or [],
                                    strict=True))
    return Library(
        libid=props["libid"], name=props.get("name", ""), type=props.get("type", "PAL"),
        participation=props.get("participation", "FULL"), city=props.get("city", ""),
        state=props.get("state", ""), zip=props.get("zip", ""), lat=props.get("lat"),
        lon=props.get("lon"), timezone=props.get("timezone", "America/New_York"),
        delivery_methods=tuple(props.get("delivery_methods") or ()),
        fills_rush=bool(props.get("fills_rush")), fills_urgent=bool(props.get("fills_urgent")),
        efts=bool(props.get("efts")), serves=tuple(props.get("serves") or ()),
        subjects=tuple(props.get("subjects") or ()), base_fee=props.get("base_fee"),
        out_of_office=periods, **{name: props.get(name) or "" for name in CONTACT_FIELDS})


def group_props(group: Group) -> dict:
    return {"code": group.code, "name": group.name, "kind": group.kind,
            "serves_states": list(group.serves_states)}


def group_from(props: dict, members) -> Group:
    return Group(props["code"], props.get("name", ""), props.get("kind", "LIBRARY_GROUP"),
                 tuple(sorted(members)), tuple(props.get("serves_states") or ()))


def serial_props(serial: Serial) -> dict:
    return _drop_none({"nlm_uid": serial.nlm_uid, "title": serial.title,
                       "issns": list(serial.issns), "continues": serial.continues,
                       "continued_by": serial.continued_by, "subjects": list(serial.subjects),
                       "med_abbr": serial.med_abbr, "iso_abbr": serial.iso_abbr})


def serial_from(props: dict) -> Serial:
    return Serial(props["nlm_uid"], props.get("title", ""), tuple(props.get("issns") or ()),
                  props.get("continues"), props.get("continued_by"),
                  tuple(props.get("subjects") or ()), props.get("med_abbr"),
                  props.get("iso_abbr"))


def holding_props(h: Holding) -> dict:
    return _drop_none({
        "format": h.format,
        "bv": [r.begin_volume or NO_VOLUME for r in h.ranges],
        "ev": [r.end_volume or NO_VOLUME for r in h.ranges],
        "by": [r.begin_year or NO_YEAR for r in h.ranges],
        "ey": [r.end_year or NO_YEAR for r in h.ranges],
        "currently_received": h.currently_received, "embargo_months": h.embargo_months,
        "last_modified": h.last_modified.isoformat() if h.last_modified else None,
        "retention_policy": h.retention_policy,
        "limited_retention_period": h.limited_retention_period,
        "limited_retention_type": h.limited_retention_type,
        "has_epub_ahead_of_print": h.has_epub_ahead_of_print,
        "has_supplements": h.has_supplements, "ignore_warnings": h.ignore_warnings,
        "embargo_years": h.embargo_years, "issns_as_written": h.issns_as_written,
    })


def stored_alike(new: Holding | None, stored: Holding) -> bool:
    """Whether ``new`` would be stored as ``stored`` is (equal :func:`holding_props`), found
    without making the props when the holdings are equal (a re-upload's thousands of them):
    the model's equality leaves out only ``issns_as_written``, which the props hold."""
    if new is None:
        return False
    if new == stored:
        return new.issns_as_written == stored.issns_as_written
    return holding_props(new) == holding_props(stored)


#: A holding's fields as the model defaults them (a property not stored reads as these).
_DEFAULT = {f.name: f.default for f in dataclasses.fields(Holding)}


def holding_from(libid: str, nlm_uid: str, props: dict) -> Holding:
    ranges = tuple(
        Range(bv or None, ev or None, by or None, ey or None)
        for bv, ev, by, ey in zip(props.get("bv") or [], props.get("ev") or [],
                                  props.get("by") or [], props.get("ey") or [], strict=True))
    modified = props.get("last_modified")
    return Holding(
        libid=libid, nlm_uid=nlm_uid, format=props.get("format", _DEFAULT["format"]),
        ranges=ranges,
        currently_received=bool(props.get("currently_received")),
        embargo_months=int(props.get("embargo_months") or 0),
        last_modified=dt.date.fromisoformat(modified) if modified else None,
        retention_policy=props.get("retention_policy", _DEFAULT["retention_policy"]),
        limited_retention_period=int(props.get("limited_retention_period") or 0),
        limited_retention_type=props.get("limited_retention_type",
                                         _DEFAULT["limited_retention_type"]),
        has_epub_ahead_of_print=bool(props.get("has_epub_ahead_of_print")),
        has_supplements=bool(props.get("has_supplements")),
        ignore_warnings=bool(props.get("ignore_warnings")),
        embargo_years=int(props.get("embargo_years") or 0),
        issns_as_written=props.get("issns_as_written") or "")


HOLDING_COLUMNS = ("format", "bv", "ev", "by", "ey", "currently_received", "embargo_months",
                   "last_modified", "retention_policy", "limited_retention_period",
                   "limited_retention_type", "has_epub_ahead_of_print", "has_supplements",
                   "ignore_warnings", "embargo_years", "issns_as_written")


def holding_from_row(libid: str, row: list) -> Holding:
    """A holding from ``[nlm_uid, *HOLDING_COLUMNS]`` (``cypher/network/all_holdings``)."""
    props = {k: v for k, v in zip(HOLDING_COLUMNS, row[1:], strict=False) if v is not None}
    return holding_from(libid, row[0], props)


def holding_fields(rows) -> dict[str, Sequence]:
    """The holdings of ``cypher/network/holdings_page`` rows (``libid``, ``holdings``: lists
    of ``[nlm_uid, *HOLDING_COLUMNS]``) as columns of their fields
    (:func:`graphsvc.holdings_columns.holding_fields`), with :func:`holding_from`'s defaults,
    and no :class:`Holding` made."""
    libids, held = [], []
    for r in rows:
        holdings = r["holdings"]
        libids += [r["libid"]] * len(holdings)
        held += holdings
    (nlm_uid, fmt, bv, ev, by, ey, received, embargo_months, modified, policy, period,
     period_type, epub, supplements, ignore, embargo_years, issns) = \
        zip(*held, strict=True) if held else ((),) * 17
    bv, ev, by, ey = (_or(column, ()) for column in (bv, ev, by, ey))
    counts = list(map(len, bv))
    if not list(map(len, ev)) == list(map(len, by)) == list(map(len, ey)) == counts:
        raise ValueError("a holding's range lists differ in length")
    days = {day: dt.date.fromisoformat(day).toordinal() for day in set(modified) if day}
    days[None] = days[""] = 0
    return {
        "libid": libids, "nlm_uid": nlm_uid, "format": _or(fmt, _DEFAULT["format"]),
        "currently_received": _truth(received), "embargo_months": _number(embargo_months),
        "last_modified": list(map(days.__getitem__, modified)),
        "retention_policy": _or(policy, _DEFAULT["retention_policy"]),
        "limited_retention_period": _number(period),
        "limited_retention_type": _or(period_type, _DEFAULT["limited_retention_type"]),
        "has_epub_ahead_of_print": _truth(epub), "has_supplements": _truth(supplements),
        "ignore_warnings": _truth(ignore), "embargo_years": _number(embargo_years),
        "issns_as_written": _or(issns, ""), "range_count": counts,
        **{name: [end or None for end in chain.from_iterable(column)]
           for name, column in zip(RANGE_FIELDS, (bv, ev, by, ey), strict=True)}}


def _or(values: Sequence, default) -> Sequence:
    """``values`` with ``default`` for each ``None`` (a property not stored)."""
    return values if None not in values else [default if v is None else v for v in values]


def _truth(values: Sequence) -> Sequence[bool]:
    """Booleans (``False`` for a property not stored)."""
    return values if None not in values else list(map(bool, values))


def _number(values: Sequence) -> Sequence[int]:
    """Integers (0 for a property not stored; a float or boolean stored made an int, as
    :func:`holding_from` does)."""
    if None not in values and set(map(type, values)) <= {int}:
        return values
    return [int(v or 0) for v in values]
