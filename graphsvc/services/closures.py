"""Merging a library into another and closing a library (``POST /v1/libraries/{libid}/
merge-into/{target}`` and ``.../close``), each all or nothing, each with a dry run.

A merge adds the source's holdings to the target's (:func:`graphsvc.merging.merged_holdings`),
removes them from the source and marks the source CLOSED; a closure removes the library's
holdings and marks it CLOSED. Both list every routing table, do-not-route list, manual map and
group that still names the closed library, for its borrowers to fix (the routing-table lint
flags those entries as CLOSED).
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from graphsvc.errors import Conflict, InvalidInput, NotFound
from graphsvc.merging import merged_holdings, references_to
from graphsvc.services.holdings import last_copy_warnings
from graphsvc.services.network import checked_libid
from graphsvc.store.contract import Store


def _stored(store: Store, libid: str, field: str):
    found = store.library(libid)
    if found is None:
        msg = f"no library {libid!r}"
        raise NotFound(msg, problems=[{"field": field, "message": msg}])
    return found["library"]


def _open(library, field: str):
    if library.participation == "CLOSED":
        msg = f"{library.libid} is already closed"
        raise Conflict(msg, problems=[{"field": field, "message": msg}])
    return library


def merge_library(store: Store, source: str, target: str, *, dry_run: bool = False,
                  at: dt.date | None = None) -> dict:
    """Merge ``source``'s holdings into ``target``'s and close ``source``.

    Parameters
    ----------
    store : Neo4jStore
    source, target : str
        LIBIDs; the source is closed, the target absorbs its collection.
    dry_run : bool, keyword-only
        Answer what would happen and write nothing.
    at : datetime.date, keyword-only
        Day recorded as the merged holdings' last modification (default today).

    Returns
    -------
    dict
        ``{"dry_run", "source", "target", "references"}``: the source's holdings removed,
        the target's holdings before and after, the titles added and combined, and every
        place naming the source (:func:`graphsvc.merging.references_to`).

    Raises
    ------
    NotFound
        Either library is unknown.
    InvalidInput
        A library merged into itself.
    Conflict
        The source or the target is already closed (nothing is written).
    """
    source, target = checked_libid(source), checked_libid(target, "target")
    if source == target:
        msg = f"{source} cannot be merged into itself"
        raise InvalidInput(msg, problems=[{"field": "target", "message": msg}])
    closing = _open(_stored(store, source, "libid"), "libid")
    _open(_stored(store, target, "target"), "target")
    held, _ = store.holdings(source)
    before, _ = store.holdings(target)
    after, combined = merged_holdings(before, held, into=target, day=at or dt.date.today())
    if not dry_run:
        store.rewrite_libraries([dataclasses.replace(closing, participation="CLOSED")],
                                {source: [], target: after})
    return {"dry_run": dry_run,
            "source": {"libid": source, "participation": "CLOSED", "holdings_removed": len(held)},
            "target": {"libid": target, "holdings_before": len(before),
                       "holdings_after": len(after),
                       "titles_added": len(after) - len(before),
                       "titles_combined": [{"nlm_uid": uid, "format": fmt}
                                           for uid, fmt in combined]},
            "references": references_to(store.network(), source)}


def close_library(store: Store, libid: str, *, confirm: str, dry_run: bool = False) -> dict:
    """Close ``libid`` without a merge: its holdings are deleted and it is marked CLOSED.

    ``confirm`` must repeat the LIBID (:class:`InvalidInput` naming ``confirm`` otherwise).
    Returns ``{"dry_run", "libid", "participation", "holdings_removed", "references",
    "warnings"}`` (``warnings``: the last copies the closure takes away, as for a holdings
    write);
    :class:`NotFound` for an unknown library, :class:`Conflict` if it is already closed.
    """
    libid = checked_libid(libid)
    if confirm != libid:
        msg = f"confirm must repeat the LIBID {libid} to delete its holdings and close it"
        raise InvalidInput(msg, problems=[{"field": "confirm", "message": msg}])
    closing = _open(_stored(store, libid, "libid"), "libid")
    held, _ = store.holdings(libid)
    warnings = last_copy_warnings(store, libid, None)
    if not dry_run:
        store.rewrite_libraries([dataclasses.replace(closing, participation="CLOSED")],
                                {libid: []})
    return {"dry_run": dry_run, "libid": libid, "participation": "CLOSED",
            "holdings_removed": len(held), "references": references_to(store.network(), libid),
            "warnings": warnings}
