"""Holdings range matching: volume OR year, open ends, several ranges, Level 2, embargo.

DOCLINE rule H6 / R13b: a holding matches when the requested volume lies in any range
or the requested year lies in any range. Level 2 ranges (no volume, no year) never match.

The one home of range matching (:func:`match_bounds`) and of the holdings check routing
makes (:func:`match_holdings`), used by single and batch routing alike.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import NamedTuple

from graphsvc.model import Holding, Range

_LEADING_NUMBER = re.compile(r"\s*(\d+)")


def volume_number(volume: str | None) -> int | None:
    """The leading whole number of a volume label, or ``None``.

    >>> volume_number("16 Suppl 2"), volume_number("372"), volume_number("Suppl")
    (16, 372, None)
    """
    if volume is None:
        return None
    found = _LEADING_NUMBER.match(str(volume))
    return int(found.group(1)) if found else None


#: An open end of a range, as a bound no volume or year reaches.
OPEN = 1 << 62

_volume_of = lru_cache(maxsize=4096)(volume_number)


def _bounds(begin: int | None, end: int | None) -> tuple[int, int] | None:
    if begin is None and end is None:
        return None
    return (-OPEN if begin is None else begin, OPEN if end is None else end)


def compile_ranges(ranges: Iterable[Range]) -> tuple[tuple, tuple]:
    """``(volume bounds, year bounds)``: each range's stated ends as ``(begin, end)`` with
    open ends as wide bounds; a range that states no volume (no year) has no volume (year)
    bounds, so it never matches on it (H6).

    >>> compile_ranges((Range("10", None, 1990, 2000), Range(None, None, 2005, None)))
    (((10, 4611686018427387904),), ((1990, 2000), (2005, 4611686018427387904)))
    """
    return compile_numbers((_volume_of(r.begin_volume), _volume_of(r.end_volume),
                            r.begin_year, r.end_year) for r in ranges)


def compile_numbers(numbered: Iterable[tuple[int | None, int | None, int | None, int | None]]
                    ) -> tuple[tuple, tuple]:
    """:func:`compile_ranges` of ranges given as ``(begin volume number, end volume number,
    begin year, end year)`` (what the compact holdings table keeps).

    >>> compile_numbers([(None, None, 1990, 2000), (5, None, None, None)])
    (((5, 4611686018427387904),), ((1990, 2000),))
    """
    volumes, years = [], []
    for begin_volume, end_volume, begin_year, end_year in numbered:
        if begin_volume is not None or end_volume is not None:
            volumes.append(_bounds(begin_volume, end_volume))
        if begin_year is not None or end_year is not None:
            years.append(_bounds(begin_year, end_year))
    return tuple(volumes), tuple(years)


def match_bounds(volumes: tuple, years: tuple, volume: int | None,
                 year: int | None) -> str | None:
    """THE range match (H6, R13b): ``VOLUME``, ``YEAR``, ``BOTH`` or ``None`` for compiled
    bounds (:func:`compile_ranges`) and a volume number and year.

    >>> match_bounds(((10, 20),), ((1990, 2000),), 25, 1995)
    'YEAR'
    """
    on_volume = volume is not None and any(b <= volume <= e for b, e in volumes)
    on_year = year is not None and any(b <= year <= e for b, e in years)
    if on_volume:
        return "BOTH" if on_year else "VOLUME"
    return "YEAR" if on_year else None


def match_ranges(ranges: Iterable[Range], *, volume: str | None, year: int | None) -> str | None:
    """How a holding's ranges match a citation: ``VOLUME``, ``YEAR``, ``BOTH`` or ``None``.

    >>> r = (Range("10", "20", 1990, 2000),)
    >>> match_ranges(r, volume="25", year=1995), match_ranges(r, volume="15", year=2010)
    ('YEAR', 'VOLUME')
    >>> match_ranges(r, volume="25", year=2010) is None
    True
    """
    return match_bounds(*compile_ranges(ranges), _volume_of(volume), year)


def range_covers_year(rng: Range, year: int) -> bool:
    """Whether ``rng`` states years and ``year`` lies between them (open ends allowed)."""
    return match_bounds((), compile_ranges((rng,))[1], None, year) is not None


class CompiledHolding(NamedTuple):
    """One holding as routing checks it: format, Level 2, access window (the holding itself
    when it is electronic with an embargo or a limited retention, else ``None``), compiled
    range bounds."""

    format: str
    level_2: bool
    window: Holding | None
    volumes: tuple
    years: tuple


@lru_cache(maxsize=1 << 16)
def compile_holding(holding: Holding) -> CompiledHolding:
    """The holding in the form :func:`match_holdings` reads (computed once, reused).

    >>> held = compile_holding(Holding("L", "1", "PRINT", (Range("10", None, 1990, 2000),)))
    >>> held.format, held.level_2, held.window, held.volumes == ((10, OPEN),), held.years
    ('PRINT', False, None, True, ((1990, 2000),))
    """
    return CompiledHolding(holding.format, is_level_2(holding.ranges),
                           _access_window(holding), *compile_ranges(holding.ranges))


def _access_window(h: Holding) -> Holding | None:
    return h if has_access_window(h) else None


def has_access_window(h: Holding) -> bool:
    """Whether an electronic holding's embargo or limited retention may hide an article."""
    limited = h.embargo_months > 0 or h.embargo_years > 0 or \
        h.retention_policy == "Limited Period Only"
    return h.format == "ELECTRONIC" and limited


