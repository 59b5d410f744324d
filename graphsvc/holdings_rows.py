"""Reading one holding of a :class:`~graphsvc.holdings_table.HoldingsTable` from its columns:
as a :class:`~graphsvc.model.Holding`, through routing's holdings check, or as what coverage
indexes.

A row is named by a reference ``(segment, row)``; strings come from the table's string tables.
"""

from __future__ import annotations

import datetime as dt
from collections import namedtuple
from collections.abc import Callable, Iterable, Iterator

from graphsvc.holdings import (
    FORMAT_STOP, HOLDING_STOPS, LEVEL_2_STOP, RANGE_STOP, holdings_verdict, match_numbered,
)
from graphsvc.holdings_columns import EPUB, IGNORE_WARNINGS, LEVEL_2, RECEIVED, SUPPLEMENTS, \
    WINDOW
from graphsvc.model import Holding, Range

Ref = tuple  # (segment, row): one holding in the table
#: The fields of a holding that say whether its access window hides an article, as
#: :func:`~graphsvc.holdings.hides_article` reads them (no :class:`Holding` made).
Window = namedtuple("Window", "format embargo_months embargo_years retention_policy "
                              "limited_retention_period limited_retention_type")


class RowReader:
    """The reading half of :class:`~graphsvc.holdings_table.HoldingsTable` (a mixin: it reads
    the table's ``libids``, ``uids``, ``labels``, ``strings``, ``_numbers`` and ``_rows``)."""

    def uid(self, ref: Ref) -> str:
        segment, row = ref
        return self.uids.items[segment.title[row]]

    def libid(self, ref: Ref) -> str:
        segment, row = ref
        return self.libids.items[segment.holder[row]]

    def format(self, ref: Ref) -> str:
        segment, row = ref
        return self.strings.items[segment.format[row]]

    def last_modified(self, ref: Ref) -> dt.date | None:
        segment, row = ref
        day = segment.modified[row]
        return dt.date.fromordinal(day) if day else None

    def ranges(self, ref: Ref) -> tuple[Range, ...]:
        segment, row = ref
        labels = self.labels.items
        return tuple(Range(labels[bv] if (bv := segment.begin_volume[i]) else None,
                           labels[ev] if (ev := segment.end_volume[i]) else None,
                           segment.begin_year[i] or None, segment.end_year[i] or None)
                     for i in segment.ranges(row))

    def holding(self, ref: Ref) -> Holding:
        """The :class:`Holding` a reference stands for (made anew on every call)."""
        segment, row = ref
        text, flags = self.strings.items, segment.flags[row]
        return Holding(
            self.libid(ref), self.uid(ref), text[segment.format[row]], self.ranges(ref),
            bool(flags & RECEIVED), segment.embargo_months[row], self.last_modified(ref),
            text[segment.retention_policy[row]], segment.retention_period[row],
            text[segment.retention_type[row]], bool(flags & EPUB), bool(flags & SUPPLEMENTS),
            bool(flags & IGNORE_WARNINGS), segment.embargo_years[row],
            text[segment.issns[row]])

    def window(self, segment, row: int) -> Window:
        """What ``hidden`` reads of a holding with an access window (a :data:`Window`)."""
        text = self.strings.items
        return Window(text[segment.format[row]], segment.embargo_months[row],
                      segment.embargo_years[row], text[segment.retention_policy[row]],
                      segment.retention_period[row], text[segment.retention_type[row]])

    def check(self, parts: Iterable[tuple[object, int | None]], *, wanted: str,
              year: int | None, hidden: Callable[[Holding], str | None]
              ) -> tuple[str | None, str]:
        """THE holdings check (R13b,c,i, H5, H6): ``(reason, matched_on)`` of one library's
        holdings of a title, read straight from the columns.

        ``parts`` are ``(where, volume number)``: where the library's rows of a title end
        (a value of ``holders``) and the volume to match them on (``None``: the year only, as
        for a related title, H9). ``wanted`` is the request's format (``ANY``, ``PRINT``,
        ``ELECTRONIC``); ``hidden(holding)`` says why an electronic holding's access window
        hides the article (:func:`~graphsvc.holdings.hides_article`, given a :data:`Window`)
        or ``None``. A holding qualifies when it is not Level 2, has the format, is not
        hidden, and a range covers the volume or the year
        (:func:`~graphsvc.holdings.match_numbered`); otherwise the reason is the check at which
        the holding that got furthest stopped (:func:`~graphsvc.holdings.holdings_verdict`).
        """
        fmt = None if wanted == "ANY" else self.strings.index.get(wanted, -1)
        furthest, on_volume, on_year = 0, False, False
        for where, volume in parts:
            segment, rows = self.rows_at(where)
            for row in rows:
                flags = segment.flags[row]
                if flags & LEVEL_2:
                    reached = LEVEL_2_STOP
                elif fmt is not None and segment.format[row] != fmt:
                    reached = FORMAT_STOP
                elif flags & WINDOW and (why := hidden(self.window(segment, row))):
                    reached = HOLDING_STOPS.index(why, 1)
                else:
                    found = match_numbered(self._numbered(segment, row), volume, year)
                    if found is not None:
                        on_volume |= found != "YEAR"
                        on_year |= found != "VOLUME"
                        continue
                    reached = RANGE_STOP
                if reached > furthest:
                    furthest = reached
        return holdings_verdict(furthest, on_volume, on_year)

    def _numbered(self, segment, row: int) -> Iterable[tuple]:
        """A row's ranges as :data:`~graphsvc.holdings.Numbered` tuples (most rows have one:
        made at once, without a generator)."""
        numbers, bv, ev = self._numbers, segment.begin_volume, segment.end_volume
        by, ey = segment.begin_year, segment.end_year
        start, stop = segment.range_start[row], segment.range_start[row + 1]
        if stop == start + 1:
            return ((numbers[bv[start]], numbers[ev[start]], by[start] or None,
                     ey[start] or None),)
        return ((numbers[bv[i]], numbers[ev[i]], by[i] or None, ey[i] or None)
                for i in range(start, stop))

    def summaries(self, libid: str) -> Iterator[tuple[str, str, int, list | None]]:
        """``(nlm_uid, format, last_modified as a day number or 0, year ranges)`` of each of a
        library's holdings, straight from the columns (what coverage indexes). The year
        ranges are ``(begin, end)`` (``None``: open) of the ranges that state a year, or
        ``None`` for a Level 2 holding."""
        uids, text = self.uids.items, self.strings.items
        segment, rows = self._rows(libid)
        for row in rows:
            years = None
            if not segment.flags[row] & LEVEL_2:
                by, ey = segment.begin_year, segment.end_year
                years = [(by[i] or None, ey[i] or None) for i in segment.ranges(row)
                         if by[i] or ey[i]]
            yield (uids[segment.title[row]], text[segment.format[row]], segment.modified[row],
                   years)
