"""Request lifecycle use cases: create from a routing question, act, TTA runs, reports.

The rules are the pure functions of :mod:`graphsvc.requests`; these functions read the
stored request, apply a rule and write the result back under an optimistic lock, so an
action that does not fit (or loses a race) changes nothing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import secrets

from graphsvc import fields
from graphsvc import requests as rules
from graphsvc.calendar import EASTERN, zone
from graphsvc.errors import InvalidInput, NotFound
from graphsvc.model import RoutingRequest
from graphsvc.network import libraries, library, region_of
from graphsvc.requests.lifecycle import check_at
from graphsvc.services import routing
from graphsvc.services.alerts import announce
from graphsvc.services.network import checked_region
from graphsvc.services.request_views import request_summary, request_view
from graphsvc.store.contract import RequestHistory, Store

_UTC = dt.UTC
_OTHER_TYPE = "\x00other type"  # region key of lenders the report's type filter leaves out


def new_request_id() -> str:
    """``"R"`` and 12 random hex digits.

    >>> rid = new_request_id(); rid[0], len(rid)
    ('R', 13)
    """
    return "R" + secrets.token_hex(6).upper()


def _now() -> dt.datetime:
    return dt.datetime.now(_UTC)


def _sane_instant(at: dt.datetime, *, leeway: dt.timedelta | None = None) -> dt.datetime:
    """``at`` if it lies in the window of :func:`graphsvc.fields.instant_problem` (and, with
    ``leeway``, at most that long after now), else InvalidInput naming ``at``."""
    check_at(at)
    now = _now()
    problem = fields.instant_problem(at, now)
    if problem is None and leeway is not None and at > now + leeway:
        problem = (f"must not be more than {leeway.seconds // 60} minutes in the future, "
                   f"got {at.isoformat()}")
    if problem:
        raise InvalidInput(f"at: {problem}", problems=[{"field": "at", "message": problem}])
    return at


# --- use cases --------------------------------------------------------------------------------

def create_request(store: Store, request: RoutingRequest, *, options: dict | None = None,
                   request_id: str | None = None, alerts=None) -> dict:
    """Route ``request`` once, keep the sequence and send it to the first lender.

    Parameters
    ----------
    store : Store
    request : RoutingRequest
        The routing question (``POST /v1/routing/lender-sequence`` body); ``request.at`` is
        the submission instant.
    options : dict, keyword-only
        Routing policy options (``honour_max_cost``, ``resource_library_stage``,
        ``load_aware``), as for the routing endpoint.
    request_id : str, keyword-only
        The new request's id; default a random one (ISO 18626 derives it from the
        requesting agency's own id).
    alerts : AlertDispatcher, keyword-only
        Tells the first lender of a RUSH or URGENT request (in the background).

    Returns
    -------
    dict
        :func:`request_view` of the new request: NEW at its first lender, or
        BEYOND_ROUTING_MAP when no lender qualifies.

    Raises
    ------
    NotFound
        Unknown borrower or title.
    InvalidInput
        ``need_by`` already past.
    """
    if request.at is not None:
        _sane_instant(request.at)
    policy = routing.policy_from(store, options or {}, request)
    answer = routing.route(store, request, policy=policy)
    tracked = rules.new_request(
        request_id or new_request_id(), request.borrower, answer.sequence, at=request.at,
        nlm_uid=answer.citation["nlm_uid"], service_level=request.service_level,
        need_by=request.need_by, max_cost=request.max_cost, year=answer.citation["year"],
        volume=answer.citation["volume"])
    store.create_requests([tracked])
    announce(alerts, store, [tracked], previous={}, why="ROUTED")
    return {**request_view(tracked), "citation": answer.citation,
            "notes": list(answer.sequence.notes)}


def get_request(store: RequestHistory, request_id: str, *, may_read=None) -> dict:
    """:func:`request_view` of a stored request; :class:`NotFound` if there is none.

    ``may_read(request)`` (when given) raises unless the caller may read it.
    """
    found = store.request(request_id)
    if found is None:
        msg = f"no request {request_id!r}"
        raise NotFound(msg, problems=[{"field": "id", "message": msg}])
    if may_read is not None:
        may_read(found[0])
    return request_view(found[0])


def acting_library(store: RequestHistory, request_id: str, action: str,
                   lender: str | None) -> str | None:
    """The library whose token may take ``action``: the lender, or for CANCEL the borrower."""
    if action != "CANCEL":
        return lender
    found = store.request(request_id)
    return found[0].borrower if found else None


def act(store: Store, request_id: str, action: str, *, lender: str | None = None,
        reason: str | None = None, at: dt.datetime | None = None, alerts=None) -> dict:
    """Apply RECEIVE / FILL / NOT_FILL / CANCEL to a stored request.

    Parameters
    ----------
    store : Store
    request_id : str
    action : {"RECEIVE", "FILL", "NOT_FILL", "CANCEL"}
    lender, reason : str, keyword-only
        The acting lender (all but CANCEL) and, for NOT_FILL, the reason code.
    at : datetime.datetime, keyword-only
        Aware instant of the action; default now.
    alerts : AlertDispatcher, keyword-only
        Tells the next lender of a RUSH or URGENT request a NOT_FILL moved on.

    Returns
    -------
    dict
        :func:`request_view` of the updated request.

    Raises
    ------
    NotFound
        No such request.
    InvalidInput
        Unknown action or reason, missing lender or reason.
    Conflict
        The lender does not hold the request, the action does not fit the status, or
        another action won a race; nothing is written.
    """
    when = _sane_instant(at or _now(), leeway=fields.ACTION_LEEWAY)
    updated = store.update_request(request_id, lambda req: rules.apply_action(
        req, action, lender=lender, reason=reason, at=when))
    announce(alerts, store, [updated], previous={request_id: lender}, why="NOT_FILLED")
    return request_view(updated)


def run_tta(store: Store, *, at: dt.datetime | None = None, lender_time_zone: bool = False,
            alerts=None) -> dict:
    """One Time-Triggered Actions run: move every overdue open request on (T1-T3).

    Only requests whose stored deadline is at or before ``at`` are read. A request changed
    by an action between the read and the write is left to the next run. Running again for
    the same ``at`` moves nothing, and neither does a run on a weekend or federal holiday.
    ``lender_time_zone`` (a policy option) times each lender on its own zone instead of
    US Eastern. ``alerts`` (an AlertDispatcher) tells the next lender of each RUSH or URGENT
    request moved.

    Returns
    -------
    dict
        ``{"at", "count", "moved": [{"id", "reason", "from", "status", "lender"}]}``, by id.
    """
    when = _sane_instant(at or _now())
    due = store.due_requests(when)
    versions = {req.id: version for req, version in due}
    previous = {req.id: req.lender for req, _ in due}
    zones = _lender_zones(store) if lender_time_zone and due else None
    moved = rules.run_tta([req for req, _ in due], at=when, lender_tz=zones)
    written = store.save_requests((req, versions[req.id]) for req, _ in moved)
    rows = [{"id": req.id, "reason": why, "from": previous[req.id], "status": req.status,
             "lender": req.lender} for req, why in moved if req.id in written]
    announce(alerts, store, [req for req, _ in moved if req.id in written], previous=previous,
             why="MOVED_BY_TTA")
    return {"at": when.isoformat(), "count": len(rows),
            "moved": sorted(rows, key=lambda r: r["id"])}


def _lender_zones(store: Store) -> dict[str, str]:
    """Each library's time zone (LIBID -> IANA name)."""
    return {row["library"].libid: row["library"].timezone for row in store.libraries()
            if row["library"].timezone}


