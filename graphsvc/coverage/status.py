"""Who counts as an active holder or lender on a given day (R14, E6, E8).

"Is this library an active lender" has one implementation, routing's
(:func:`graphsvc.routing.eligibility.inactive_reason`, the same table and out-of-office check
as the routing stages); coverage asks it here.
"""

from __future__ import annotations

import datetime as dt

import networkx as nx

from graphsvc.network import group_members, node_kind
from graphsvc.routing.eligibility import inactive_reason

__all__ = ["INACTIVE_REASONS", "active_libraries", "as_day", "expand_entry", "inactive_reason"]

#: Why a library is not an active lender; ``None`` means it is active.
INACTIVE_REASONS = ("UNKNOWN", "NLM", "CLOSED", "NON_PARTICIPANT", "NLM_ONLY", "BORROW_ONLY",
                    "OUT_OF_OFFICE")


def as_day(at: dt.date | dt.datetime) -> dt.date:
    """The calendar day of ``at`` (a datetime keeps its own offset's date).

    >>> as_day(dt.datetime(2026, 11, 23, 10, 0)), as_day(dt.date(2026, 1, 2))
    (datetime.date(2026, 11, 23), datetime.date(2026, 1, 2))
    """
    return at.date() if isinstance(at, dt.datetime) else at


def active_libraries(G: nx.MultiDiGraph, day: dt.date) -> set[str]:
    """LIBIDs of every library that is an active lender on ``day``."""
    return {n for n, kind in G.nodes(data="kind")
            if kind == "library" and inactive_reason(G, n, day) is None}


def expand_entry(G: nx.MultiDiGraph, entry: str) -> list[str]:
    """The libraries a routing-table entry stands for: a group's members, or the entry."""
    if node_kind(G, entry) == "group":
        return sorted(group_members(G, entry))
    return [entry]
