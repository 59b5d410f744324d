"""Lender performance: fill rate and turnaround (docline-rules.md P1-P6, NN/LM plan).

The NN/LM Resource Sharing Plan: fill rate = filled / received, excluding requests unfilled
because of cost; 75% is the acceptable level for RMLs and Resource Libraries. Here:

- A receipt is counted when its RECEIVED event falls in the report window, and its outcome
  (filled, not filled, removed by TTA) is counted with it whenever it happened, so a rate
  never exceeds 1. Receipts still open count as received (the plan's literal formula);
  ``pending`` shows how many there are.
- ``fill_rate = filled / (received - unfilled_cost)``, where ``unfilled_cost`` counts
  NOT_FILL with reason CST; ``None`` when the denominator is 0.
- Turnaround runs from the request reaching the lender (ROUTED) to FILLED, in elapsed
  clock hours: the lender's receipt delay is part of what the borrower waits for.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from graphsvc.calendar import EASTERN, zone
from graphsvc.model import RESOURCE_LIBRARY_TYPES
from graphsvc.requests.records import REMOVAL_REASONS, Event, TrackedRequest

STANDARD_FILL_RATE = 0.75
_UTC = dt.UTC
When = dt.date | dt.datetime


@dataclass(frozen=True)
class LenderStats:
    libid: str
    type: str | None
    region: str | None
    received: int
    filled: int
    not_filled: int
    unfilled_cost: int
    removed: int
    pending: int
    fill_rate: float | None
    meets_standard: bool | None
    median_turnaround_hours: float | None


@dataclass(frozen=True)
class RegionStats:
    region: str | None
    lenders: int
    received: int
    filled: int
    unfilled_cost: int
    fill_rate: float | None
    median_turnaround_hours: float | None


@dataclass
class _Tally:
    received: int = 0
    filled: int = 0
    not_filled: int = 0
    unfilled_cost: int = 0
    removed: int = 0
    hours: list[float] = field(default_factory=list)

    @property
    def pending(self) -> int:
        return self.received - self.filled - self.not_filled - self.removed


def _bound(when: When | None, *, end: bool, tz: str) -> dt.datetime | None:
    """A date bound covers the whole local day (``to`` inclusive); a datetime is exact."""
    if when is None or isinstance(when, dt.datetime):
        return when
    day = when + dt.timedelta(days=1) if end else when
    return dt.datetime.combine(day, dt.time(0), tzinfo=zone(tz))


def _hours(a: dt.datetime, b: dt.datetime) -> float:
    return (b.astimezone(_UTC) - a.astimezone(_UTC)).total_seconds() / 3600


def _tally_request(req: TrackedRequest, tallies: dict[str, _Tally],
                   frm: dt.datetime | None, to: dt.datetime | None) -> None:
    routed_at, counted = None, None
    for event in req.history:
        if event.action == "ROUTED":
            routed_at, counted = event.at, None
        elif event.action == "RECEIVED":
            if (frm is None or event.at >= frm) and (to is None or event.at < to):
                counted = tallies.setdefault(event.libid, _Tally())
                counted.received += 1
        elif counted is not None:
            _count_outcome(counted, event, routed_at)


def _count_outcome(tally: _Tally, event: Event, routed_at: dt.datetime) -> None:
    if event.action == "FILLED":
        tally.filled += 1
        tally.hours.append(_hours(routed_at, event.at))
    elif event.action == "NOT_FILLED":
        tally.not_filled += 1
        tally.unfilled_cost += event.reason == "CST"
    elif event.action in REMOVAL_REASONS:
        tally.removed += 1


def _tallies(requests: Iterable[TrackedRequest], frm: When | None, to: When | None,
             tz: str) -> dict[str, _Tally]:
    lo, hi = _bound(frm, end=False, tz=tz), _bound(to, end=True, tz=tz)
    tallies: dict[str, _Tally] = {}
    for req in requests:
        _tally_request(req, tallies, lo, hi)
    return tallies


def _rate(filled: int, received: int, unfilled_cost: int) -> float | None:
    denominator = received - unfilled_cost
    return filled / denominator if denominator else None


def _median_hours(hours: list[float]) -> float | None:
    return round(statistics.median(hours), 2) if hours else None


def _lender_stats(libid: str, t: _Tally, lib_type: str | None, region: str | None) -> LenderStats:
    rate = _rate(t.filled, t.received, t.unfilled_cost)
    meets = rate >= STANDARD_FILL_RATE if lib_type in RESOURCE_LIBRARY_TYPES and rate is not None \
        else None
    return LenderStats(libid, lib_type, region, t.received, t.filled, t.not_filled,
                       t.unfilled_cost, t.removed, t.pending, rate, meets,
                       _median_hours(t.hours))


def lender_performance(requests: Iterable[TrackedRequest], *,
                       libraries: Mapping[str, tuple[str, str | None]],
                       frm: When | None = None, to: When | None = None,
                       region: str | None = None, lib_type: str | None = None,
                       tz: str = EASTERN) -> list[LenderStats]:
    """Per-lender received, filled, cost rejections, fill rate and median turnaround.

    Parameters
    ----------
    requests : iterable of TrackedRequest
    libraries : mapping of LIBID to (type, region), keyword-only
        Lenders missing from it are reported with type and region ``None``.
    frm, to : date or datetime, keyword-only
        Window on the receipt instant: ``frm <= at < to`` for datetimes; dates are whole
        local days in ``tz``, both inclusive.
    region, lib_type : str, keyword-only
        Keep only lenders of this region / library type.
    tz : str, keyword-only
        Zone of date bounds.

    Returns
    -------
    list of LenderStats
        One per lender with at least one counted receipt, by LIBID.

    Examples
    --------
    >>> lender_performance([], libraries={})
    []
    """
    tallies = _tallies(requests, frm, to, tz)
    stats = [_lender_stats(libid, tally, *libraries.get(libid, (None, None)))
             for libid, tally in sorted(tallies.items())]
    return [s for s in stats if (region is None or s.region == region)
            and (lib_type is None or s.type == lib_type)]


def region_performance(requests: Iterable[TrackedRequest], *,
                       libraries: Mapping[str, tuple[str, str | None]],
                       frm: When | None = None, to: When | None = None,
                       tz: str = EASTERN) -> list[RegionStats]:
    """The lender figures rolled up by region (lenders without a region under ``None``).

    Parameters as :func:`lender_performance`; the median is over every fill in the region.
    """
    by_region: dict[str | None, list[_Tally]] = {}
    for libid, tally in _tallies(requests, frm, to, tz).items():
        by_region.setdefault(libraries.get(libid, (None, None))[1], []).append(tally)
    rows = []
    for reg, group in sorted(by_region.items(), key=lambda kv: (kv[0] is None, kv[0] or "")):
        received = sum(t.received for t in group)
        filled = sum(t.filled for t in group)
        cost = sum(t.unfilled_cost for t in group)
        hours = [h for t in group for h in t.hours]
        rows.append(RegionStats(reg, len(group), received, filled, cost,
                                _rate(filled, received, cost), _median_hours(hours)))
    return rows


def recent_received(requests: Iterable[TrackedRequest], *,
                    since: dt.datetime) -> dict[str, int]:
    """How many requests reached each lender (ROUTED events) at or after ``since``.

    The load measure for the load-aware routing policy: a request counts for its lender
    when it arrives, whether or not the lender receipts it.
    """
    counts: dict[str, int] = {}
    for req in requests:
        for event in reversed(req.history):  # histories are in time order
            if event.at < since:
                break
            if event.action == "ROUTED":
                counts[event.libid] = counts.get(event.libid, 0) + 1
    return counts
