"""Requests as the API shows them: the queue summary and the full view with each lender's
deadlines."""

from __future__ import annotations

import datetime as dt

from graphsvc.calendar import EASTERN, action_due, receipt_due, zone
from graphsvc.requests import TrackedRequest, due_times, lender_steps


def iso_eastern(at: dt.datetime | None) -> str | None:
    """Instants are shown on the TTA clock (US Eastern) whatever offset they came with."""
    return at.astimezone(zone(EASTERN)).isoformat() if at else None


def _lender_rows(req: TrackedRequest) -> list[dict]:
    """One row per lender the request reached, with that lender's deadlines."""
    rows = lender_steps(req)
    for row in rows:
        _add_deadlines(row, req.service_level)
    return rows


def _add_deadlines(row: dict, service_level: str) -> None:
    row["receipt_due"] = receipt_due(row["routed_at"], service_level)
    row["action_due"] = (action_due(row["received_at"], service_level)
                         if row["received_at"] else None)
    for name in ("routed_at", "received_at", "at", "receipt_due", "action_due"):
        row[name] = iso_eastern(row[name])


def request_summary(req: TrackedRequest) -> dict:
    """A request as queues list it: status, current lender and its deadlines, last change."""
    receipt, action = due_times(req)
    step = req.step if req.is_open else None
    return {
        "id": req.id, "status": req.status, "borrower": req.borrower, "nlm_uid": req.nlm_uid,
        "service_level": req.service_level,
        "need_by": req.need_by.isoformat() if req.need_by else None,
        "max_cost": req.max_cost, "created_at": iso_eastern(req.created_at),
        "updated_at": iso_eastern(req.history[-1].at if req.history else req.created_at),
        "lender": req.lender, "via": step.via if step else None,
        "cell": step.cell if step else None, "position": req.position,
        "cancel_requested": req.cancel_requested,
        "receipt_due": iso_eastern(receipt), "action_due": iso_eastern(action),
    }


def request_view(req: TrackedRequest) -> dict:
    """A request as the API shows it: :func:`request_summary`, lenders and full history."""
    return {
        **request_summary(req),
        "sequence": [{"libid": s.libid, "via": s.via, "cell": s.cell} for s in req.sequence],
        "lenders": _lender_rows(req),
        "history": [{"at": iso_eastern(e.at), "action": e.action, "reason": e.reason,
                     "libid": e.libid, "via": e.via} for e in req.history],
    }
