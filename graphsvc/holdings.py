"""Holdings range matching: volume OR year, open ends, several ranges, Level 2, embargo.

DOCLINE rule H6 / R13b: a holding matches when the requested volume lies in any range
or the requested year lies in any range. Level 2 ranges (no volume, no year) never match.

The one home of range matching (:func:`covers`, :func:`match_numbered`) and of the outcome of
the holdings check (:func:`holdings_verdict`); the check itself reads the holdings table's
columns (:meth:`graphsvc.holdings_rows.RowReader.check`), for single and batch routing alike.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable
from functools import lru_cache

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


_volume_of = lru_cache(maxsize=4096)(volume_number)

#: A range as routing reads it: ``(begin volume number, end volume number, begin year,
#: end year)``, ``None`` for an end not stated.
Numbered = tuple[int | None, int | None, int | None, int | None]


def covers(begin: int | None, end: int | None, value: int) -> bool:
    """THE bound rule (H6): ``value`` lies between a range's stated ends, an end not stated
    being open; a range that states neither end covers nothing.

    >>> covers(10, None, 372), covers(None, 5, 6), covers(None, None, 1)
    (True, False, False)
    """
    if begin is None:
        return end is not None and value <= end
    return begin <= value and (end is None or value <= end)


def numbered(ranges: Iterable[Range]) -> tuple[Numbered, ...]:
    """Ranges as :data:`Numbered` tuples (a volume label's leading number, H6).

    >>> numbered((Range("10 Suppl", None, 1990, 2000),))
    ((10, None, 1990, 2000),)
    """
    return tuple((_volume_of(r.begin_volume), _volume_of(r.end_volume), r.begin_year,
                  r.end_year) for r in ranges)


def match_numbered(ranges: Iterable[Numbered], volume: int | None,
                   year: int | None) -> str | None:
    """THE range match (H6, R13b): ``VOLUME``, ``YEAR``, ``BOTH`` or ``None``: whether the
    volume number lies in some range's volumes, the year in some range's years (:func:`covers`).

    >>> match_numbered([(10, 20, 1990, 2000)], 25, 1995)
    'YEAR'
    >>> match_numbered([(10, 20, None, None), (None, None, 2005, None)], 15, 2010)
    'BOTH'
    """
    on_volume = on_year = False
    for begin_volume, end_volume, begin_year, end_year in ranges:
        if volume is not None and not on_volume:
            on_volume = covers(begin_volume, end_volume, volume)
        if year is not None and not on_year:
            on_year = covers(begin_year, end_year, year)
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
    return match_numbered(numbered(ranges), _volume_of(volume), year)


def range_covers_year(rng: Range, year: int) -> bool:
    """Whether ``rng`` states years and ``year`` lies between them (open ends allowed)."""
    return covers(rng.begin_year, rng.end_year, year)


def _access_window(h: Holding) -> Holding | None:
    return h if has_access_window(h) else None


def has_access_window(h: Holding) -> bool:
    """Whether an electronic holding's embargo or limited retention may hide an article."""
    limited = h.embargo_months > 0 or h.embargo_years > 0 or \
        h.retention_policy == "Limited Period Only"
    return h.format == "ELECTRONIC" and limited


#: How far a holding got through the holdings check, and the reason it stopped there.
HOLDING_STOPS = ("NO_HOLDINGS", "LEVEL_2", "FORMAT", "EMBARGO", "NO_HOLDINGS")
LEVEL_2_STOP, FORMAT_STOP, RANGE_STOP = 1, 2, 4


def holdings_verdict(furthest: int, on_volume: bool, on_year: bool) -> tuple[str | None, str]:
    """``(reason, matched_on)`` of one library's holdings of a title (R13b,c,i, H5, H6), from
    how far the holding that got furthest went (:data:`HOLDING_STOPS`) and whether some
    qualifying holding matched on the volume, the year.

    >>> holdings_verdict(2, False, True), holdings_verdict(2, False, False)
    ((None, 'YEAR'), ('FORMAT', 'NOT_CHECKED'))
    """
    if on_volume:
        return None, "BOTH" if on_year else "VOLUME"
    if on_year:
        return None, "YEAR"
    return HOLDING_STOPS[furthest], "NOT_CHECKED"


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
