"""Every holding of a network in compact columns, kept at ``G.graph["holdings"]``.

A :class:`HoldingsTable` is a frozen base :class:`~graphsvc.holdings_columns.Segment` (every
holding, rows sorted by title) plus a small overlay: the libraries whose holdings changed since
the base was built, each with a segment of its own, their base rows masked. Replacing one
library's holdings (:meth:`HoldingsTable.replace`) costs that library's holdings, not the
network's; the overlay is folded into a new base when it has grown to a quarter of the base
(and whenever the network is built again).

Readers never see a change half made: a change builds a new :class:`_State` and puts it in
place at once, and a reader keeps the state it took. :class:`~graphsvc.model.Holding` objects
are made only on demand (exports); routing's holdings check
(:meth:`~graphsvc.holdings_rows.RowReader.check`) and coverage's year ranges read straight
from the columns (:mod:`graphsvc.holdings_rows`). The table pickles as its columns'
bytes and its string tables.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from itertools import islice

from graphsvc.holdings import volume_number
from graphsvc.holdings_columns import (
    NO_YEAR, ColumnBuilder, Segment, Strings,
)
from graphsvc.holdings_rows import Ref, RowReader
from graphsvc.holdings_columns import field_flags, holding_fields
from graphsvc.model import Holding

#: Where a holder's rows of a title end: a row of the base, or (segment, row) of the overlay.
Where = int | tuple
_NONE = "\0"  # the label table's first entry, standing for no label
_CHUNK = 50_000  # holdings encoded at a time
_CACHED_HOLDERS = 500_000  # holders (of titles asked recently) a state remembers, about 40 MB


class _State:
    """The base, the masked holders, the overlay (holder -> segment; title -> its holders in
    the overlay) and the holders of recently asked titles."""

    __slots__ = ("base", "masked", "libraries", "titles", "holders", "masked_libids",
                 "cached")

    def __init__(self, base: Segment, masked: frozenset = frozenset(),
                 libraries: dict | None = None, titles: dict | None = None,
                 libids: list[str] | None = None):
        self.base, self.masked = base, masked
        self.libraries, self.titles = libraries or {}, titles or {}
        self.masked_libids = frozenset(libids[h] for h in masked) if masked else frozenset()
        self.holders: dict[int, dict[str, Where]] = {}
        self.cached = 0  # holders in self.holders


class HoldingsTable(RowReader):
    """Every holding of a network, by title and by library.

    Examples
    --------
    >>> from graphsvc.model import Range
    >>> table = HoldingsTable.of([Holding("A", "1", ranges=(Range("3", None, 1990, None),)),
    ...                           Holding("B", "1", "ELECTRONIC"), Holding("A", "2")])
    >>> sorted(table.holders("1")), [h.nlm_uid for h in table.holdings_of("A")]
    (['A', 'B'], ['1', '2'])
    >>> table.replace("A", [Holding("A", "2", "ELECTRONIC")])
    >>> sorted(table.holders("1")), table.holdings_of("A")[0].format, len(table)
    (['B'], 'ELECTRONIC', 2)
    >>> table.check([(table.holders("1")["B"], None)], wanted="PRINT", year=2001,
    ...             hidden=lambda holding: None)  # no ranges: Level 2
    ('LEVEL_2', 'NOT_CHECKED')
    """

    fold_at = 100_000  # overlay rows (and a quarter of the base) above which it is folded in

    def __init__(self) -> None:
        self.libids, self.uids, self.strings = Strings(), Strings(), Strings()
        self.labels = Strings([_NONE])  # NO_LABEL (0) is no label
        self._numbers: list[int | None] = [None]  # the volume number of each label
        self._state = _State(Segment.empty())
        self._writing = threading.Lock()

    @classmethod
    def of(cls, holdings: Iterable[Holding]) -> HoldingsTable:
        """A table of ``holdings`` (of the same library, title and format, the last wins)."""
        table = cls()
        table._state = _State(table.segment_of(holdings))
        return table

    @classmethod
    def of_fields(cls, batches: Iterable[dict[str, list]]) -> HoldingsTable:
        """A table of holdings given as batches of field columns
        (:func:`~graphsvc.holdings_columns.holding_fields`), no :class:`Holding` made."""
        table, builder = cls(), ColumnBuilder()
        for fields in batches:
            table._encode(builder, fields)
        table._state = _State(builder.segment())
        return table

    def __getstate__(self) -> dict:
        state = self._state
        return {"libids": self.libids.items, "uids": self.uids.items,
                "labels": self.labels.items, "strings": self.strings.items,
                "base": state.base, "masked": state.masked, "libraries": state.libraries,
                "titles": state.titles}

    def __setstate__(self, saved: dict) -> None:
        self.libids, self.uids = Strings(saved["libids"]), Strings(saved["uids"])
        self.labels, self.strings = Strings(saved["labels"]), Strings(saved["strings"])
        self._numbers = [volume_number(label) for label in self.labels.items]
        self._state = _State(saved["base"], saved["masked"], saved["libraries"],
                             saved["titles"], self.libids.items)
        self._writing = threading.Lock()

    def __eq__(self, other: object) -> bool:
        """Tables are equal when they hold the same holdings (every field)."""
        if not isinstance(other, HoldingsTable):
            return NotImplemented
        return self._content() == other._content()

    __hash__ = None  # type: ignore[assignment]

    def _content(self) -> list[tuple]:
        return sorted((h.libid, h.nlm_uid, h.format, h, h.issns_as_written)
                      for h in map(self.holding, self.refs()))

    # --- writing ------------------------------------------------------------------------

    def segment_of(self, holdings: Iterable[Holding]) -> Segment:
        """The holdings as a segment of this table's codes (read in chunks, so a stream of
        holdings is never held whole)."""
        builder, holdings = ColumnBuilder(), iter(holdings)
        while chunk := list(islice(holdings, _CHUNK)):
            self._encode(builder, holding_fields(chunk))
        return builder.segment()

    def _encode(self, builder: ColumnBuilder, fields: dict[str, list]) -> None:
        uid, lib, text = self.uids.codes, self.libids.codes, self.strings.codes
        rows = {"title": uid(fields["nlm_uid"]), "holder": lib(fields["libid"]),
                "format": text(fields["format"]), "flags": field_flags(fields),
                "embargo_months": fields["embargo_months"],
                "embargo_years": fields["embargo_years"],
                "retention_policy": text(fields["retention_policy"]),
                "retention_period": fields["limited_retention_period"],
                "retention_type": text(fields["limited_retention_type"]),
                "modified": fields["last_modified"], "issns": text(fields["issns_as_written"])}
        builder.extend(rows, fields["range_count"], {
            "begin_volume": self._labels(fields["begin_volume"]),
            "end_volume": self._labels(fields["end_volume"]),
            "begin_year": [year or NO_YEAR for year in fields["begin_year"]],
            "end_year": [year or NO_YEAR for year in fields["end_year"]]})

    def _labels(self, labels: list[str | None]) -> list[int]:
        """The codes of volume labels (0, ``NO_LABEL``, for none); new ones get numbers."""
        known = len(self.labels.items)
        found = self.labels.codes([_NONE if label is None else label for label in labels])
        self._numbers.extend(volume_number(label) for label in self.labels.items[known:])
        return found

    def replace(self, libid: str, holdings: Iterable[Holding]) -> None:
        """Put ``libid``'s holdings in place of those it had (an overlay change: costs the
        library's holdings, not the network's)."""
        with self._writing:
            segment = self.segment_of(h for h in holdings if h.libid == libid)
            self._put(libid, segment)

    def replace_titles(self, libid: str, titles: Iterable[str],
                       holdings: Iterable[Holding]) -> None:
        """Put ``libid``'s holdings of ``titles`` in place of those it had of them; its
        others stay (their rows are copied, not made again: a daily upload's few changed
        titles cost little more than those)."""
        with self._writing:
            codes = {self.uids.index.get(t) for t in titles}
            kept, rows = self._rows(libid)
            builder = ColumnBuilder()
            builder.take(kept, [row for row in rows if kept.title[row] not in codes])
            holdings = [h for h in holdings if h.libid == libid]
            if holdings:
                self._encode(builder, holding_fields(holdings))
            self._put(libid, builder.segment())

    def _put(self, libid: str, segment: Segment) -> None:
        """Make ``segment`` ``libid``'s rows (caller holds the write lock)."""
        holder = self.libids.code(libid)
        old = self._state
        libraries = dict(old.libraries)
        dropped = libraries.get(holder)
        libraries[holder] = segment
        titles = dict(old.titles)
        before = set(dropped.title) if dropped is not None else set()
        for title in before:
            titles[title] = tuple(h for h in titles[title] if h != holder)
        after = set(segment.title)
        for title in after:
            titles[title] = (*titles.get(title, ()), holder)
        state = _State(old.base, old.masked | {holder}, libraries, titles,
                       self.libids.items)
        changed = before | after
        # Readers add to the old state's holders as they ask (a cache): copied at once (a
        # copy makes no object, so no collection can run a finalizer and let them in
        # between), then filtered.
        remembered = old.holders.copy()
        state.holders = {t: v for t, v in remembered.items()
                         if t not in changed and libid not in v}
        state.cached = sum(map(len, state.holders.values()))
        self._state = state
        overlay = sum(map(len, libraries.values()))
        if overlay > max(self.fold_at, len(old.base) // 4):
            self._fold()

    def _fold(self) -> None:
        """Fold the overlay into a new base (caller holds the write lock): costs the
        network's holdings, once the overlay has grown to a quarter of the base."""
        old = self._state
        builder, base, masked = ColumnBuilder(), old.base, old.masked
        builder.take(base, [row for row, h in enumerate(base.holder) if h not in masked])
        for segment in old.libraries.values():
            builder.take(segment, range(len(segment)))
        self._state = _State(builder.segment())

    # --- reading ------------------------------------------------------------------------

    def __len__(self) -> int:
        state = self._state
        masked = sum(len(state.base.holder_rows(h)) for h in state.masked)
        return len(state.base) - masked + sum(len(s) for s in state.libraries.values())

    def holders(self, nlm_uid: str) -> dict[str, Where]:
        """LIBID -> where that library's rows of the title end (:meth:`refs_at` gives them;
        one per format)."""
        title = self.uids.index.get(nlm_uid)
        if title is None:
            return {}
        state = self._state
        found = state.holders.get(title)
        if found is None:
            found = self._holders(state, title)
            if state.cached + len(found) > _CACHED_HOLDERS:
                state.holders.clear()
                state.cached = 0
            state.holders[title] = found
            state.cached += len(found)
        return found

    def _holders(self, state: _State, title: int) -> dict[str, Where]:
        base, names = state.base, self.libids.items
        rows = base.title_rows(title)  # a holder's rows are together: the last one is kept
        libids = map(names.__getitem__, base.holder[rows.start:rows.stop])
        found: dict[str, Where] = dict(zip(libids, rows, strict=True))
        for libid in state.masked_libids & found.keys():
            del found[libid]
        for holder in state.titles.get(title, ()):
            segment = state.libraries[holder]
            found[names[holder]] = (segment, segment.title_rows(title)[-1])
        return found

    def refs_at(self, where: Where) -> list[Ref]:
        """The holdings of one holder of one title (a value of :meth:`holders`)."""
        segment, rows = self.rows_at(where)
        return [(segment, row) for row in reversed(rows)]

    def rows_at(self, where: Where) -> tuple[Segment, range]:
        """The segment and rows of one holder of one title (a value of :meth:`holders`):
        ``where`` is the last of the rows, the others come just before it."""
        segment, row = (self._state.base, where) if type(where) is int else where
        holder, title = segment.holder, segment.title
        first = row
        while first > 0 and holder[first - 1] == holder[row] and title[first - 1] == title[row]:
            first -= 1
        return segment, range(first, row + 1)

    def rows_of(self, libid: str) -> list[Ref]:
        """References to a library's holdings, in title order."""
        segment, rows = self._rows(libid)
        return [(segment, row) for row in rows]

    def _rows(self, libid: str) -> tuple[Segment, Iterable[int]]:
        """The segment that holds a library's rows, and the rows."""
        holder = self.libids.index.get(libid)
        state = self._state
        if holder is None:
            return state.base, ()
        if holder in state.masked:
            segment = state.libraries[holder]
            return segment, range(len(segment))
        return state.base, state.base.holder_rows(holder)

    def refs(self) -> Iterator[Ref]:
        """Every holding, as a reference (base rows first)."""
        state = self._state
        masked, holder = state.masked, state.base.holder
        yield from ((state.base, row) for row in range(len(state.base))
                    if holder[row] not in masked)
        for segment in state.libraries.values():
            yield from ((segment, row) for row in range(len(segment)))

    def holdings_of(self, libid: str) -> list[Holding]:
        """A library's holdings, in title order."""
        return [self.holding(ref) for ref in self.rows_of(libid)]

    def holders_of(self, nlm_uid: str) -> list[Holding]:
        """A title's holdings, one per library and format."""
        return [self.holding(ref) for where in self.holders(nlm_uid).values()
                for ref in self.refs_at(where)]

    def titles_of(self, libid: str) -> set[str]:
        """The NLM Unique IDs of the titles a library holds."""
        segment, rows = self._rows(libid)
        return set(map(self.uids.items.__getitem__, map(segment.title.__getitem__, rows)))

    def nbytes(self) -> int:
        """Bytes held by the columns (string tables not counted)."""
        state = self._state
        return state.base.nbytes() + sum(s.nbytes() for s in state.libraries.values())
