"""Holdings rows in compact columns: one :class:`Segment` per set of rows, sorted by title.

A segment keeps each field of its holdings in an :mod:`array` column (a few bytes a field,
about 60 bytes a holding with its ranges, where a :class:`~graphsvc.model.Holding` with its
ranges costs a kilobyte of Python objects the cyclic collector walks). Strings are indexes into
the string tables of :class:`~graphsvc.holdings_table.HoldingsTable`; ranges sit in four flat
range columns, a row's ranges being ``range_start[row]:range_start[row + 1]``. Rows are sorted
by title, then holder, then format, so a title's rows, and one holder's rows of a title, are
contiguous slices found by bisection.
"""

from __future__ import annotations

from array import array
from collections import namedtuple
from collections.abc import Iterable
from bisect import bisect_left, bisect_right
from itertools import accumulate, pairwise
from operator import itemgetter

from graphsvc.holdings import has_access_window
from graphsvc.model import Holding

#: Flag bits of a row.
RECEIVED, EPUB, SUPPLEMENTS, IGNORE_WARNINGS, LEVEL_2, WINDOW = (1 << i for i in range(6))
#: Per-row columns and their array type codes (indexes into the table's string tables:
#: ``holder`` its LIBIDs, ``title`` its NLM Unique IDs, the others its strings).
ROW_COLUMNS = {"title": "i", "holder": "i", "format": "i", "flags": "B",
               "embargo_months": "i", "embargo_years": "i", "retention_policy": "i",
               "retention_period": "i", "retention_type": "i", "modified": "i", "issns": "i"}
#: Per-range columns: volume labels (indexes, 0 for none) and years (0 for none).
RANGE_COLUMNS = {"begin_volume": "i", "end_volume": "i", "begin_year": "i", "end_year": "i"}
NO_LABEL, NO_YEAR = 0, 0
#: Holdings as plain columns of their fields, what :meth:`HoldingsTable.extend` encodes: a
#: list per field, a value per holding (the :class:`~graphsvc.model.Holding` fields,
#: ``last_modified`` as a day number or 0, ``range_count`` the number of its ranges)...
HOLDING_FIELDS = ("libid", "nlm_uid", "format", "currently_received", "embargo_months",
                  "last_modified", "retention_policy", "limited_retention_period",
                  "limited_retention_type", "has_epub_ahead_of_print", "has_supplements",
                  "ignore_warnings", "embargo_years", "issns_as_written", "range_count")
#: ...and a list per range field, a value per range, the holdings' ranges one after the other
#: (``None`` for an open end, as in :class:`~graphsvc.model.Range`).
RANGE_FIELDS = ("begin_volume", "end_volume", "begin_year", "end_year")
_OPEN = (None, None, None, None)  # a Level 2 range
_Window = namedtuple("_Window", "format embargo_months embargo_years retention_policy")


class Strings:
    """An append-only table of strings: position <-> string."""

    __slots__ = ("items", "index")

    def __init__(self, items: Iterable[str] = ()):
        self.items = list(items)
        self.index = {s: i for i, s in enumerate(self.items)}

    def code(self, value: str) -> int:
        found = self.index.get(value)
        if found is None:
            self.items.append(value)
            found = self.index[value] = len(self.items) - 1
        return found

    def codes(self, values: list[str]) -> list[int]:
        """The codes of many values (new ones added in the order they come), looked up at
        C speed."""
        index = self.index
        for value in [v for v in dict.fromkeys(values) if v not in index]:
            self.code(value)
        return list(map(index.__getitem__, values))


def holding_fields(holdings: list[Holding]) -> dict[str, list]:
    """``holdings`` as columns of their fields (:data:`HOLDING_FIELDS`, :data:`RANGE_FIELDS`)."""
    fields = {name: [getattr(h, name) for h in holdings] for name in HOLDING_FIELDS[:-1]}
    fields["last_modified"] = [d.toordinal() if d else 0 for d in fields["last_modified"]]
    fields["range_count"] = [len(h.ranges) for h in holdings]
    ranges = [r for h in holdings for r in h.ranges]
    fields.update({name: [getattr(r, name) for r in ranges] for name in RANGE_FIELDS})
    return fields


def field_flags(fields: dict[str, list]) -> list[int]:
    """The flag bits of each holding's row, from its fields (:func:`holding_fields`)."""
    access = map(has_access_window, map(_Window._make, zip(
        fields["format"], fields["embargo_months"], fields["embargo_years"],
        fields["retention_policy"], strict=True)))
    return [RECEIVED * received | EPUB * epub | SUPPLEMENTS * supplements
            | IGNORE_WARNINGS * ignore | LEVEL_2 * level_2 | WINDOW * window
            for received, epub, supplements, ignore, level_2, window in zip(
                fields["currently_received"], fields["has_epub_ahead_of_print"],
                fields["has_supplements"], fields["ignore_warnings"], _level_2(fields),
                access, strict=True)]


def _level_2(fields: dict[str, list]) -> list[bool]:
    """Whether each holding is Level 2 (:func:`~graphsvc.holdings.is_level_2`: none of its
    ranges has an end, as :attr:`~graphsvc.model.Range.is_level_2` says, or it has none)."""
    stated = list(accumulate(map(_OPEN.__ne__, zip(*(fields[name] for name in RANGE_FIELDS),
                                                   strict=True)), initial=0))
    starts = list(accumulate(fields["range_count"], initial=0))
    return [stated[start] == stated[end] for start, end in pairwise(starts)]


