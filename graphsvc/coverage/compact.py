"""The coverage index's compact parts: a title's holders and a library's titles as arrays.

At national scale the index holds millions of holder-title pairs; as Python dicts, lists,
tuples and sets they cost hundreds of megabytes. Here a title keeps its holders' library
numbers and merged year intervals in a few ``array`` columns, and a library keeps its titles
as a sorted array of title numbers. Read-only views (:class:`Holders`, :class:`TitleSet`)
answer as the mappings and sets they replace did.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping, Set

from graphsvc.holdings_columns import Strings

Interval = tuple[int, int]
_NO_STRINGS = Strings()


def _position(codes: array, code: int | None) -> int:
    """Where ``code`` is in the sorted ``codes``, or -1."""
    if code is None:
        return -1
    i = bisect_left(codes, code)
    return i if i < len(codes) and codes[i] == code else -1


class TitleHolders:
    """The non-Level-2 holders of one title: libid -> merged year intervals (:attr:`holders`).

    ``holder_codes``: the holders' library numbers, ascending; their intervals are the
    ``(begin, end)`` pairs of ``years``, ``bounds[i]:bounds[i + 1]`` for holder ``i``
    (``bounds`` is ``None`` when each holder has exactly one interval).
    ``event_years``/``event_codes``/``event_ends``: every interval as a begin event (code =
    library number, end = the interval's last year) and an end event (year = last year + 1,
    code = ``~number``), sorted by year.
    """

    __slots__ = ("first_year", "event_years", "event_codes", "event_ends", "holder_codes",
                 "bounds", "years", "libraries")

    def __init__(self, first_year: int | None = None, *, events: tuple = (),
                 holder_codes: array | None = None, bounds: array | None = None,
                 years: array | None = None, libraries: Strings = _NO_STRINGS):
        self.first_year = first_year
        self.event_years, self.event_codes, self.event_ends = events or (
            array("i"), array("i"), array("i"))
        self.holder_codes = array("i") if holder_codes is None else holder_codes
        self.bounds, self.libraries = bounds, libraries
        self.years = array("i") if years is None else years

    @property
    def holders(self) -> Holders:
        """libid -> the library's merged year intervals (a read-only mapping)."""
        return Holders(self)

    def intervals(self, i: int) -> list[Interval]:
        """The year intervals of the ``i``-th holder."""
        first, stop = (i, i + 1) if self.bounds is None else (self.bounds[i], self.bounds[i + 1])
        years = self.years
        return [(years[j], years[j + 1]) for j in range(2 * first, 2 * stop, 2)]


class Holders(Mapping):
    """A title's holders as a read-only mapping libid -> intervals, in library number order."""

    __slots__ = ("_title",)

    def __init__(self, title: TitleHolders):
        self._title = title

    def __len__(self) -> int:
        return len(self._title.holder_codes)

    def __iter__(self) -> Iterator[str]:
        return map(self._title.libraries.items.__getitem__, self._title.holder_codes)

    def __contains__(self, libid: object) -> bool:
        title = self._title
        return _position(title.holder_codes, title.libraries.index.get(libid)) >= 0

    def __getitem__(self, libid: str) -> list[Interval]:
        title = self._title
        i = _position(title.holder_codes, title.libraries.index.get(libid))
        if i < 0:
            raise KeyError(libid)
        return title.intervals(i)

    def items(self) -> Iterator[tuple[str, list[Interval]]]:  # type: ignore[override]
        """``(libid, intervals)`` of each holder."""
        title, names = self._title, self._title.libraries.items
        return ((names[code], title.intervals(i)) for i, code in enumerate(title.holder_codes))


class TitleSet(Set):
    """A read-only set of NLM Unique IDs kept as a sorted array of title numbers."""

    __slots__ = ("codes", "titles")

    def __init__(self, codes: Iterable[int], titles: Strings):
        self.codes, self.titles = array("i", sorted(codes)), titles

    @classmethod
    def _from_iterable(cls, values: Iterable[str]) -> set[str]:
        return set(values)  # what ``|``, ``&`` and ``-`` give

    def __len__(self) -> int:
        return len(self.codes)

    def __iter__(self) -> Iterator[str]:
        return map(self.titles.items.__getitem__, self.codes)

    def __contains__(self, uid: object) -> bool:
        return _position(self.codes, self.titles.index.get(uid)) >= 0
