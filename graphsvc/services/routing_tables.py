"""Routing tables, Do Not Route lists and manual (M/A/N) maps: read, check, replace, lint.

A table is checked against the stored network before it replaces the stored one: every
entry must be a stored library or group (R8: at most 20 per cell, cells 1-9), a group only by
its members (R17), a library or group in one cell only; the Do Not Route list and the manual
map (at most nine rows, R26) name stored libraries. A ``PUT`` replaces the whole table
(cells, ``do_not_route`` and ``manual_map``, all three required over HTTP so that nothing is
emptied by being left out); the manual map alone is replaced through :func:`put_manual_map`.
"""

from __future__ import annotations

import datetime as dt

from graphsvc.coverage import routing_table_lint
from graphsvc.errors import InvalidInput, NotFound
from graphsvc.fields import LIBID, MAX_MANUAL_ROWS
from graphsvc.model import CELLS, MAX_PER_CELL, RoutingTable
from graphsvc.network import routing_table
from graphsvc.services.network import checked_libid
from graphsvc.store.contract import Store

TOP_TITLES = 20


def check_routing_table(table: RoutingTable, *, libids: frozenset[str],
                        groups: frozenset[str], member_of: frozenset[str]) -> list[dict]:
    """Problems (``{field, message}``) of a table against the stored keys; ``member_of`` is
    the set of groups the borrower belongs to.

    >>> table = RoutingTable("ORUPAC", {1: ("ORUOHS", "FREESHARE"), 2: ("ORUOHS",)})
    >>> [p["field"] for p in check_routing_table(table, libids=frozenset({"ORUOHS"}),
    ...                                          groups=frozenset({"FREESHARE"}),
    ...                                          member_of=frozenset())]
    ['cells.1[1]', 'cells.2[0]']
    """
    problems: list[dict] = []

    def bad(field: str, message: str) -> None:
        problems.append({"field": field, "message": message})

    cell_of: dict[str, int] = {}
    for cell, entries in sorted(table.cells.items()):
        if cell not in CELLS:
            bad(f"cells.{cell}", f"{cell} is not a cell number 1-9")
        if len(entries) > MAX_PER_CELL:
            bad(f"cells.{cell}", f"has {len(entries)} entries; at most {MAX_PER_CELL} (R8)")
        for i, entry in enumerate(entries):
            _check_entry(table.libid, entry, cell, f"cells.{cell}[{i}]", cell_of, libids=libids,
                         groups=groups, member_of=member_of, bad=bad)
    for name in ("do_not_route", "manual_map"):
        _check_libids(getattr(table, name), name, libids, bad)
    if len(table.manual_map) > MAX_MANUAL_ROWS:
        bad("manual_map", f"has {len(table.manual_map)} rows; at most {MAX_MANUAL_ROWS} (R26)")
    return problems


def _check_entry(borrower: str, entry: str, cell: int, field: str, cell_of: dict[str, int], *,
                 libids: frozenset[str], groups: frozenset[str], member_of: frozenset[str],
                 bad) -> None:
    """One cell entry: in one cell only, a known library, or a group the borrower is in."""
    if entry in cell_of:
        bad(field, f"{entry} is already in cell {cell_of[entry]}; one cell per entry")
    cell_of.setdefault(entry, cell)
    if entry in groups and entry not in member_of:
        bad(field, f"{borrower} is not a member of group {entry} (R17)")
    elif entry not in groups and entry not in libids:
        bad(field, f"{entry} is neither a library nor a group of the network")


def _check_libids(values, name: str, libids: frozenset[str], bad) -> None:
    seen = set()
    for i, libid in enumerate(values):
        if not LIBID.match(libid):
            bad(f"{name}[{i}]", f"{libid!r} is not a LIBID")
        elif libid not in libids:
            bad(f"{name}[{i}]", f"unknown library {libid}")
        elif libid in seen:
            bad(f"{name}[{i}]", f"{libid} is listed twice")
        seen.add(libid)


def get_routing_table(store: Store, libid: str) -> RoutingTable:
    """The stored routing table, Do Not Route list and manual map of a library."""
    libid = _known_library(store, checked_libid(libid))
    return routing_table(store.routing_graph(libid, None), libid)


def put_routing_table(store: Store, table: RoutingTable) -> RoutingTable:
    """Check ``table`` against the stored network (InvalidInput naming each bad field), then
    replace the stored one in one transaction."""
    store.replace_routing_table(checked_table(store, table))
    return table


def checked_table(store: Store, table: RoutingTable) -> RoutingTable:
    """``table`` when it fits the stored network; :class:`InvalidInput` naming each bad field,
    :class:`NotFound` for an unknown library."""
    found = store.library(checked_libid(table.libid))
    if found is None:
        msg = f"no library {table.libid}"
        raise NotFound(msg, problems=[{"field": "libid", "message": msg}])
    keys = store.keys()
    problems = check_routing_table(table, libids=keys["libids"], groups=keys["groups"],
                                   member_of=frozenset(found["groups"]))
    if problems:
        msg = f"the routing table of {table.libid} has {len(problems)} problem(s): " + \
            "; ".join(f"{p['field']}: {p['message']}" for p in problems[:5])
        raise InvalidInput(msg, problems=problems)
    return table


def put_manual_map(store: Store, libid: str, manual_map: tuple[str, ...]) -> RoutingTable:
    """Replace only the manual map, keeping the cells and the Do Not Route list."""
    current = get_routing_table(store, libid)
    return put_routing_table(store, RoutingTable(current.libid, current.cells,
                                                 current.do_not_route, tuple(manual_map)))


def most_requested_titles(store: Store, libid: str, *, limit: int = TOP_TITLES) -> list[str]:
    """NLM Unique IDs the borrower requested most, from the request history (may be empty)."""
    return store.most_requested_titles(libid, limit=limit)


def lint_routing_table(store: Store, libid: str, *, at: dt.date | None = None) -> dict:
    """Findings of :func:`graphsvc.coverage.routing_table_lint` on the stored network; the
    most-requested-titles check runs only when the store holds request history."""
    libid = _known_library(store, checked_libid(libid))
    day = at or dt.date.today()
    top = most_requested_titles(store, libid)
    findings = routing_table_lint(store.network(), libid, at=day, top_titles=top)
    return {"libid": libid, "at": day, "top_titles": top, "findings": findings}


def _known_library(store: Store, libid: str) -> str:
    if store.library(libid) is None:
        msg = f"no library {libid}"
        raise NotFound(msg, problems=[{"field": "libid", "message": msg}])
    return libid
