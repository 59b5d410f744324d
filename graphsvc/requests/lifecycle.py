"""The request state machine as pure functions (docline-rules.md S1-S4, T2-T3, R30).

Every function returns a new :class:`TrackedRequest`; the input is never changed, so a
refused action (an exception) leaves the caller's request exactly as it was.

Choices where the rules are silent:

- FILL and NOT_FILL need an explicit RECEIVE first (strict; DOCLINE clients receipt before
  updating, and the TTA clocks depend on it).
- A receipted request marked for cancellation that is then removed by TTA is CANCELLED,
  as it would be had the lender rejected it (S2).
- The need-by date is checked at every move to a next lender (S3), in the TTA clock's zone:
  a move on a day after ``need_by`` retires the request as EXPIRED.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from graphsvc.calendar import EASTERN, action_due, local_date, receipt_due
from graphsvc.errors import Conflict, InvalidInput
from graphsvc.model import SERVICE_LEVELS, LenderSequence, RoutingRequest
from graphsvc.requests.records import (
    ACTIONS, REASON_CODES, REMOVAL_REASONS, STOP_REASONS, Event, Step, TrackedRequest, steps_from,
)

Zone = str | ZoneInfo


def _invalid(field: str, msg: str) -> InvalidInput:
    return InvalidInput(msg, problems=[{"field": field, "message": msg}])


def check_at(at: dt.datetime) -> None:
    if not isinstance(at, dt.datetime) or at.utcoffset() is None:
        msg = f"'at' must be a datetime with a UTC offset, got {at!r}"
        raise _invalid("at", msg)


def new_request(id: str, borrower: str, sequence: Iterable[Step] | LenderSequence, *,
                at: dt.datetime, nlm_uid: str | None = None, service_level: str = "NORMAL",
                need_by: dt.date | None = None, max_cost: float | None = None,
                year: int | None = None, volume: str | None = None,
                tz: Zone = EASTERN) -> TrackedRequest:
    """Start tracking a routed request: the first lender receives it at ``at``.

    Parameters
    ----------
    id, borrower : str
        Request identifier and the borrowing library's LIBID.
    sequence : iterable of Step, or LenderSequence
        The routed lenders, in order. Empty: the request is Beyond Routing Map at once (R30).
    at : datetime.datetime, keyword-only
        Aware submission instant; starts the first lender's receipt clock.
    nlm_uid, service_level, need_by, max_cost, year, volume : keyword-only
        Copied from the routing request (``year``/``volume``: its citation).
    tz : str or ZoneInfo, keyword-only
        Zone whose calendar date is compared with ``need_by``.

    Returns
    -------
    TrackedRequest
        Status NEW (or BEYOND_ROUTING_MAP), with a ROUTED event for the first lender.

    Raises
    ------
    InvalidInput
        ``at`` without offset, unknown service level, or ``need_by`` already past.

    Examples
    --------
    >>> at = dt.datetime(2026, 10, 5, 10, tzinfo=dt.timezone.utc)
    >>> req = new_request("R1", "ORUBOR", [Step("WAUSEA", "CELL", 1)], at=at)
    >>> req.status, req.lender, [e.action for e in req.history]
    ('NEW', 'WAUSEA', ['ROUTED'])
    """
    check_at(at)
    if service_level not in SERVICE_LEVELS:
        msg = f"unknown service level {service_level!r}; expected one of {SERVICE_LEVELS}"
        raise _invalid("service_level", msg)
    if need_by is not None and need_by < local_date(at, tz=tz):
        msg = f"need_by {need_by.isoformat()} is already past"
        raise _invalid("need_by", msg)
    steps = steps_from(sequence) if isinstance(sequence, LenderSequence) else tuple(sequence)
    req = TrackedRequest(id=id, borrower=borrower, nlm_uid=nlm_uid, service_level=service_level,
                         need_by=need_by, created_at=at, sequence=steps, position=None,
                         status="NEW", max_cost=max_cost, year=year, volume=volume)
    events, changes = _next_lender(req, at)
    return _append(req, *events, **changes)


def from_routing(id: str, request: RoutingRequest, sequence: LenderSequence, *,
                 at: dt.datetime | None = None, tz: Zone = EASTERN) -> TrackedRequest:
    """:func:`new_request` from a routing question and its answer (``at``: the question's)."""
    return new_request(id, request.borrower, sequence, at=at or request.at,
                       nlm_uid=request.citation.nlm_uid, service_level=request.service_level,
                       need_by=request.need_by, max_cost=request.max_cost,
                       year=request.citation.year, volume=request.citation.volume, tz=tz)


def apply_action(req: TrackedRequest, action: str, *, lender: str | None = None,
                 reason: str | None = None, at: dt.datetime,
                 tz: Zone = EASTERN) -> TrackedRequest:
    """Apply a lender's RECEIVE / FILL / NOT_FILL or the borrower's CANCEL.

    Parameters
    ----------
    req : TrackedRequest
    action : {"RECEIVE", "FILL", "NOT_FILL", "CANCEL"}
    lender : str, keyword-only
        LIBID of the acting library; required except for CANCEL, and it must be the
        current lender.
    reason : str, keyword-only
        NOT_FILL only, and required there: a code from S4. CAN, COP, CST and INC retire the
        request (NOT_FILLED); any other moves it to the next lender.
    at : datetime.datetime, keyword-only
        Aware instant of the action; not before the request's last event.
    tz : str or ZoneInfo, keyword-only
        Zone for the need-by check on a move to the next lender.

    Returns
    -------
    TrackedRequest
        The updated request (a new object).

    Raises
    ------
    InvalidInput
        Unknown action or reason, missing lender or reason, ``at`` without offset.
    Conflict
        The request is finished, ``lender`` is not the current lender, the action does not
        fit the status (FILL/NOT_FILL before RECEIVE, RECEIVE twice), or ``at`` is earlier
        than the last event.

    Examples
    --------
    >>> at = dt.datetime(2026, 10, 5, 10, tzinfo=dt.timezone.utc)
    >>> req = new_request("R1", "ORUBOR", [Step("WAUSEA", "CELL", 1), Step("ORUOHS", "CELL", 2)],
    ...                   at=at)
    >>> req = apply_action(req, "RECEIVE", lender="WAUSEA", at=at)
    >>> req = apply_action(req, "NOT_FILL", lender="WAUSEA", reason="NOS", at=at)
    >>> req.status, req.lender
    ('NEW', 'ORUOHS')
    """
    _check_request_shape(action, lender, reason, at)
    _check_fits(req, action, lender, at)
    if action == "CANCEL":
        return _cancel(req, at)
    if action == "RECEIVE":
        return _append(req, Event(at, "RECEIVED", lender, req.step.via),
                       status="RECEIVED", received_at=at)
    if action == "FILL":
        return _append(req, Event(at, "FILLED", lender, req.step.via), status="FILLED")
    return _not_fill(req, reason, at, tz)


def _check_request_shape(action: str, lender: str | None, reason: str | None,
                         at: dt.datetime) -> None:
    if action not in ACTIONS:
        raise _invalid("action", f"unknown action {action!r}; expected one of {ACTIONS}")
    check_at(at)
    if action != "CANCEL" and not lender:
        raise _invalid("lender", f"{action} needs the acting lender's LIBID")
    if action == "NOT_FILL" and reason is None:
        raise _invalid("reason", "NOT_FILL needs a reason code")
    if action != "NOT_FILL" and reason is not None:
        raise _invalid("reason", f"a reason is only given with NOT_FILL, not {action}")
    if reason is not None and reason not in REASON_CODES:
        raise _invalid("reason", f"unknown reason {reason!r}; expected one of {REASON_CODES}")


_NEEDS_STATUS = {"RECEIVE": "NEW", "FILL": "RECEIVED", "NOT_FILL": "RECEIVED"}


def _check_fits(req: TrackedRequest, action: str, lender: str | None,
                at: dt.datetime) -> None:
    if not req.is_open:
        raise Conflict(f"request {req.id} is {req.status}; {action} is no longer possible")
    if req.history and at < req.history[-1].at:
        last = req.history[-1].at.isoformat()
        raise Conflict(f"{action} at {at.isoformat()} is before request {req.id}'s "
                       f"last event at {last}")
    if action == "CANCEL":
        if req.cancel_requested:
            raise Conflict(f"request {req.id} is already marked for cancellation")
        return
    if lender != req.lender:
        raise Conflict(f"{lender} is not the current lender of request {req.id} "
                       f"(it is with {req.lender})")
    if req.status != _NEEDS_STATUS[action]:
        raise Conflict(f"{action} needs status {_NEEDS_STATUS[action]}; request {req.id} "
                       f"is {req.status}")


def _append(req: TrackedRequest, *events: Event, **changes) -> TrackedRequest:
    # One constructor call per transition: dataclasses.replace is the TTA run's hot spot.
    return TrackedRequest(**{**vars(req), "history": req.history + events, **changes})


def _cancel(req: TrackedRequest, at: dt.datetime) -> TrackedRequest:
    if req.status == "NEW":
        return _append(req, Event(at, "CANCELLED", req.borrower), status="CANCELLED")
    return _append(req, Event(at, "CANCEL_REQUESTED", req.borrower), cancel_requested=True)


def _not_fill(req: TrackedRequest, reason: str, at: dt.datetime, tz: Zone) -> TrackedRequest:
    rejected = Event(at, "NOT_FILLED", req.lender, req.step.via, reason)
    if req.cancel_requested:
        return _append(req, rejected, Event(at, "CANCELLED", req.borrower), status="CANCELLED")
    if reason in STOP_REASONS:
        return _append(req, rejected, status="NOT_FILLED")
    rerouted = Event(at, "REROUTED_ONLINE", req.lender, req.step.via, reason)
    events, changes = _move_on(req, at, tz)
    return _append(req, rejected, rerouted, *events, **changes)


def remove(req: TrackedRequest, removal_reason: str, *, at: dt.datetime,
           tz: Zone = EASTERN) -> TrackedRequest:
    """Take an overdue request from its lender (a TTA action) and move it on.

    ``removal_reason`` is REMOVED_NOT_RECEIPTED or REMOVED_NOT_ACTED_UPON; the next
    lender's clock starts at ``at``. A request marked for cancellation is CANCELLED.
    """
    if removal_reason not in REMOVAL_REASONS:
        raise _invalid("reason", f"unknown removal reason {removal_reason!r}")
    removed = Event(at, removal_reason, req.lender, req.step.via)
    if req.cancel_requested:
        return _append(req, removed, Event(at, "CANCELLED", req.borrower), status="CANCELLED")
    events, changes = _move_on(req, at, tz)
    return _append(req, removed, *events, **changes)


def _move_on(req: TrackedRequest, at: dt.datetime, tz: Zone) -> tuple[tuple[Event, ...], dict]:
    if req.need_by is not None and local_date(at, tz=tz) > req.need_by:
        return (Event(at, "EXPIRED"),), {"status": "EXPIRED"}
    return _next_lender(req, at)


def _next_lender(req: TrackedRequest, at: dt.datetime) -> tuple[tuple[Event, ...], dict]:
    nxt = 0 if req.position is None else req.position + 1
    if nxt >= len(req.sequence):
        return (Event(at, "BEYOND_ROUTING_MAP"),), {"status": "BEYOND_ROUTING_MAP"}
    step = req.sequence[nxt]
    return (Event(at, "ROUTED", step.libid, step.via),), {
        "position": nxt, "status": "NEW", "routed_at": at, "received_at": None}


def due_times(req: TrackedRequest, *,
              tz: Zone = EASTERN) -> tuple[dt.datetime | None, dt.datetime | None]:
    """``(receipt_due, action_due)`` of the current lender; ``None`` where no clock runs.

    ``action_due`` is known only once the request is received; both are ``None`` once the
    request is finished.

    >>> at = dt.datetime(2026, 10, 2, 14, tzinfo=dt.timezone.utc)  # Friday 10:00 Eastern
    >>> rush = new_request("R1", "ORUBOR", [Step("WAUSEA", "CELL", 1)], at=at,
    ...                    service_level="RUSH")
    >>> [d and d.isoformat() for d in due_times(rush)]
    ['2026-10-05T00:05:00-04:00', None]
    """
    if not req.is_open:
        return None, None
    receipt = receipt_due(req.routed_at, req.service_level, tz=tz)
    if req.status == "NEW":
        return receipt, None
    return receipt, action_due(req.received_at, req.service_level, tz=tz)


def overdue(req: TrackedRequest, *, at: dt.datetime, tz: Zone = EASTERN) -> str | None:
    """The removal reason if the current lender's deadline is at or before ``at``, else None."""
    if req.status == "NEW" and receipt_due(req.routed_at, req.service_level, tz=tz) <= at:
        return "REMOVED_NOT_RECEIPTED"
    if req.status == "RECEIVED" and action_due(req.received_at, req.service_level, tz=tz) <= at:
        return "REMOVED_NOT_ACTED_UPON"
    return None