# How far a holding got through the checks, and the reason it stopped there.
_HOLDING_STOPS = ("NO_HOLDINGS", "LEVEL_2", "FORMAT", "EMBARGO", "NO_HOLDINGS")


def match_holdings(holdings: Iterable[CompiledHolding], *, wanted: str, volume: int | None,
                   year: int | None, hidden: Callable[[Holding], str | None]
                   ) -> tuple[str | None, str]:
    """``(reason, matched_on)`` for one library's holdings of a title (R13b,c,i, H5, H6).

    The one holdings check of single and batch routing. ``wanted`` is the request's format
    (``ANY``, ``PRINT``, ``ELECTRONIC``); ``hidden(holding)`` says why an electronic
    holding's access window hides the article (:func:`hides_article`: ``EMBARGO``,
    ``NO_HOLDINGS``) or ``None``. ``reason`` is ``None`` when some holding qualifies;
    ``matched_on`` then says whether the volume, the year or both matched. Otherwise the
    reason is the check at which the holding that got furthest stopped: Level 2, format,
    embargo, then ranges.

    >>> held = [compile_holding(Holding("L", "1", "PRINT", (Range("300", "400"),)))]
    >>> never = lambda holding: None
    >>> match_holdings(held, wanted="ANY", volume=372, year=2015, hidden=never)
    (None, 'VOLUME')
    >>> match_holdings(held, wanted="ELECTRONIC", volume=372, year=2015, hidden=never)
    ('FORMAT', 'NOT_CHECKED')
    """
    furthest, matches = 0, set()
    for h in holdings:
        if h.level_2:
            reached = 1
        elif wanted != "ANY" and h.format != wanted:
            reached = 2
        elif h.window is not None and (why := hidden(h.window)) is not None:
            reached = _HOLDING_STOPS.index(why, 1)
        else:
            found = match_bounds(h.volumes, h.years, volume, year)
            if found is not None:
                matches.add(found)
                continue
            reached = 4
        furthest = max(furthest, reached)
    if not matches:
        return _HOLDING_STOPS[furthest], "NOT_CHECKED"
    if "BOTH" in matches or {"VOLUME", "YEAR"} <= matches:
        return None, "BOTH"
    return None, "VOLUME" if "VOLUME" in matches else "YEAR"