class Segment:
    """Rows of holdings in columns, sorted by (title, holder, format); never changed."""

    __slots__ = (*ROW_COLUMNS, "range_start", *RANGE_COLUMNS, "_by_holder")

    def __init__(self, columns: dict[str, array]):
        for name in self.__slots__[:-1]:
            setattr(self, name, columns[name])
        self._by_holder: tuple | None = None

    @classmethod
    def empty(cls) -> Segment:
        return ColumnBuilder().segment()

    def __len__(self) -> int:
        return len(self.title)

    def __getstate__(self) -> dict:
        return {name: getattr(self, name) for name in self.__slots__[:-1]}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state)

    def title_rows(self, title: int) -> range:
        """The rows of one title."""
        return range(bisect_left(self.title, title), bisect_right(self.title, title))

    def ranges(self, row: int) -> range:
        """The range-column positions of one row."""
        return range(self.range_start[row], self.range_start[row + 1])

    def holder_rows(self, holder: int) -> array | range:
        """The rows of one holder, in title order (an index built on first use)."""
        if self._by_holder is None:
            self._by_holder = _holder_index(self.holder)
        order, starts = self._by_holder
        if holder + 1 >= len(starts):
            return range(0)
        return order[starts[holder]:starts[holder + 1]]

    def nbytes(self) -> int:
        """Bytes held by the columns."""
        return sum(getattr(self, name).buffer_info()[1] * getattr(self, name).itemsize
                   for name in self.__slots__[:-1])


def _holder_index(holders: array) -> tuple[array, array]:
    """``(rows sorted by holder, start of each holder's rows)`` for :meth:`holder_rows`."""
    starts = array("i", [0]) * (max(holders, default=-1) + 2)
    for holder in holders:
        starts[holder + 1] += 1
    for i in range(1, len(starts)):
        starts[i] += starts[i - 1]
    order, free = array("i", [0]) * len(holders), array("i", starts)
    for row, holder in enumerate(holders):  # a counting sort: stable, so in title order
        order[free[holder]] = row
        free[holder] += 1
    return order, starts


def _picker(positions: list[int]):
    """``pick(column)``: the column's values at ``positions``, as a sequence (at C speed)."""
    if len(positions) > 1:
        return itemgetter(*positions)
    return lambda column: [column[i] for i in positions]  # itemgetter of one: no tuple


class ColumnBuilder:
    """Rows appended in any order; :meth:`segment` sorts them and keeps, of rows with the same
    title, holder and format, the one appended last (as a replaced edge was)."""

    def __init__(self) -> None:
        self.rows = {name: array(code) for name, code in ROW_COLUMNS.items()}
        self.range_start = array("i", [0])
        self.ranges = {name: array(code) for name, code in RANGE_COLUMNS.items()}

    def __len__(self) -> int:
        return len(self.rows["title"])

    def extend(self, rows: dict[str, list[int]], counts: list[int],
               ranges: dict[str, list[int]]) -> None:
        """Rows as columns (:data:`ROW_COLUMNS`), each row's number of ranges and the ranges
        as columns (:data:`RANGE_COLUMNS`: label and year codes)."""
        for name, values in rows.items():
            self.rows[name].extend(values)
        for name, values in ranges.items():
            self.ranges[name].extend(values)
        self.range_start.extend(accumulate(counts, initial=self.range_start[-1]))
        del self.range_start[-len(counts) - 1]

    def take(self, segment: Segment, rows: Iterable[int]) -> None:
        """Append rows of another segment (codes of the same table)."""
        rows = list(rows)
        pick, old = _picker(rows), segment.range_start
        positions = [i for row in rows for i in range(old[row], old[row + 1])]
        pick_range = _picker(positions)
        self.extend({name: pick(getattr(segment, name)) for name in ROW_COLUMNS},
                    [old[row + 1] - old[row] for row in rows],
                    {name: pick_range(getattr(segment, name)) for name in RANGE_COLUMNS})

    def segment(self) -> Segment:
        """The rows as a sorted :class:`Segment` (duplicates dropped, the last one kept)."""
        order = self._order()
        pick = _picker(order)
        columns = {name: array(col.typecode, pick(col)) for name, col in self.rows.items()}
        old = self.range_start
        counts = [old[row + 1] - old[row] for row in order]
        columns["range_start"] = array("i", accumulate(counts, initial=0))
        positions = [i for row in order for i in range(old[row], old[row + 1])]
        pick = _picker(positions)
        for name, col in self.ranges.items():
            columns[name] = array(col.typecode, pick(col))
        return Segment(columns)

    def _order(self) -> list[int]:
        title, holder, fmt = self.rows["title"], self.rows["holder"], self.rows["format"]
        n = len(title)
        if not n:
            return []
        holders, formats = max(holder) + 1, max(fmt) + 1
        keys = [((t * holders + h) * formats + f) * n + i
                for i, (t, h, f) in enumerate(zip(title, holder, fmt, strict=True))]
        keys.sort()  # by title, holder, format, then as appended
        groups = [key // n for key in keys]  # the same title, holder and format: one group
        return [key % n for key, group, after in zip(keys, groups, [*groups[1:], -1],
                                                      strict=True) if group != after]
