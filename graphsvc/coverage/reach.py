"""Which active lenders a borrower's routing table reaches, and who loses them all."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

import networkx as nx

from graphsvc.coverage.index import coverage_index
from graphsvc.model import CELLS

FIRST_CELLS = (1, 2, 3)


@dataclass(frozen=True)
class BorrowerImpact:
    """A borrower whose cells reached active lenders before and reach none after."""

    libid: str
    name: str
    lenders_before: int


def reachable_lenders(G: nx.MultiDiGraph, borrower: str, active: Collection[str], *,
                      cells: Iterable[int] = CELLS) -> set[str]:
    """Active lenders listed (directly or through a group) in the borrower's ``cells``.

    The borrower itself and its Do Not Route libraries are never reached.

    >>> from graphsvc.coverage.examples import three_library_network
    >>> G = three_library_network()
    >>> sorted(reachable_lenders(G, "ORUPAC", {"WAUUHS", "CAUXYZ"}, cells=(2,)))
    ['CAUXYZ']
    """
    routing, wanted = coverage_index(G).routing, set(cells)
    listed = {lib for cell, entries in routing.cells.get(borrower, {}).items() if cell in wanted
              for entry in entries for lib in routing.expand(entry)}
    blocked = routing.do_not_route.get(borrower, set())
    return {lib for lib in listed if lib in active and lib not in blocked and lib != borrower}


def borrowers_routing_to(G: nx.MultiDiGraph, libids: Iterable[str]) -> set[str]:
    """Borrowers with any of ``libids`` in a cell, directly or through a group."""
    routing = coverage_index(G).routing
    targets = set()
    for libid in libids:
        targets.add(libid)
        targets.update(routing.member_of.get(libid, ()))
    return {borrower for target in targets for borrower in routing.routed_from.get(target, ())}


def cut_off_borrowers(G: nx.MultiDiGraph, offline: Collection[str], active: Collection[str], *,
                      cells: Iterable[int] = CELLS) -> list[BorrowerImpact]:
    """Active borrowers (not offline) whose ``cells`` reach no active lender once
    ``offline`` is taken away, although they reached one before."""
    cells = tuple(cells)
    cut = []
    for borrower in sorted(borrowers_routing_to(G, offline)):
        if borrower in offline or borrower not in active:
            continue
        before = reachable_lenders(G, borrower, active, cells=cells)
        if before and before <= offline:
            cut.append(BorrowerImpact(borrower, G.nodes[borrower].get("name", ""), len(before)))
    return cut
