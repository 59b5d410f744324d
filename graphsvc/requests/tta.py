"""Time-Triggered Actions: remove overdue requests from their lenders (docline-rules.md T1-T3)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from graphsvc.calendar import EASTERN, is_business_day, local_date
from graphsvc.requests.lifecycle import Zone, check_at, overdue, remove
from graphsvc.requests.records import TrackedRequest


def run_tta(requests: Iterable[TrackedRequest], *, at: dt.datetime, tz: Zone = EASTERN,
            lender_tz: Mapping[str, Zone] | None = None) -> list[tuple[TrackedRequest, str]]:
    """Move on every open request whose receipt or action deadline is at or before ``at``.

    Each overdue request gets REMOVED_NOT_RECEIPTED or REMOVED_NOT_ACTED_UPON and goes to
    its next lender (whose clock starts at ``at``), or retires as BEYOND_ROUTING_MAP,
    EXPIRED (need-by date passed) or CANCELLED (marked for cancellation). A request moves
    at most one lender per run, and a new lender's deadline is always after ``at``, so
    running again for the same ``at`` moves nothing: the run is idempotent once the caller
    stores the results. A run dated on a weekend or a federal holiday (in the request's
    zone) moves nothing: the next business day's run moves what is overdue by then.

    Parameters
    ----------
    requests : iterable of TrackedRequest
        Any requests; finished ones are passed over.
    at : datetime.datetime, keyword-only
        Aware instant of the run (normally 00:05 Eastern on a business day).
    tz : str or ZoneInfo, keyword-only
        Zone of the TTA clock (default US Eastern).
    lender_tz : mapping of LIBID to zone, keyword-only
        Policy option: lenders listed here are timed on their own zone instead of ``tz``.

    Returns
    -------
    list of (TrackedRequest, str)
        The moved requests (new objects) with their removal reason, in input order.

    Examples
    --------
    >>> from graphsvc.requests.lifecycle import new_request
    >>> from graphsvc.requests.records import Step
    >>> friday = dt.datetime(2026, 10, 2, 14, tzinfo=dt.timezone.utc)
    >>> req = new_request("R1", "ORUBOR", [Step("WAUSEA", "CELL", 1), Step("ORUOHS", "CELL", 1)],
    ...                   at=friday, service_level="RUSH")
    >>> monday_run = dt.datetime(2026, 10, 5, 4, 5, tzinfo=dt.timezone.utc)
    >>> [(r.lender, why) for r, why in run_tta([req], at=monday_run)]
    [('ORUOHS', 'REMOVED_NOT_RECEIPTED')]
    """
    check_at(at)
    moved = []
    for req in requests:
        if not req.is_open:
            continue
        zone = lender_tz.get(req.lender, tz) if lender_tz else tz
        if not is_business_day(local_date(at, tz=zone)):
            continue
        reason = overdue(req, at=at, tz=zone)
        if reason is not None:
            moved.append((remove(req, reason, at=at, tz=zone), reason))
    return moved
