"""The holdings check of one request: a library's holdings of the cited title (and of the
titles it continues or is continued by, H9) against the citation.

The check itself lives once, over the holdings table's columns
(:meth:`~graphsvc.holdings_rows.RowReader.check`, with the range rule of
:mod:`graphsvc.holdings`); this module binds it to a request (:func:`holdings_check`) and to
a title change (:func:`title_match`). :func:`citation_key` names what the answer depends on,
so batch routing can remember it per title and citation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import NamedTuple

from graphsvc.holdings import hides_article, volume_number
from graphsvc.holdings_table import HoldingsTable
from graphsvc.model import Holding, RoutingRequest


class HoldingsMatch(NamedTuple):
    """How one library's holdings answer a citation: a skip ``reason`` or ``None``; how they
    matched; and ``via_title``, the NLM Unique ID of the related title (H9) whose holdings
    matched (or were the only ones checked) when none of the cited title's own did."""

    reason: str | None
    matched_on: str = "NOT_CHECKED"
    via_title: str | None = None


_MATCHES: dict[tuple, HoldingsMatch] = {}


def as_match(checked: tuple[str | None, str]) -> HoldingsMatch:
    """The :class:`HoldingsMatch` of a check's ``(reason, matched_on)``, no related title (a
    few outcomes, each made once)."""
    found = _MATCHES.get(checked)
    if found is None:
        found = _MATCHES[checked] = HoldingsMatch(*checked)
    return found


class HoldingsCheck(NamedTuple):
    """What the holdings check reads of a request: its format, the volume number and year
    cited, and ``hidden(holding)`` (:func:`article_check`)."""

    wanted: str
    volume: int | None
    year: int | None
    hidden: Callable[[Holding], str | None]


def citation_key(request: RoutingRequest, title: str | None) -> tuple:
    """Everything a holdings check of ``request`` reads besides the holdings: two requests
    with the same key get the same :class:`HoldingsMatch` from every library."""
    citation = request.citation
    return (title, request.format, citation.volume, citation.year, citation.epub_date,
            citation.pmid, request.at.date())


def match_holdings(holdings: list[Holding], request: RoutingRequest) -> tuple[str | None, str]:
    """``(reason, matched_on)`` for one library's holdings of a title: the one holdings
    check (:meth:`~graphsvc.holdings_rows.RowReader.check`) for this request.

    >>> from graphsvc.model import Citation, Range
    >>> request = RoutingRequest("ORUPAC", Citation(year=2015, volume="372"),
    ...                          dt.datetime(2026, 11, 23, tzinfo=dt.timezone.utc))
    >>> print_only = [Holding("WAUUHS", "0255562", "PRINT", (Range("300", "400"),))]
    >>> match_holdings(print_only, request)
    (None, 'VOLUME')
    >>> from dataclasses import replace
    >>> match_holdings(print_only, replace(request, format="ELECTRONIC"))
    ('FORMAT', 'NOT_CHECKED')
    """
    table, check = HoldingsTable.of(holdings), holdings_check(request)
    parts = [(where, check.volume) for uid in {h.nlm_uid for h in holdings}
             for where in table.holders(uid).values()]
    return table.check(parts, wanted=check.wanted, year=check.year, hidden=check.hidden)


def title_match(table: HoldingsTable, by_title: Mapping[str | None, object], title: str | None,
                check: HoldingsCheck) -> HoldingsMatch:
    """The one holdings check across a title change (H9).

    ``by_title`` says where one library's rows of each title are in ``table`` (a value of
    :meth:`~graphsvc.holdings_table.HoldingsTable.holders`), by NLM Unique ID (``title`` is
    the cited serial); ``check`` is :func:`holdings_check` of the request. The cited title's
    own holdings are checked first; the holdings of a related title (the one it continues or
    is continued by) match on the year only, never on the volume, since one title's volume
    numbers say nothing of another's.

    >>> from graphsvc.model import Citation, Range
    >>> table = HoldingsTable.of([Holding("WAUZAK", "OLD", "PRINT",
    ...                                   (Range("1", "5", 1988, 1992),))])
    >>> old = {"OLD": table.holders("OLD")["WAUZAK"]}
    >>> def check(year):
    ...     return holdings_check(RoutingRequest("ORUPAC", Citation(volume="3", year=year),
    ...                           dt.datetime(2026, 11, 23, tzinfo=dt.timezone.utc)))
    >>> title_match(table, old, "NEW", check(2001))
    HoldingsMatch(reason='NO_HOLDINGS', matched_on='NOT_CHECKED', via_title='OLD')
    >>> title_match(table, old, "NEW", check(1990))
    HoldingsMatch(reason=None, matched_on='YEAR', via_title='OLD')
    """
    def checked(parts: list) -> tuple[str | None, str]:
        return table.check(parts, wanted=check.wanted, year=check.year, hidden=check.hidden)

    if len(by_title) == 1 and title in by_title:  # no title change in play: the usual case
        return as_match(checked([(by_title[title], check.volume)]))
    own = [(where, check.volume) for uid, where in by_title.items()
           if title is None or uid == title]
    related = {uid: where for uid, where in by_title.items()
               if title is not None and uid != title}
    if own:
        reason, matched_on = checked(own)
        if reason is None or not related:
            return HoldingsMatch(reason, matched_on)
    for uid in sorted(related):
        reason, matched_on = checked([(related[uid], None)])
        if reason is None:
            return HoldingsMatch(None, matched_on, uid)
    reason, _ = checked(own + [(where, None) for where in related.values()])
    return HoldingsMatch(reason, "NOT_CHECKED", None if own else min(related, default=None))


def holdings_check(request: RoutingRequest) -> HoldingsCheck:
    """What the holdings check reads of ``request`` (:class:`HoldingsCheck`)."""
    citation = request.citation
    return HoldingsCheck(request.format, volume_number(citation.volume), citation.year,
                         article_check(request))


def article_check(request: RoutingRequest) -> Callable[[Holding], str | None]:
    """``hidden(holding)`` for the request's article: why an electronic holding's embargo
    or limited retention hides it (E10, H8), or ``None``."""
    citation = request.citation
    today: dt.date = request.at.date()

    def hidden(holding: Holding) -> str | None:
        return hides_article(holding, year=citation.year, epub_date=citation.epub_date,
                             pmid=citation.pmid, at=today)
    return hidden
