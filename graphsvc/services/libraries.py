"""Library records: create or replace (``PUT``), merge-patch (``PATCH``), out-of-office.

Every change goes through :func:`~graphsvc.services.permissions.require_library_change`
(which fields the caller's token may change) before anything is written.
"""

from __future__ import annotations

import dataclasses

from graphsvc.errors import InvalidInput
from graphsvc.model import DateRange, Library
from graphsvc.services.auth import Token
from graphsvc.services.network import checked_libid, get_library
from graphsvc.services.permissions import require_library_change
from graphsvc.store.contract import Store

MAX_OUT_OF_OFFICE = 20


def put_library(store: Store, libid: str, library: Library, *,
                writer: Token | None = None) -> tuple[dict, bool]:
    """Create or replace a library's record; ``(stored entry, created)``.

    The path's LIBID must equal the record's; ``writer`` must be allowed to change each
    field that differs from the stored record (:class:`Forbidden` naming the others).
    Groups, holdings and routing tables are kept.
    """
    checked_libid(libid)
    if library.libid != libid:
        msg = f"the body's libid {library.libid!r} differs from the path's {libid!r}"
        raise InvalidInput(msg, problems=[{"field": "libid", "message": msg}])
    found = store.library(libid)
    require_library_change(store, writer, found["library"] if found else None, library)
    warnings = _stops_lending(store, found["library"] if found else None, library)
    store.upsert_library(library)
    entry = get_library(store, libid)
    return ({**entry, "warnings": warnings} if warnings else entry), found is None


def _stops_lending(store: Store, before: Library | None, after: Library) -> list[dict]:
    """The last-copy warnings of a write that takes a lending library out of lending."""
    from graphsvc.services.holdings import last_copy_warnings

    if before is None or before.participation != "FULL" or after.participation == "FULL":
        return []
    return last_copy_warnings(store, after.libid, None)


def merge_patch(target, patch):
    """``target`` with the JSON Merge Patch ``patch`` applied (RFC 7396); inputs unchanged.

    >>> merge_patch({"a": 1, "b": {"c": 2, "d": 3}}, {"a": None, "b": {"c": 4}, "e": [5]})
    {'b': {'c': 4, 'd': 3}, 'e': [5]}
    >>> merge_patch({"a": 1}, [1, 2])
    [1, 2]
    """
    if not isinstance(patch, dict):
        return patch
    result = dict(target) if isinstance(target, dict) else {}
    for name, value in patch.items():
        if value is None:
            result.pop(name, None)
        else:
            result[name] = merge_patch(result.get(name), value)
    return result


def add_out_of_office(store: Store, libid: str, period: DateRange, *,
                      writer: Token | None = None) -> dict:
    """Add an out-of-office period (kept sorted; the same period twice is stored once)."""
    current = get_library(store, checked_libid(libid))["library"]
    periods = tuple(sorted(set(current.out_of_office) | {period},
                           key=lambda p: (p.start, p.end)))
    if len(periods) > MAX_OUT_OF_OFFICE:
        msg = f"{libid} has {len(current.out_of_office)} out-of-office periods; at most " \
            f"{MAX_OUT_OF_OFFICE} (the delete method of .../out-of-office removes them)"
        raise InvalidInput(msg, problems=[{"field": "out_of_office", "message": msg}])
    return _replace_periods(store, current, periods, writer)


def clear_out_of_office(store: Store, libid: str, *, writer: Token | None = None) -> dict:
    """Remove every out-of-office period of a library (it is in office again)."""
    current = get_library(store, checked_libid(libid))["library"]
    return _replace_periods(store, current, (), writer)


def _replace_periods(store: Store, current: Library, periods: tuple[DateRange, ...],
                     writer: Token | None) -> dict:
    entry, _ = put_library(store, current.libid,
                           dataclasses.replace(current, out_of_office=periods), writer=writer)
    return entry
