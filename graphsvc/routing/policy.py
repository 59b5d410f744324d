"""Routing policy: the named extensions to DOCLINE 6 routing, all off by default."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from graphsvc.model import MAX_PER_CELL


@dataclass(frozen=True)
class RoutingPolicy:
    """Options that change how :func:`~graphsvc.routing.lender_sequence` routes.

    The defaults reproduce DOCLINE 6; every extension is off.

    Attributes
    ----------
    honour_max_cost : bool
        Skip lenders whose ``base_fee`` exceeds ``request.max_cost`` (reason ``COST``).
        DOCLINE never does this (R16): cost only matters when a lender answers CST.
    resource_library_stage : bool
        The DOCLINE 1-5 Resource Library stage (R19) between the cells and NLM: up to 20
        RESOURCE/RML libraries holding the title, via ``"RESOURCE"``.
    load : Mapping[str, int] or None
        Requests each library received recently (LIBID -> count), read when ``load_aware``.
    load_aware : bool
        Within a cell (and within the Resource Library and All Other tiers) put the least
        loaded libraries first; ties stay in random order.
    predictive : bool
        Within a cell (and the Resource Library stage), put the lenders most likely to fill
        quickly first (:attr:`~graphsvc.requests.predict.LenderEstimate.score`, learned from
        the request history); never across cells, never past the cap. Each lender entry
        says why. Wins over ``load_aware`` where both are on.
    estimates : Mapping[str, LenderEstimate] or None
        The learned estimates (LIBID -> estimate), read when ``predictive``; a lender the
        history never reached gets the network's rate.
    all_other_cap : int
        The most lenders the All Other Libraries stage adds (R22; D6 leaves it open).
    cell_cap : int
        The most lenders one routing-table cell adds (R11).
    """

    honour_max_cost: bool = False
    resource_library_stage: bool = False
    load: Mapping[str, int] | None = None
    load_aware: bool = False
    predictive: bool = False
    estimates: Mapping[str, object] | None = None
    all_other_cap: int = MAX_PER_CELL
    cell_cap: int = MAX_PER_CELL


DEFAULT_POLICY = RoutingPolicy()
