"""Who a request concerns, its change-feed events and the opaque cursors of lists.

A request concerns its borrower and every lender it has reached (its *parties*); library
queues and the event feed are scoped by them. Reading one request is wider: its borrower
and every library of its lender sequence (:func:`readers`).

Feed event types: NEW (created), ROUTED, RECEIVED, FILLED, NOT_FILLED, CANCELLED,
MOVED_BY_TTA (a time-triggered removal; ``reason`` says REMOVED_NOT_RECEIPTED or
REMOVED_NOT_ACTED_UPON), EXPIRED, BEYOND_ROUTING_MAP, and CANCEL_REQUESTED and
REROUTED_ONLINE as the history names them.
"""

from __future__ import annotations

import base64
import binascii
import json

from graphsvc.errors import InvalidInput
from graphsvc.requests.records import REMOVAL_REASONS, TrackedRequest

FEED_TYPES = ("NEW", "ROUTED", "RECEIVED", "FILLED", "NOT_FILLED", "CANCELLED", "MOVED_BY_TTA",
              "EXPIRED", "BEYOND_ROUTING_MAP", "CANCEL_REQUESTED", "REROUTED_ONLINE")


def reached(req: TrackedRequest) -> list[str]:
    """LIBIDs of the lenders the request has been routed to, in order, without repeats.

    >>> import datetime as dt
    >>> from graphsvc.requests.lifecycle import new_request
    >>> from graphsvc.requests.records import Step
    >>> at = dt.datetime(2026, 10, 5, 14, tzinfo=dt.timezone.utc)
    >>> reached(new_request("R1", "ORUBOR", [Step("WAUSEA", "CELL", 1), Step("X", "NLM")], at=at))
    ['WAUSEA']
    """
    libids = [e.libid for e in req.history if e.action == "ROUTED" and e.libid]
    return list(dict.fromkeys(libids))


def parties(req: TrackedRequest) -> list[str]:
    """The borrower and every lender reached: whose queues and feeds show the request."""
    return list(dict.fromkeys([req.borrower, *reached(req)]))


def readers(req: TrackedRequest) -> set[str]:
    """LIBIDs whose tokens may read the request: its borrower and its whole sequence."""
    return {req.borrower, *(step.libid for step in req.sequence)}


def feed_events(req: TrackedRequest, first: int, *, created: bool = False) -> list[dict]:
    """The feed rows of ``req``'s history from index ``first`` on (a NEW row first if
    ``created``); each row names the request, its status and parties after the change.

    >>> import datetime as dt
    >>> from graphsvc.requests.lifecycle import new_request
    >>> from graphsvc.requests.records import Step
    >>> at = dt.datetime(2026, 10, 5, 14, tzinfo=dt.timezone.utc)
    >>> req = new_request("R1", "ORUBOR", [Step("WAUSEA", "CELL", 1)], at=at)
    >>> [(e["type"], e["libid"]) for e in feed_events(req, 0, created=True)]
    [('NEW', 'ORUBOR'), ('ROUTED', 'WAUSEA')]
    """
    common = {"request_id": req.id, "borrower": req.borrower, "status": req.status,
              "parties": parties(req)}
    rows = [{**common, "type": "NEW", "at": req.created_at, "libid": req.borrower,
             "via": None, "reason": None}] if created else []
    for event in req.history[first:]:
        moved = event.action in REMOVAL_REASONS
        rows.append({**common, "type": "MOVED_BY_TTA" if moved else event.action,
                     "at": event.at, "libid": event.libid, "via": event.via,
                     "reason": event.action if moved else event.reason})
    return rows


def encode_cursor(position: dict) -> str:
    """An opaque, URL-safe cursor for a list position.

    >>> decode_cursor(encode_cursor({"seq": 7}), ("seq",))
    {'seq': 7}
    """
    text = json.dumps(position, separators=(",", ":"), sort_keys=True)
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode_cursor(cursor: str, keys: tuple[str, ...], *, field: str = "cursor") -> dict:
    """The position of a cursor made by :func:`encode_cursor`; :class:`InvalidInput` naming
    ``field`` when it is not one (or lacks ``keys``)."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        position = json.loads(base64.urlsafe_b64decode(padded.encode()).decode())
    except (ValueError, binascii.Error, UnicodeError):
        position = None
    if not isinstance(position, dict) or set(position) != set(keys):
        msg = f"{cursor[:40]!r} is not a cursor this list gave out"
        raise InvalidInput(msg, problems=[{"field": field, "message": msg}])
    return position
