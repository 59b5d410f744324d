"""Merging and closing libraries (the NN/LM plan: "Merge holdings for libraries that absorb
collections of libraries that no longer exist. Delete holdings for libraries that close and
do not merge their collection.").

Pure functions: the combined holdings of an absorbing library, and every place of the
network (routing tables, do-not-route lists, manual maps, groups) that names a library.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable

import networkx as nx

from graphsvc.model import Holding, Range
from graphsvc.network import do_not_route, groups_of, libraries, manual_map, routing_cells


def _year_only(r: Range) -> bool:
    return r.begin_volume is None and r.end_volume is None and not r.is_level_2


def _joined(a: Range, b: Range) -> Range | None:
    """One year range covering both when they overlap or adjoin, else ``None``."""
    lo_a, lo_b = a.begin_year or 0, b.begin_year or 0
    hi_a = a.end_year if a.end_year is not None else 10_000
    hi_b = b.end_year if b.end_year is not None else 10_000
    if lo_b > hi_a + 1 or lo_a > hi_b + 1:
        return None
    begin = None if a.begin_year is None or b.begin_year is None else min(lo_a, lo_b)
    end = None if a.end_year is None or b.end_year is None else max(hi_a, hi_b)
    return Range(begin_year=begin, end_year=end)


def combine_ranges(*groups: Iterable[Range]) -> tuple[Range, ...]:
    """The ranges of several holdings of one title as one list, nothing lost.

    Exact repeats go; overlapping or adjoining year-only ranges are joined; a Level 2 range
    (no volume, no year) goes when any other range states what is held.

    >>> combine_ranges([Range(begin_year=1990, end_year=1999)],
    ...                [Range(begin_year=2000), Range("1", "5")])
    (Range(begin_volume='1', end_volume='5', begin_year=None, end_year=None), \
Range(begin_volume=None, end_volume=None, begin_year=1990, end_year=None))
    >>> combine_ranges([Range()], [Range(begin_year=2001, end_year=2002)])
    (Range(begin_volume=None, end_volume=None, begin_year=2001, end_year=2002),)
    """
    ranges = list(dict.fromkeys(r for group in groups for r in group))
    years = sorted((r for r in ranges if _year_only(r)), key=lambda r: r.begin_year or 0)
    joined: list[Range] = []
    for r in years:
        merged = _joined(joined[-1], r) if joined else None
        if merged is None:
            joined.append(r)
        else:
            joined[-1] = merged
    others = [r for r in ranges if not _year_only(r) and not r.is_level_2]
    level_2 = [r for r in ranges if r.is_level_2] if not (others or joined) else []
    return (*others, *joined, *level_2[:1])


def merged_holdings(target: Iterable[Holding], source: Iterable[Holding], *, into: str,
                    day: dt.date) -> tuple[list[Holding], list[tuple[str, str]]]:
    """The absorbing library's holdings after taking in ``source``'s.

    A title and format held by both keeps one holding with :func:`combine_ranges` of both,
    currently received if either is, the shorter embargo, and ``day`` as last modified;
    titles only the source held become the target's (also modified ``day``).

    Returns
    -------
    (holdings, combined)
        Every holding of ``into`` after the merge, by title and format, and the
        ``(nlm_uid, format)`` keys held by both.
    """
    result = {(h.nlm_uid, h.format): h for h in target}
    combined = []
    for h in source:
        key = (h.nlm_uid, h.format)
        mine = result.get(key)
        if mine is None:
            result[key] = dataclasses.replace(h, libid=into, last_modified=day)
            continue
        combined.append(key)
        result[key] = dataclasses.replace(
            mine, ranges=combine_ranges(mine.ranges, h.ranges),
            currently_received=mine.currently_received or h.currently_received,
            embargo_months=min(mine.embargo_months, h.embargo_months), last_modified=day)
    return [result[k] for k in sorted(result)], sorted(combined)


def references_to(G: nx.MultiDiGraph, libid: str) -> dict[str, list]:
    """Every place of the network that names ``libid``, for its borrowers to fix.

    Returns
    -------
    dict
        ``routing_tables``: ``{"libid", "cell"}`` per cell naming it directly;
        ``do_not_route`` and ``manual_maps``: LIBIDs of the libraries listing it;
        ``groups``: codes of the groups it is a member of (tables naming those groups
        route to it too, see ``group_routing_tables``): ``{"libid", "cell", "group"}``.
    """
    groups = set(groups_of(G, libid)) if libid in G else set()
    direct, via_group, dnr, manual = [], [], [], []
    for other in libraries(G):
        for cell, entries in routing_cells(G, other).items():
            direct += [{"libid": other, "cell": cell} for e in entries if e == libid]
            via_group += [{"libid": other, "cell": cell, "group": e}
                          for e in entries if e in groups]
        if libid in do_not_route(G, other):
            dnr.append(other)
        if libid in manual_map(G, other):
            manual.append(other)
    return {"routing_tables": direct, "group_routing_tables": via_group, "do_not_route": dnr,
            "manual_maps": manual, "groups": sorted(groups)}
