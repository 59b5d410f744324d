"""Holdings range matching: volume OR year, open ends, several ranges, Level 2, embargo.

DOCLINE rule H6 / R13b: a holding matches when the requested volume lies in any range
or the requested year lies in any range. Level 2 ranges (no volume, no year) never match.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from graphsvc.model import Range

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


def range_covers_volume(rng: Range, volume: int) -> bool:
    """Whether ``rng`` states volumes and ``volume`` lies between them (open ends allowed)."""
    begin, end = volume_number(rng.begin_volume), volume_number(rng.end_volume)
    if begin is None and end is None:
        return False
    return (begin is None or begin <= volume) and (end is None or volume <= end)


def range_covers_year(rng: Range, year: int) -> bool:
    """Whether ``rng`` states years and ``year`` lies between them (open ends allowed)."""
    if rng.begin_year is None and rng.end_year is None:
        return False
    return (rng.begin_year is None or rng.begin_year <= year) and \
        (rng.end_year is None or year <= rng.end_year)


def match_ranges(ranges: Iterable[Range], *, volume: str | None, year: int | None) -> str | None:
    """How a holding's ranges match a citation: ``VOLUME``, ``YEAR``, ``BOTH`` or ``None``.

    >>> r = (Range("10", "20", 1990, 2000),)
    >>> match_ranges(r, volume="25", year=1995), match_ranges(r, volume="15", year=2010)
    ('YEAR', 'VOLUME')
    >>> match_ranges(r, volume="25", year=2010) is None
    True
    """
    number = volume_number(volume)
    on_volume = number is not None and any(range_covers_volume(r, number) for r in ranges)
    on_year = year is not None and any(range_covers_year(r, year) for r in ranges)
    if on_volume and on_year:
        return "BOTH"
    if on_volume:
        return "VOLUME"
    return "YEAR" if on_year else None


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
                 at: dt.date) -> bool:
    """Whether an electronic holding's embargo hides the article (E10, DOCLINE 6).

    No ePubDate and no PMID: routed despite embargoes. A PMID without an ePubDate gives no
    age to compare, so it is treated the same way.

    >>> is_embargoed(12, epub_date=dt.date(2026, 5, 1), pmid=None, at=dt.date(2026, 11, 1))
    True
    >>> is_embargoed(12, epub_date=None, pmid=None, at=dt.date(2026, 11, 1))
    False
    """
    if embargo_months <= 0 or epub_date is None:
        return False
    return article_age_months(epub_date, at) < embargo_months
