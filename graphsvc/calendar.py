"""Business days and Time-Triggered Action (TTA) deadlines (docline-rules.md T1-T3).

A business day is Monday to Friday except a US federal holiday, observed dates included
(PyPI ``holidays``: ``country_holidays("US")``). TTA runs at 00:05 local time on business
days; the clock is US Eastern unless a caller passes another zone (the lender's own, a
policy option). Deadlines are the TTA run instant at or after which a request is removed
from its lender.

Deadline rules, with D the local calendar date the clock started on:

- NORMAL, receipt: one *full* business day must pass after D (Open question 2's working
  assumption): removed at 00:05 on the 2nd business day after D (routed Mon -> Wed 00:05,
  routed Fri -> Tue 00:05).
- RUSH / URGENT, receipt: the same business day (a non-business D rolls forward to the next
  business day): removed at 00:05 on the next business day (routed Fri -> Mon 00:05).
- NORMAL, action after receipt: the receipt day is day 0 and three full business days must
  pass: removed at 00:05 on the 4th business day after D (received Mon -> Fri 00:05).
- RUSH / URGENT, action after receipt: one full business day: removed at 00:05 on the 2nd
  business day after D (received Mon -> Wed 00:05).
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache, cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from graphsvc.errors import InvalidInput
from graphsvc.model import SERVICE_LEVELS

EASTERN = "America/New_York"
TTA_TIME = dt.time(0, 5)
_ONE_DAY = dt.timedelta(days=1)
_UTC = dt.UTC


@cache
def _federal_holidays(year: int) -> frozenset[dt.date]:
    import holidays  # imported on first use: building the tables is not free

    return frozenset(holidays.country_holidays("US", years=year))


@lru_cache(maxsize=64)
def zone(tz: str | ZoneInfo = EASTERN) -> ZoneInfo:
    """The :class:`ZoneInfo` for an IANA name; raise :class:`InvalidInput` for an unknown one.

    >>> zone("America/Chicago").key
    'America/Chicago'
    """
    if isinstance(tz, ZoneInfo):
        return tz
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError, TypeError) as exc:
        msg = f"unknown time zone {tz!r}"
        raise InvalidInput(msg, problems=[{"field": "timezone", "message": msg}]) from exc


def is_holiday(day: dt.date) -> bool:
    """True on a US federal holiday or its observed date.

    >>> is_holiday(dt.date(2026, 7, 3))  # July 4 2026 is a Saturday
    True
    """
    return day in _federal_holidays(day.year)


@lru_cache(maxsize=8192)
def is_business_day(day: dt.date) -> bool:
    """True Monday to Friday unless a federal holiday (observed) falls on it.

    >>> is_business_day(dt.date(2026, 11, 26)), is_business_day(dt.date(2026, 11, 27))
    (False, True)
    """
    return day.weekday() < 5 and not is_holiday(day)


def next_business_day(day: dt.date) -> dt.date:
    """The first business day strictly after ``day``.

    >>> next_business_day(dt.date(2026, 12, 24))  # Christmas Friday, then the weekend
    datetime.date(2026, 12, 28)
    """
    day += _ONE_DAY
    while not is_business_day(day):
        day += _ONE_DAY
    return day


def add_business_days(day: dt.date, n: int) -> dt.date:
    """The ``n``-th business day after ``day`` (``day`` itself never counts; ``n >= 0``).

    Parameters
    ----------
    day : datetime.date
        Start date; may itself be a weekend or holiday.
    n : int
        How many business days to step; 0 returns ``day`` unchanged.

    Returns
    -------
    datetime.date

    Examples
    --------
    >>> add_business_days(dt.date(2026, 11, 25), 1)  # Wed before Thanksgiving -> Friday
    datetime.date(2026, 11, 27)
    """
    if n < 0:
        msg = f"n must be >= 0, got {n}"
        raise ValueError(msg)
    for _ in range(n):
        day = next_business_day(day)
    return day


def tta_run_at(day: dt.date, *, tz: str | ZoneInfo = EASTERN) -> dt.datetime:
    """The TTA run instant (00:05 local) on ``day``, as an aware datetime.

    A local time that does not exist (a zone that springs forward at midnight) is moved
    forward through the UTC round trip.

    >>> tta_run_at(dt.date(2026, 3, 9)).isoformat()
    '2026-03-09T00:05:00-04:00'
    """
    zi = zone(tz)
    local = dt.datetime.combine(day, TTA_TIME, tzinfo=zi)
    return local.astimezone(_UTC).astimezone(zi)


def local_date(at: dt.datetime, *, tz: str | ZoneInfo = EASTERN) -> dt.date:
    """The calendar date of the aware instant ``at`` in ``tz``."""
    return at.astimezone(zone(tz)).date()


def _check_level(service_level: str) -> None:
    if service_level not in SERVICE_LEVELS:
        msg = f"unknown service level {service_level!r}; expected one of {SERVICE_LEVELS}"
        raise InvalidInput(msg, problems=[{"field": "service_level", "message": msg}])


@lru_cache(maxsize=16384)
def _receipt_due_day(start: dt.date, service_level: str) -> dt.date:
    if service_level == "NORMAL":
        return add_business_days(start, 2)
    first = start if is_business_day(start) else next_business_day(start)
    return next_business_day(first)


@lru_cache(maxsize=16384)
def _action_due_day(start: dt.date, service_level: str) -> dt.date:
    return add_business_days(start, 4 if service_level == "NORMAL" else 2)


def receipt_due(routed_at: dt.datetime, service_level: str = "NORMAL", *,
                tz: str | ZoneInfo = EASTERN) -> dt.datetime:
    """The TTA instant at which a request not receipted by its lender is removed (T2, T3).

    Parameters
    ----------
    routed_at : datetime.datetime
        Aware instant the request reached the lender.
    service_level : str
        ``NORMAL``, ``RUSH`` or ``URGENT``.
    tz : str or ZoneInfo, keyword-only
        Zone of the TTA clock (default US Eastern).

    Returns
    -------
    datetime.datetime
        Aware, in ``tz``.

    Raises
    ------
    InvalidInput
        Unknown service level or zone.

    Examples
    --------
    >>> friday = dt.datetime(2026, 10, 2, 10, 0, tzinfo=zone())
    >>> receipt_due(friday, "NORMAL").isoformat()
    '2026-10-06T00:05:00-04:00'
    >>> receipt_due(friday, "RUSH").isoformat()
    '2026-10-05T00:05:00-04:00'
    """
    _check_level(service_level)
    return tta_run_at(_receipt_due_day(local_date(routed_at, tz=tz), service_level), tz=tz)


def action_due(received_at: dt.datetime, service_level: str = "NORMAL", *,
               tz: str | ZoneInfo = EASTERN) -> dt.datetime:
    """The TTA instant at which a receipted request not filled or rejected is removed (T2, T3).

    The receipt day is day 0. Parameters as :func:`receipt_due`.

    Examples
    --------
    >>> monday = dt.datetime(2026, 10, 5, 9, 30, tzinfo=zone())
    >>> action_due(monday, "NORMAL").isoformat()
    '2026-10-09T00:05:00-04:00'
    >>> action_due(monday, "URGENT").isoformat()
    '2026-10-07T00:05:00-04:00'
    """
    _check_level(service_level)
    return tta_run_at(_action_due_day(local_date(received_at, tz=tz), service_level), tz=tz)


def tta_runs_between(a: dt.datetime, b: dt.datetime, *,
                     tz: str | ZoneInfo = EASTERN) -> list[dt.datetime]:
    """Every TTA run instant ``t`` with ``a < t <= b``.

    >>> fri = dt.datetime(2026, 11, 27, 12, 0, tzinfo=zone())
    >>> [t.date().isoformat() for t in tta_runs_between(fri, fri + dt.timedelta(days=4))]
    ['2026-11-30', '2026-12-01']
    """
    runs = []
    day = local_date(a, tz=tz)
    while day <= local_date(b, tz=tz):
        if is_business_day(day):
            run = tta_run_at(day, tz=tz)
            if a < run <= b:
                runs.append(run)
        day += _ONE_DAY
    return runs
