"""Removals: requests taken away from lenders by Time-Triggered Actions (docline-rules.md T1-T3).

The NN/LM Resource Sharing Plan asks coordinators to "review performance data (fill rate,
removals report, etc.)". Here, per lender and service level:

- ``received``: requests that reached the lender (a ROUTED event) in the report window,
  receipted or not -- the rate is per request the lender was sent;
- ``not_receipted`` / ``not_acted_upon``: how many of them TTA removed (REMOVED_NOT_RECEIPTED,
  REMOVED_NOT_ACTED_UPON), counted with the arrival whenever the removal happened, so a rate
  never exceeds 1;
- ``removal_rate = (not_receipted + not_acted_upon) / received``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from graphsvc.model import SERVICE_LEVELS
from graphsvc.requests.records import TrackedRequest, in_window


@dataclass
class RemovalCounts:
    """Arrivals at a lender and the TTA removals among them."""

    received: int = 0
    not_receipted: int = 0
    not_acted_upon: int = 0

    @property
    def removed(self) -> int:
        return self.not_receipted + self.not_acted_upon

    @property
    def removal_rate(self) -> float | None:
        return round(self.removed / self.received, 4) if self.received else None

    def as_dict(self) -> dict:
        return {"received": self.received, "not_receipted": self.not_receipted,
                "not_acted_upon": self.not_acted_upon, "removed": self.removed,
                "removal_rate": self.removal_rate}


@dataclass
class LenderRemovals:
    """One lender's removals, in total and per service level."""

    libid: str
    type: str | None = None
    region: str | None = None
    total: RemovalCounts = field(default_factory=RemovalCounts)
    by_service_level: dict[str, RemovalCounts] = field(
        default_factory=lambda: {level: RemovalCounts() for level in SERVICE_LEVELS})

    def as_dict(self) -> dict:
        return {"libid": self.libid, "type": self.type, "region": self.region,
                **self.total.as_dict(),
                "by_service_level": {level: counts.as_dict()
                                     for level, counts in self.by_service_level.items()}}


def _count(req: TrackedRequest, lenders: dict[str, LenderRemovals],
           frm: dt.datetime | None, to: dt.datetime | None) -> None:
    counted: list[RemovalCounts] = []
    for event in req.history:
        if event.action == "ROUTED":
            counted = []
            if in_window(event.at, frm, to):
                row = lenders.setdefault(event.libid, LenderRemovals(event.libid))
                counted = [row.total, row.by_service_level.setdefault(
                    req.service_level, RemovalCounts())]
                for counts in counted:
                    counts.received += 1
        elif event.action == "REMOVED_NOT_RECEIPTED":
            for counts in counted:
                counts.not_receipted += 1
        elif event.action == "REMOVED_NOT_ACTED_UPON":
            for counts in counted:
                counts.not_acted_upon += 1


def lender_removals(requests: Iterable[TrackedRequest], *,
                    libraries: Mapping[str, tuple[str, str | None]],
                    frm: dt.datetime | None = None, to: dt.datetime | None = None,
                    region: str | None = None, lib_type: str | None = None
                    ) -> list[LenderRemovals]:
    """Per lender: requests that reached it in ``[frm, to)`` and how many TTA removed.

    Parameters
    ----------
    requests : iterable of TrackedRequest
    libraries : mapping of LIBID to (type, region), keyword-only
    frm, to : aware datetime, keyword-only
        Window on the arrival (ROUTED) instant; open-ended when ``None``.
    region, lib_type : str, keyword-only
        Keep only lenders of this region / library type.

    Returns
    -------
    list of LenderRemovals
        One per lender reached in the window, most removals first, then by LIBID.

    Examples
    --------
    >>> from graphsvc.requests.lifecycle import new_request, remove
    >>> from graphsvc.requests.records import Step
    >>> at = dt.datetime(2026, 10, 5, 14, tzinfo=dt.timezone.utc)
    >>> req = new_request("R1", "ORUBOR", [Step("WAUSEA", "CELL", 1), Step("ORUOHS", "CELL", 2)],
    ...                   at=at)
    >>> moved = remove(req, "REMOVED_NOT_RECEIPTED", at=at + dt.timedelta(days=2))
    >>> [(r.libid, r.total.removed, r.total.removal_rate)
    ...  for r in lender_removals([moved], libraries={})]
    [('WAUSEA', 1, 1.0), ('ORUOHS', 0, 0.0)]
    """
    lenders: dict[str, LenderRemovals] = {}
    for req in requests:
        _count(req, lenders, frm, to)
    for row in lenders.values():
        row.type, row.region = libraries.get(row.libid, (None, None))
    rows = [r for r in lenders.values() if (region is None or r.region == region)
            and (lib_type is None or r.type == lib_type)]
    return sorted(rows, key=lambda r: (-r.total.removed, r.libid))
