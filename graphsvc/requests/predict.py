"""Learned lender order (the opt-in routing policy ``predictive``): each lender's chance of
filling a request that reaches it, and its speed, from the stored request history.

A request *reached* a lender when the lender's step ended: FILLED, NOT_FILLED or removed by
Time-Triggered Actions (pending and cancelled steps say nothing). The chance of filling is the
Beta-Binomial posterior mean with the network's rate as prior mean and :data:`PRIOR_STRENGTH`
pseudo-requests, so a lender with little history stays near the network's average. A service
level's own history is used when the lender has at least :data:`PRIOR_STRENGTH` requests at it.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from graphsvc.requests.records import TrackedRequest, lender_steps

PRIOR_STRENGTH = 10
SPEED_HOURS = 72.0  # a lender this slow (median) counts half as good as an instant one
_ENDED = ("FILLED", "NOT_FILLED", "REMOVED_NOT_RECEIPTED", "REMOVED_NOT_ACTED_UPON")


@dataclass(frozen=True)
class LenderEstimate:
    """What the history says of one lender (at one service level, or all)."""

    libid: str
    reached: int
    filled: int
    fill_chance: float
    median_hours: float | None

    @property
    def score(self) -> float:
        """The chance of filling, discounted by the median time to fill."""
        hours = self.median_hours if self.median_hours is not None else SPEED_HOURS
        return self.fill_chance / (1 + hours / SPEED_HOURS)

    def why(self) -> str:
        """The sentence a lender entry carries: ``filled 92% of 120 requests, median 6 h``."""
        speed = f", median {self.median_hours:.0f} h" if self.median_hours is not None else ""
        if self.reached < PRIOR_STRENGTH:
            return (f"little history ({self.reached} requests, {self.filled} filled): "
                    f"estimated {self.fill_chance:.0%} from the network's rate{speed}")
        return f"filled {self.filled / self.reached:.0%} of {self.reached} requests{speed}"


@dataclass
class _Tally:
    reached: int = 0
    filled: int = 0
    hours: list = None

    def add(self, outcome: str, hours: float | None) -> None:
        self.reached += 1
        if outcome == "FILLED":
            self.filled += 1
            self.hours = (self.hours or []) + ([hours] if hours is not None else [])


def lender_estimates(requests: Iterable[TrackedRequest], *,
                     service_level: str | None = None) -> dict[str, LenderEstimate]:
    """Every lender's :class:`LenderEstimate` from ``requests`` (their ended steps).

    Examples
    --------
    >>> import datetime as dt
    >>> from graphsvc.requests import apply_action, new_request
    >>> from graphsvc.requests.records import Step
    >>> at = dt.datetime(2026, 10, 5, 14, tzinfo=dt.timezone.utc)
    >>> req = new_request("R1", "ORUBOR", [Step("WAUSEA", "CELL", 1)], at=at)
    >>> req = apply_action(req, "RECEIVE", lender="WAUSEA", at=at + dt.timedelta(hours=1))
    >>> req = apply_action(req, "FILL", lender="WAUSEA", at=at + dt.timedelta(hours=6))
    >>> e = lender_estimates([req])["WAUSEA"]
    >>> e.reached, e.filled, e.fill_chance, e.median_hours
    (1, 1, 1.0, 6.0)
    """
    overall: dict[str, _Tally] = defaultdict(_Tally)
    by_level: dict[str, _Tally] = defaultdict(_Tally)
    for req in requests:
        for step in lender_steps(req):
            if step["outcome"] not in _ENDED:
                continue
            hours = (step["at"] - step["routed_at"]).total_seconds() / 3600 \
                if step["outcome"] == "FILLED" else None
            overall[step["libid"]].add(step["outcome"], hours)
            if req.service_level == service_level:
                by_level[step["libid"]].add(step["outcome"], hours)
    reached = sum(t.reached for t in overall.values())
    prior = sum(t.filled for t in overall.values()) / reached if reached else 0.5
    return {libid: _estimate(libid, by_level.get(libid) if by_level.get(libid) and
                             by_level[libid].reached >= PRIOR_STRENGTH else tally, prior)
            for libid, tally in overall.items()}


def _estimate(libid: str, tally: _Tally, prior: float) -> LenderEstimate:
    chance = (tally.filled + PRIOR_STRENGTH * prior) / (tally.reached + PRIOR_STRENGTH)
    median = statistics.median(tally.hours) if tally.hours else None
    return LenderEstimate(libid, tally.reached, tally.filled, round(chance, 3),
                          round(median, 1) if median is not None else None)


def network_estimate(estimates: dict[str, LenderEstimate], libid: str) -> LenderEstimate:
    """The estimate of a lender the history has never reached: the network's rate."""
    reached = sum(e.reached for e in estimates.values())
    filled = sum(e.filled for e in estimates.values())
    return LenderEstimate(libid, 0, 0, round(filled / reached, 3) if reached else 0.5, None)
