"""Frozen records of a tracked request and the vocabularies of its life (docline-rules.md §4)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from graphsvc.model import LenderSequence

# Statuses (S1). NEW: at a lender, not yet receipted; RECEIVED: receipted by that lender.
OPEN_STATUSES = ("NEW", "RECEIVED")
FINAL_STATUSES = ("FILLED", "NOT_FILLED", "CANCELLED", "EXPIRED", "BEYOND_ROUTING_MAP")
STATUSES = OPEN_STATUSES + FINAL_STATUSES

# What a library or the borrower may do to a request.
ACTIONS = ("RECEIVE", "FILL", "NOT_FILL", "CANCEL")

# What the history records (R27/R28: Date, Action, Reason, Library, Via).
EVENT_ACTIONS = (
    "ROUTED", "RECEIVED", "FILLED", "NOT_FILLED", "REROUTED_ONLINE", "REMOVED_NOT_RECEIPTED",
    "REMOVED_NOT_ACTED_UPON", "CANCEL_REQUESTED", "CANCELLED", "EXPIRED", "BEYOND_ROUTING_MAP",
)
REMOVAL_REASONS = ("REMOVED_NOT_RECEIPTED", "REMOVED_NOT_ACTED_UPON")
# How a lender's turn with a request ends.
OUTCOMES = ("FILLED", "NOT_FILLED", "REMOVED_NOT_RECEIPTED", "REMOVED_NOT_ACTED_UPON",
            "CANCELLED")

# Lender reason codes for NOT_FILL (S4); the stop reasons retire the request.
REASON_CODES = (
    "BDY", "CAN", "COP", "CST", "EXL", "INC", "LAC", "LIC", "LOS", "NCR", "NOS", "NOT", "NYR",
    "ORD", "OTH", "POR", "PRO", "USE",
)
STOP_REASONS = ("CAN", "COP", "CST", "INC")


@dataclass(frozen=True)
class Step:
    """One routed lender: who, by which routing stage (``via``), from which cell."""

    libid: str
    via: str
    cell: int | None = None


@dataclass(frozen=True)
class Event:
    """One line of a request's history."""

    at: dt.datetime
    action: str
    libid: str | None = None
    via: str | None = None
    reason: str | None = None


@dataclass(frozen=True)
class TrackedRequest:
    """A request on its way along its lender sequence.

    ``position`` indexes ``sequence`` (the current lender) and stays on the last lender
    tried once the request is finished (``None`` when it never reached one).
    ``routed_at``/``received_at`` start the current lender's TTA clocks.
    """

    id: str
    borrower: str
    nlm_uid: str | None
    service_level: str
    need_by: dt.date | None
    created_at: dt.datetime
    sequence: tuple[Step, ...]
    position: int | None
    status: str
    history: tuple[Event, ...] = ()
    cancel_requested: bool = False
    max_cost: float | None = None
    routed_at: dt.datetime | None = None
    received_at: dt.datetime | None = None
    year: int | None = None  # the citation, as routed (replays: routing-table dry runs)
    volume: str | None = None

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def step(self) -> Step | None:
        """The current (or, once finished, the last) lender's step."""
        return None if self.position is None else self.sequence[self.position]

    @property
    def lender(self) -> str | None:
        """LIBID of the library holding the request now; ``None`` once it is finished."""
        return self.step.libid if self.is_open else None


def in_window(at: dt.datetime, frm: dt.datetime | None, to: dt.datetime | None) -> bool:
    """Whether ``frm <= at < to`` (an open end when ``None``)."""
    return (frm is None or at >= frm) and (to is None or at < to)


def steps_from(sequence: LenderSequence) -> tuple[Step, ...]:
    """The routing answer's lenders as steps.

    >>> from graphsvc.model import Lender
    >>> steps_from(LenderSequence((Lender("ORUOHS", "OHSU", "CELL", cell=1),)))
    (Step(libid='ORUOHS', via='CELL', cell=1),)
    """
    return tuple(Step(lender.libid, lender.via, lender.cell) for lender in sequence.lenders)


def lender_steps(req: TrackedRequest) -> list[dict]:
    """One dict per lender the request reached, in order, read from its history.

    Keys: ``step``, ``libid``, ``via``, ``cell``, ``routed_at``, ``received_at``, ``outcome``
    (FILLED, NOT_FILLED, REMOVED_NOT_RECEIPTED, REMOVED_NOT_ACTED_UPON, CANCELLED or
    ``None`` while pending), ``reason`` and ``at`` (of the outcome); ``None`` for none.

    >>> from graphsvc.requests import new_request
    >>> at = dt.datetime(2026, 10, 5, 14, tzinfo=dt.timezone.utc)
    >>> [(s["libid"], s["outcome"]) for s in lender_steps(
    ...     new_request("R1", "ORUBOR", [Step("WAUSEA", "CELL", 1)], at=at))]
    [('WAUSEA', None)]
    """
    steps: list[dict] = []
    for event in req.history:
        if event.action == "ROUTED":
            step = req.sequence[len(steps)]
            steps.append({"step": len(steps), "libid": step.libid, "via": step.via,
                          "cell": step.cell, "routed_at": event.at, "received_at": None,
                          "outcome": None, "reason": None, "at": None})
        elif steps and event.action == "RECEIVED":
            steps[-1]["received_at"] = event.at
        elif steps and event.action in OUTCOMES and steps[-1]["outcome"] is None:
            steps[-1].update(outcome=event.action, reason=event.reason, at=event.at)
    return steps
