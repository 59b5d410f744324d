"""The holdings check of one request: a library's holdings of the cited title (and of the
titles it continues or is continued by, H9) against the citation.

Range matching itself lives in :mod:`graphsvc.holdings` (:func:`~graphsvc.holdings.match_holdings`);
this module binds it to a request (:func:`holdings_check`) and to a title change
(:func:`title_match`). :func:`citation_key` names what the answer depends on, so batch
routing can remember it per title and citation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import NamedTuple

from graphsvc.holdings import CompiledHolding, compile_holding, hides_article, volume_number
from graphsvc.holdings import match_holdings as holdings_match
from graphsvc.model import Holding, RoutingRequest


class HoldingsMatch(NamedTuple):
    """How one library's holdings answer a citation: a skip ``reason`` or ``None``; how they
    matched; and ``via_title``, the NLM Unique ID of the related title (H9) whose holdings
    matched (or were the only ones checked) when none of the cited title's own did."""

    reason: str | None
    matched_on: str = "NOT_CHECKED"
    via_title: str | None = None


def citation_key(request: RoutingRequest, title: str | None) -> tuple:
    """Everything a holdings check of ``request`` reads besides the holdings: two requests
    with the same key get the same :class:`HoldingsMatch` from every library."""
    citation = request.citation
    return (title, request.format, citation.volume, citation.year, citation.epub_date,
            citation.pmid, request.at.date())


def match_holdings(holdings: list[Holding], request: RoutingRequest) -> tuple[str | None, str]:
    """``(reason, matched_on)`` for one library's holdings of the title: the one holdings
    check, :func:`graphsvc.holdings.match_holdings`, for this request.

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
    return holdings_check(request)([compile_holding(h) for h in holdings])


def title_match(by_title: Mapping[str | None, list[CompiledHolding]], title: str | None,
                check: Callable[[list[CompiledHolding]], tuple[str | None, str]]
                ) -> HoldingsMatch:
    """The one holdings check across a title change (H9).

    ``by_title`` holds one library's compiled holdings by NLM Unique ID (``title`` is the
    cited serial); ``check`` is :func:`holdings_check` of the request. The cited title's own
    holdings are checked first; the holdings of a related title (the one it continues or is
    continued by) match on the year only, never on the volume, since one title's volume
    numbers say nothing of another's.

    >>> from graphsvc.model import Range
    >>> old = {"OLD": [compile_holding(Holding("WAUZAK", "OLD", "PRINT",
    ...                                        (Range("1", "5", 1988, 1992),)))]}
    >>> def check(year):
    ...     return lambda hs: holdings_match(hs, wanted="ANY", volume=3, year=year,
    ...                                      hidden=lambda h: None)
    >>> title_match(old, "NEW", check(2001))
    HoldingsMatch(reason='NO_HOLDINGS', matched_on='NOT_CHECKED', via_title='OLD')
    >>> title_match(old, "NEW", check(1990))
    HoldingsMatch(reason=None, matched_on='YEAR', via_title='OLD')
    """
    if len(by_title) == 1 and title in by_title:  # no title change in play: the usual case
        return HoldingsMatch(*check(by_title[title]))
    own = [h for uid, held in by_title.items() if title is None or uid == title for h in held]
    related = {uid: [h._replace(volumes=()) for h in held] for uid, held in by_title.items()
               if title is not None and uid != title}
    if own:
        reason, matched_on = check(own)
        if reason is None or not related:
            return HoldingsMatch(reason, matched_on)
    for uid in sorted(related):
        reason, matched_on = check(related[uid])
        if reason is None:
            return HoldingsMatch(None, matched_on, uid)
    reason, _ = check(own + [h for held in related.values() for h in held])
    return HoldingsMatch(reason, "NOT_CHECKED", None if own else min(related, default=None))


def holdings_check(request: RoutingRequest) -> Callable[[list[CompiledHolding]],
                                                         tuple[str | None, str]]:
    """:func:`graphsvc.holdings.match_holdings` bound to the request's citation."""
    citation, hidden = request.citation, article_check(request)
    volume, year, wanted = volume_number(citation.volume), citation.year, request.format

    def check(held: list[CompiledHolding]) -> tuple[str | None, str]:
        return holdings_match(held, wanted=wanted, volume=volume, year=year, hidden=hidden)
    return check


def article_check(request: RoutingRequest) -> Callable[[Holding], str | None]:
    """``hidden(holding)`` for the request's article: why an electronic holding's embargo
    or limited retention hides it (E10, H8), or ``None``."""
    citation = request.citation
    today: dt.date = request.at.date()

    def hidden(holding: Holding) -> str | None:
        return hides_article(holding, year=citation.year, epub_date=citation.epub_date,
                             pmid=citation.pmid, at=today)
    return hidden

