"""Coverage of one title: who holds it, and how many active holders each year has."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import networkx as nx

from graphsvc.coverage.index import TitleHolders, clip, coverage_index, span
from graphsvc.coverage.status import as_day, inactive_reason
from graphsvc.errors import NotFound
from graphsvc.holdings import is_level_2
from graphsvc.model import Range
from graphsvc.network import holders_of, node_kind, region_of


@dataclass(frozen=True)
class Holder:
    """One holding of the title; ``active`` when it counts (active library, not Level 2)."""

    libid: str
    name: str
    state: str
    region: str | None
    format: str
    ranges: tuple[Range, ...]
    active: bool
    level_2: bool
    inactive_reason: str | None = None


@dataclass(frozen=True)
class YearCount:
    """Active holders in one year; libraries outside every region count only in ``holders``."""

    year: int
    holders: int
    by_region: dict[str, int]


@dataclass(frozen=True)
class SerialCoverage:
    nlm_uid: str
    title: str
    at: dt.date
    first_year: int | None
    last_year: int | None
    active_holders: int
    holders: tuple[Holder, ...]
    years: tuple[YearCount, ...]
    gap_years: tuple[int, ...]
    single_holder_years: tuple[tuple[int, str], ...]  # (year, libid)


def serial_coverage(G: nx.MultiDiGraph, nlm_uid: str, *, at: dt.date) -> SerialCoverage:
    """Holders of a title and the number of active holders in each year.

    Years run from the earliest begin year of any holder to the year of ``at``; an open
    end runs to that year. Only active libraries (FULL, not out of office on ``at``, not
    NLM) with a holding above Level 2 count; ranges that give volumes only give no years.

    Parameters
    ----------
    G : the whole-network graph.
    nlm_uid : the title's NLM Unique ID.
    at : the day the question is asked (a datetime is read as its date).

    Returns
    -------
    SerialCoverage
        ``holders`` (every holding, active or not), ``years`` (count overall and by region),
        ``gap_years`` (no active holder) and ``single_holder_years`` ((year, libid)).

    Raises
    ------
    NotFound
        When the title is not in the network.

    Examples
    --------
    >>> from graphsvc.coverage.examples import three_library_network
    >>> cov = serial_coverage(three_library_network(), "0255562", at=dt.date(2026, 11, 23))
    >>> cov.first_year, cov.last_year, cov.active_holders
    (1980, 2026, 2)
    >>> cov.single_holder_years[0], cov.single_holder_years[-1], cov.gap_years
    ((1980, 'WAUUHS'), (2026, 'ORUPAC'), ())
    >>> [(h.libid, h.active) for h in cov.holders]
    [('CAUXYZ', False), ('ORUPAC', True), ('WAUUHS', True)]
    """
    holdings = holders_of(G, nlm_uid)
    if node_kind(G, nlm_uid) != "serial" and not holdings:
        msg = f"unknown title {nlm_uid!r}"
        raise NotFound(msg, problems=[{"field": "nlm_uid", "message": msg}])
    day = as_day(at)
    holders = tuple(sorted((_holder(G, h, day) for h in holdings),
                           key=lambda h: (h.libid, h.format)))
    title = coverage_index(G).titles.get(nlm_uid, TitleHolders())
    active = {h.libid for h in holders if h.active}
    years = _year_counts(G, title, active, day.year)
    singles = tuple((y.year, _only_holder(title, active, y.year))
                    for y in years if y.holders == 1)
    return SerialCoverage(
        nlm_uid, G.nodes[nlm_uid].get("title", ""), day,
        years[0].year if years else None, years[-1].year if years else None,
        len(active), holders, tuple(years), tuple(y.year for y in years if y.holders == 0),
        singles,
    )


def _holder(G: nx.MultiDiGraph, holding, day: dt.date) -> Holder:
    data = G.nodes[holding.libid]
    reason = inactive_reason(G, holding.libid, day)
    level_2 = is_level_2(holding.ranges)
    return Holder(holding.libid, data.get("name", ""), data.get("state", ""),
                  region_of(G, holding.libid), holding.format, holding.ranges,
                  reason is None and not level_2, level_2, reason)


def _year_counts(G: nx.MultiDiGraph, title: TitleHolders, active: set[str],
                 at_year: int) -> list[YearCount]:
    years = span(title, at_year)
    if years is None:
        return []
    first, last = years
    totals = [0] * (last - first + 1)
    by_region: list[dict[str, int]] = [{} for _ in totals]
    for libid in sorted(active & title.holders.keys()):
        region = region_of(G, libid)
        for begin, end in clip(title.holders[libid], first, last):
            for offset in range(begin - first, end - first + 1):
                totals[offset] += 1
                if region is not None:
                    by_region[offset][region] = by_region[offset].get(region, 0) + 1
    return [YearCount(first + i, n, by_region[i]) for i, n in enumerate(totals)]


def _only_holder(title: TitleHolders, active: set[str], year: int) -> str:
    return next(libid for libid in sorted(active & title.holders.keys())
                if any(b <= year <= e for b, e in title.holders[libid]))
