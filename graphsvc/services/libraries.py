"""Library records: create or replace one (``PUT /v1/libraries/{libid}``)."""

from __future__ import annotations

from graphsvc.errors import InvalidInput
from graphsvc.model import Library
from graphsvc.services.network import checked_libid, get_library
from graphsvc.store.contract import Store


def put_library(store: Store, libid: str, library: Library) -> tuple[dict, bool]:
    """Create or replace a library's record; ``(stored entry, created)``.

    The path's LIBID must equal the record's. Groups, holdings and routing tables are kept.
    """
    checked_libid(libid)
    if library.libid != libid:
        msg = f"the body's libid {library.libid!r} differs from the path's {libid!r}"
        raise InvalidInput(msg, problems=[{"field": "libid", "message": msg}])
    created = store.library(libid) is None
    store.upsert_library(library)
    return get_library(store, libid), created
