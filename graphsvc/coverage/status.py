"""Who counts as an active holder or lender on a given day (R14, E6, E8)."""

from __future__ import annotations

import datetime as dt

import networkx as nx

from graphsvc.network import group_members, node_kind
from graphsvc.routing.eligibility import NOT_LENDING

#: Why a library is not an active lender; ``None`` means it is active.
INACTIVE_REASONS = ("UNKNOWN", "NLM", "CLOSED", "NON_PARTICIPANT", "NLM_ONLY", "BORROW_ONLY",
                    "OUT_OF_OFFICE")


def as_day(at: dt.date | dt.datetime) -> dt.date:
    """The calendar day of ``at`` (a datetime keeps its own offset's date).

    >>> as_day(dt.datetime(2026, 11, 23, 10, 0)), as_day(dt.date(2026, 1, 2))
    (datetime.date(2026, 11, 23), datetime.date(2026, 1, 2))
    """
    return at.date() if isinstance(at, dt.datetime) else at


def inactive_reason(G: nx.MultiDiGraph, libid: str, day: dt.date) -> str | None:
    """Why ``libid`` cannot lend on ``day``, or ``None`` when it is an active lender.

    NLM holds everything in principle but is not counted as a holder; a library that is
    not FULL (closed, non-participant, NLM-only, borrow-only) or is out of office on ``day``
    is inactive.

    >>> from graphsvc.model import Library, Network
    >>> from graphsvc.network import build_network
    >>> G = build_network(Network(libraries=(Library("A", "A", participation="CLOSED"),)))
    >>> inactive_reason(G, "A", dt.date(2026, 1, 1)), inactive_reason(G, "ZZ", dt.date(2026, 1, 1))
    ('CLOSED', 'UNKNOWN')
    """
    if node_kind(G, libid) != "library":
        return "UNKNOWN"
    data = G.nodes[libid]
    if data.get("type") == "NLM":
        return "NLM"
    participation = data.get("participation", "FULL")
    if participation in NOT_LENDING:  # the routing kernel's table of who does not lend
        return participation
    if any(period.contains(day) for period in data.get("out_of_office", ())):
        return "OUT_OF_OFFICE"
    return None


def active_libraries(G: nx.MultiDiGraph, day: dt.date) -> set[str]:
    """LIBIDs of every library that is an active lender on ``day``."""
    return {n for n, kind in G.nodes(data="kind")
            if kind == "library" and inactive_reason(G, n, day) is None}


def expand_entry(G: nx.MultiDiGraph, entry: str) -> list[str]:
    """The libraries a routing-table entry stands for: a group's members, or the entry."""
    if node_kind(G, entry) == "group":
        return sorted(group_members(G, entry))
    return [entry]