def is_level_2(ranges: Iterable[Range]) -> bool:
    """Whether every range is Level 2 (or there are none): routing cannot tell what is held."""
    return all(r.is_level_2 for r in ranges)


def article_age_months(epub_date: dt.date, at: dt.date) -> int:
    """Whole months from ``epub_date`` to ``at`` (0 for a future date)."""
    months = (at.year - epub_date.year) * 12 + (at.month - epub_date.month)
    if at.day < epub_date.day:
        months -= 1
    return max(months, 0)


def is_embargoed(embargo_months: int, *, epub_date: dt.date | None, pmid: str | None,
                 at: dt.date, embargo_years: int = 0) -> bool:
    """Whether an electronic holding's embargo hides the article (E10, DOCLINE 6).

    ``embargo_months`` is DOCLINE's moving wall (the article's age in months);
    ``embargo_years`` a KBART ``P<n>Y`` wall, in calendar years (RP-9): the current year and
    the ``n - 1`` before it are not available. No ePubDate and no PMID: routed despite
    embargoes. A PMID without an ePubDate gives no age to compare, so it is treated the
    same way.

    >>> is_embargoed(12, epub_date=dt.date(2026, 5, 1), pmid=None, at=dt.date(2026, 11, 1))
    True
    >>> is_embargoed(12, epub_date=None, pmid=None, at=dt.date(2026, 11, 1))
    False
    >>> [is_embargoed(0, epub_date=dt.date(y, 12, 31), pmid=None, at=dt.date(2026, 1, 2),
    ...               embargo_years=1) for y in (2025, 2026)]
    [False, True]
    """
    if epub_date is None:
        return False
    if embargo_years > 0 and epub_date.year > at.year - embargo_years:
        return True
    return embargo_months > 0 and article_age_months(epub_date, at) < embargo_months


def is_past_retention(holding: Holding, *, year: int | None, epub_date: dt.date | None,
                      at: dt.date) -> bool:
    """Whether a limited retention ("Latest N years/months", a KBART ``R`` code) no longer
    keeps the article.

    Years are calendar years (H8, RP-9): latest 2 years = this year and last year. Months
    count back from ``at``: the article's ePubDate when given, else its year, must not be
    older than the wall. Editions and an unknown date keep the article.

    >>> from graphsvc.model import Holding
    >>> latest_2 = Holding("L", "1", "ELECTRONIC", retention_policy="Limited Period Only",
    ...                    limited_retention_period=2, limited_retention_type="Years")
    >>> [is_past_retention(latest_2, year=y, epub_date=None, at=dt.date(2026, 3, 1))
    ...  for y in (2024, 2025, 2026)]
    [True, False, False]
    """
    period, kind = holding.limited_retention_period, holding.limited_retention_type
    if holding.retention_policy != "Limited Period Only" or period <= 0:
        return False
    if kind == "Years":
        first = at.year - (period - 1)
        article_year = epub_date.year if epub_date else year
        return article_year is not None and article_year < first
    if kind != "Months":
        return False
    wall = _months_before(at, period)
    if epub_date is not None:
        return epub_date < wall
    return year is not None and year < wall.year


def _months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` earlier (the month's last day when it is shorter)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def hides_article(holding: Holding, *, year: int | None, epub_date: dt.date | None,
                  pmid: str | None, at: dt.date) -> str | None:
    """Why an electronic holding cannot supply the article: ``"EMBARGO"`` (its moving wall
    has not passed), ``"NO_HOLDINGS"`` (its limited retention no longer keeps the article's
    year) or ``None``. Print holdings are never hidden (R13i; DOCLINE 6 does not apply
    limited retention to routing, H8)."""
    if holding.format != "ELECTRONIC":
        return None
    if is_embargoed(holding.embargo_months, epub_date=epub_date, pmid=pmid, at=at,
                    embargo_years=holding.embargo_years):
        return "EMBARGO"
    if is_past_retention(holding, year=year, epub_date=epub_date, at=at):
        return "NO_HOLDINGS"
    return None
