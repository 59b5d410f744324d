"""Writing a bundle: each record's fields, less those at their default value."""

from __future__ import annotations

import dataclasses
import datetime as dt
from functools import cache

from graphsvc.io.bundle.readers import LAYOUTS, RANGE_FIELDS, SECTIONS
from graphsvc.model import DateRange, Network, Range


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
        return {name: getattr(value, name) for name in RANGE_FIELDS}
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
    >>> from graphsvc.model import Library
    >>> dump_bundle(Network(libraries=(Library("ORUPAC", "Pacific", state="OR"),)))["libraries"]
    [{'libid': 'ORUPAC', 'name': 'Pacific', 'state': 'OR'}]
    """
    return {section: [_dump_record(r) for r in getattr(network, section)]
            for section in SECTIONS}
