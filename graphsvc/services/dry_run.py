"""Routing-table dry run: replay a borrower's requests through its table and a proposed one."""

from __future__ import annotations

import dataclasses
import datetime as dt

from graphsvc.errors import InvalidInput
from graphsvc.model import RoutingTable
from graphsvc.network import routing_table
from graphsvc.requests import lender_performance
from graphsvc.routing.dry_run import (
    MIN_HISTORY,
    fill_rates,
    load_changes,
    table_outcome,
    with_routing_table,
)
from graphsvc.services.routing_tables import checked_table
from graphsvc.store.contract import Store

MAX_DAYS = 3660


def dry_run(store: Store, proposed: RoutingTable, *, days: int = 365,
            at: dt.datetime | None = None) -> dict:
    """Replay the borrower's requests of the last ``days`` days through its current and the
    ``proposed`` table, on today's network, and compare them.

    Returns
    -------
    dict
        ``{"libid", "days", "from", "requests", "current": {...}, "proposed": {...},
        "load": [{"libid", "current", "proposed", "change"}], "min_history"}``; each side has
        ``average_lenders``, ``first_in_cells_1_3`` (share), ``beyond_routing_map`` (count)
        and ``expected_first_fill`` (the first lenders' fill rates, averaged).

    Raises
    ------
    InvalidInput
        A bad proposed table (each bad field named) or ``days`` out of 1..3660.
    NotFound
        Unknown library.
    """
    if not 1 <= days <= MAX_DAYS:
        msg = f"days must be 1..{MAX_DAYS}, not {days}"
        raise InvalidInput(msg, problems=[{"field": "days", "message": msg}])
    checked_table(store, proposed)
    now = at or dt.datetime.now(dt.UTC)
    since = now - dt.timedelta(days=days)
    history = store.requests_between(since, None)
    mine = sorted((r for r in history if r.borrower == proposed.libid and r.nlm_uid
                   and r.created_at >= since), key=lambda r: r.id)
    G = store.network()
    current = routing_table(G, proposed.libid)
    own, network = fill_rates(lender_performance(history, libraries={}))
    titles = {r.nlm_uid for r in mine}
    sides = {name: table_outcome(with_routing_table(G, table, titles=titles), mine, at=now,
                                 fill_rates=own, default_fill=network)
             for name, table in (("current", current), ("proposed", proposed))}
    return {"libid": proposed.libid, "days": days, "from": since.isoformat(),
            "requests": len(mine), "min_history": MIN_HISTORY, "network_fill_rate": network,
            **{name: _summary(outcome) for name, outcome in sides.items()},
            "load": load_changes(sides["current"].first_lenders,
                                 sides["proposed"].first_lenders)}


def _summary(outcome) -> dict:
    fields = dataclasses.asdict(outcome)
    fields.pop("first_lenders")
    fields.pop("requests")
    return fields