def recent_load(store: RequestHistory, *, since: dt.datetime) -> dict[str, int]:
    """Requests that reached each library at or after ``since`` (LIBID -> count).

    For ``RoutingPolicy(load=recent_load(store, since=...), load_aware=True)``.
    """
    return store.recent_load(since=since)


def report_window(frm: dt.date | None, to: dt.date | None) -> tuple[dt.datetime | None, ...]:
    """US Eastern days ``frm``..``to`` (both inclusive) as ``[lo, hi)`` instants."""
    if frm and to and to < frm:
        msg = f"'to' ({to.isoformat()}) is before 'from' ({frm.isoformat()})"
        raise InvalidInput(msg, problems=[{"field": "to", "message": msg}])
    lo = dt.datetime.combine(frm, dt.time(0), tzinfo=zone(EASTERN)) if frm else None
    hi = (dt.datetime.combine(to + dt.timedelta(days=1), dt.time(0), tzinfo=zone(EASTERN))
          if to else None)
    return lo, hi


def library_kinds(G) -> dict[str, tuple[str, str | None]]:
    """LIBID -> (library type, region code) for every library of the network graph."""
    return {libid: (library(G, libid).type, region_of(G, libid)) for libid in libraries(G)}


def lender_report(store: Store, *, region: str | None = None, lib_type: str | None = None,
                  frm: dt.date | None = None, to: dt.date | None = None) -> dict:
    """Lender performance per lender and per region over receipts in a window of days.

    Parameters
    ----------
    store : Store
    region, lib_type : str, keyword-only
        Keep only lenders of this region / library type (both lists).
    frm, to : datetime.date, keyword-only
        Receipts on these US Eastern days, both inclusive; open-ended when left out.

    Returns
    -------
    dict
        ``{"from", "to", "region", "type", "lenders": [...], "regions": [...]}`` with the
        fields of :class:`~graphsvc.requests.LenderStats` and
        :class:`~graphsvc.requests.RegionStats`.
    """
    checked_region(store, region)
    lo, hi = report_window(frm, to)
    requests = store.requests_between(lo, hi)
    kinds = library_kinds(store.network())
    lenders = rules.lender_performance(requests, libraries=kinds, frm=frm, to=to,
                                           region=region, lib_type=lib_type)
    typed = {libid: (t, reg if lib_type in (None, t) else _OTHER_TYPE)
             for libid, (t, reg) in kinds.items()}
    regions = [r for r in rules.region_performance(requests, libraries=typed, frm=frm, to=to)
               if r.region != _OTHER_TYPE and region in (None, r.region)]
    return {"from": frm.isoformat() if frm else None, "to": to.isoformat() if to else None,
            "region": region, "type": lib_type,
            "lenders": [dataclasses.asdict(s) for s in lenders],
            "regions": [dataclasses.asdict(r) for r in regions]}


__all__ = ["act", "create_request", "get_request", "lender_report", "new_request_id",
           "recent_load", "request_summary", "request_view", "run_tta"]
