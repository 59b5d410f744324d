"""What routing many requests on one graph may remember between them.

Single routing (:func:`~graphsvc.routing.lender_sequence`) computes everything for each
request. Batch routing (:func:`~graphsvc.routing.batch.lender_sequences`) routes each request
through the very same functions, passing one :class:`RoutingMemo`; they then reuse, across the
requests of the batch, what depends only on the graph, the policy and the key they name:

- per title: its holdings (:func:`~graphsvc.routing.title.title_holdings`), its Resource
  Library holders, its holders by state and in the All Other tiers of a state and region;
- per title and citation (:func:`~graphsvc.routing.matching.citation_key`): each holder's
  :class:`~graphsvc.routing.matching.HoldingsMatch`;
- per citation's NLM Unique ID and ISSN: the serial it names
  (:func:`~graphsvc.routing.title.find_title`);
- per borrower: its participation (checked once), routing-table cells and do-not-route list;
- the NLM's LIBID;
- per request options (:func:`options_key`): each library's status and service verdict, and
  the set of libraries a holdings stage refuses whatever they hold.

(A borrower's cells as sets of libraries and each group's members are kept on the graph
itself, for single routing too, until a library, group or table changes.)

A memo belongs to one graph and one policy, and the graph must not change while it is used.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

from graphsvc.model import RoutingRequest
from graphsvc.routing.policy import RoutingPolicy

T = TypeVar("T")
_MISSING = object()


class RoutingMemo:
    """Named tables of remembered answers.

    >>> memo = RoutingMemo()
    >>> memo.recall("square", 3, lambda: 9), memo.recall("square", 3, lambda: 0)
    (9, 9)
    >>> memo.table("matches", ("A", 1)) is memo.table("matches", ("A", 1))
    True
    """

    def __init__(self) -> None:
        self._tables: dict[str, dict] = {}

    def recall(self, name: str, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()`` the first time ``key`` is asked of table ``name``; the same after."""
        table = self._tables.get(name)
        if table is None:
            table = self._tables[name] = {}
        found = table.get(key, _MISSING)
        if found is _MISSING:
            found = table[key] = compute()
        return found

    def table(self, name: str, key: Hashable) -> dict:
        """A dictionary of its own for ``key`` in table ``name``, shared by the requests that
        ask with the same key (say, the holders' matches of one title and citation)."""
        return self.recall(name, key, dict)


def recall(memo: RoutingMemo | None, name: str, key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``, remembered in ``memo`` when there is one (batch routing)."""
    return compute() if memo is None else memo.recall(name, key, compute)


def options_key(request: RoutingRequest, policy: RoutingPolicy) -> tuple:
    """What a library's status and service verdict read of a request (besides the stage)."""
    return (request.at, request.service_level, request.efts_only, request.loan,
            request.delivery, request.max_cost if policy.honour_max_cost else None)
