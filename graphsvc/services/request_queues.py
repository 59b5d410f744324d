"""Who reads which requests: request queues, the event feed and reading one request.

A library token sees the requests it borrowed or was routed (its queue); a coordinator token
those of its region's libraries; an admin token (or no token check at all, ``token=None``)
every request. One request is readable by its borrower, every library of its lender
sequence, the coordinators of those libraries' regions and admins.
"""

from __future__ import annotations

import datetime as dt

from graphsvc.errors import Forbidden, InvalidInput
from graphsvc.requests.feed import decode_cursor, encode_cursor, readers
from graphsvc.requests.records import TrackedRequest
from graphsvc.services.auth import Token
from graphsvc.services.request_views import iso_eastern, request_summary
from graphsvc.store.requests import utc_text
from graphsvc.store.contract import Store

ROLES = ("borrower", "lender")


def scope_libids(store: Store, token: Token | None) -> list[str] | None:
    """LIBIDs whose requests ``token`` may see; ``None`` for all (admins, no check)."""
    if token is None or token.role == "admin":
        return None
    if token.role == "library":
        return [token.libid]
    states = next((r.states for r in store.regions() if r.code == token.region), ())
    return sorted(row["library"].libid for row in store.libraries(states=list(states))) \
        if states else []


def require_read(store: Store, token: Token | None, req: TrackedRequest) -> None:
    """:class:`Forbidden` unless ``token`` may read ``req`` (see the module docstring)."""
    allowed = scope_libids(store, token)
    if allowed is None or readers(req) & set(allowed):
        return
    scope = token.libid if token.role == "library" else f"region {token.region}"
    msg = f"a {token.role} token for {scope} may not read request {req.id}"
    raise Forbidden(msg, problems=[{"field": "id", "message": msg}])


def _party(role: str | None, named: str | None, token: Token | None, field: str) -> str | None:
    """The LIBID a ``role`` filter is about: the one named, else the library token's own."""
    if named or role != field:
        return named
    if token is not None and token.role == "library":
        return token.libid
    msg = f"role={role} needs {field}=LIBID (or a library token)"
    raise InvalidInput(msg, problems=[{"field": field, "message": msg}])


def list_requests(store: Store, token: Token | None, *, role: str | None = None,
                  statuses: list[str] | None = None, borrower: str | None = None,
                  lender: str | None = None, updated_since: dt.datetime | None = None,
                  cursor: str | None = None, limit: int = 50) -> dict:
    """A page of the requests ``token`` may see, newest first.

    Parameters
    ----------
    store : Neo4jStore
    token : Token or None
        The caller's token (``None``: no scoping).
    role : {"borrower", "lender"}, keyword-only
        As borrower: requests ``borrower`` placed. As lender: requests ``lender`` holds now
        (NEW: waiting for its receipt; RECEIVED: waiting for its action) and closed ones it
        was routed to. The LIBID defaults to a library token's own.
    statuses, borrower, lender, updated_since : keyword-only
        Filters (``updated_since``: last event at or after it).
    cursor : str, keyword-only
        ``next_cursor`` of the previous page.
    limit : int, keyword-only
        Page size.

    Returns
    -------
    dict
        ``{"requests": [request summaries], "next_cursor": str or None}``.
    """
    borrower = _party(role, borrower, token, "borrower")
    lender = _party(role, lender, token, "lender")
    before = decode_cursor(cursor, ("created_at", "id")) if cursor else None
    found = store.request_queue(
        libids=scope_libids(store, token), borrower=borrower, lender=lender,
        statuses=statuses or None, updated_since=updated_since,
        before=(before["created_at"], before["id"]) if before else None, limit=limit + 1)
    page = found[:limit]
    last = page[-1] if len(found) > limit else None
    next_cursor = encode_cursor({"created_at": utc_text(last.created_at), "id": last.id}) \
        if last else None
    return {"requests": [request_summary(r) for r in page], "next_cursor": next_cursor}


def list_events(store: Store, token: Token | None, *, since: str | None = None,
                limit: int = 100) -> dict:
    """Request events after the cursor ``since`` (from the start without it), in order.

    Returns ``{"events": [...], "next_cursor"}``: pass ``next_cursor`` as ``since`` to get
    what happened next (it stays the same while nothing new happened).
    """
    seq = decode_cursor(since, ("seq",), field="since")["seq"] if since else 0
    if not isinstance(seq, int):
        msg = "since is not a cursor this feed gave out"
        raise InvalidInput(msg, problems=[{"field": "since", "message": msg}])
    rows = store.request_events(since=seq, libids=scope_libids(store, token), limit=limit)
    events = [{"cursor": encode_cursor({"seq": row["seq"]}), "request_id": row["request_id"],
               "type": row["type"], "at": iso_eastern(dt.datetime.fromisoformat(row["at"])),
               "libid": row.get("libid"), "via": row.get("via"), "reason": row.get("reason"),
               "status": row["status"], "borrower": row["borrower"]} for row in rows]
    last = rows[-1]["seq"] if rows else seq
    return {"events": events, "next_cursor": encode_cursor({"seq": last})}
