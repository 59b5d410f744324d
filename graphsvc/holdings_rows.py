"""Reading one holding of a :class:`~graphsvc.holdings_table.HoldingsTable` from its columns:
as a :class:`~graphsvc.model.Holding`, as routing's compiled form, or as what coverage indexes.

A row is named by a reference ``(segment, row)``; strings come from the table's string tables.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from graphsvc.holdings import CompiledHolding, compile_numbers
from graphsvc.holdings_columns import EPUB, IGNORE_WARNINGS, LEVEL_2, RECEIVED, SUPPLEMENTS, \
    WINDOW
from graphsvc.model import Holding, Range

Ref = tuple  # (segment, row): one holding in the table


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

    def compiled(self, ref: Ref) -> CompiledHolding:
        """The holding as routing checks it, read from the columns (no :class:`Holding`
        unless its access window has to be checked)."""
        segment, row = ref
        numbers, flags = self._numbers, segment.flags[row]
        bv, ev, by, ey = segment.begin_volume, segment.end_volume, segment.begin_year, \
            segment.end_year
        bounds = compile_numbers([(numbers[bv[i]], numbers[ev[i]], by[i] or None, ey[i] or None)
                                  for i in range(segment.range_start[row],
                                                 segment.range_start[row + 1])])
        window = self.holding(ref) if flags & WINDOW else None
        return CompiledHolding(self.strings.items[segment.format[row]], bool(flags & LEVEL_2),
                               window, *bounds)

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
