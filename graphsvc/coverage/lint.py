"""Routing-table lint: entries that will never lend, and cells that are set up badly."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

import networkx as nx

from graphsvc.coverage.status import as_day, expand_entry, inactive_reason
from graphsvc.errors import NotFound
from graphsvc.holdings import is_level_2
from graphsvc.network import do_not_route, holders_of, node_kind, routing_cells

TOP_TITLE_SHARE = 0.5

_PROBLEM_TEXT = {
    "UNKNOWN": "is not a library or group of the network",
    "NLM": "is NLM, which is always the implicit last stop (R9)",
    "CLOSED": "is closed and is skipped (R14)",
    "NON_PARTICIPANT": "is a non-participant and is skipped (R14)",
    "NLM_ONLY": "is an NLM-only participant and never lends (E8)",
    "BORROW_ONLY": "is a borrow-only participant and never lends",
    "OUT_OF_OFFICE": "is out of office and is skipped (E6)",
}


@dataclass(frozen=True)
class LintFinding:
    """One finding; ``entry`` is the routing-table entry, ``None`` for a whole cell."""

    cell: int
    entry: str | None
    code: str
    message: str


@dataclass(frozen=True)
class EntryProblem:
    """A table entry that will not lend: ``library`` is the entry or the group member."""

    cell: int
    entry: str
    library: str
    problem: str


def entry_problems(G: nx.MultiDiGraph, cells: Mapping[int, Sequence[str]],
                   day: dt.date, *, memo: dict | None = None) -> Iterator[EntryProblem]:
    """Entries of a routing table's ``cells`` (groups expanded) that are not active lenders.

    ``memo``: a dict kept across the tables of one graph and day (the whole network's
    tables name the same groups thousands of times), remembering each entry's problems.
    """
    memo = {} if memo is None else memo
    for cell, entries in cells.items():
        for entry in entries:
            found = memo.get(entry)
            if found is None:
                reasons = ((libid, inactive_reason(G, libid, day))
                           for libid in expand_entry(G, entry))
                found = memo[entry] = [(libid, why) for libid, why in reasons if why]
            for libid, problem in found:
                yield EntryProblem(cell, entry, libid, problem)


def routing_table_lint(G: nx.MultiDiGraph, libid: str, *, at: dt.date,
                       top_titles: Sequence[str] = ()) -> list[LintFinding]:
    """Check a borrower's routing table against the network on the day ``at``.

    Codes: the entry problems ``UNKNOWN``, ``NLM``, ``CLOSED``, ``NON_PARTICIPANT``,
    ``NLM_ONLY``, ``BORROW_ONLY``, ``OUT_OF_OFFICE`` (a group's inactive members are reported
    on the group's entry); ``NLM_ONLY_BORROWER`` (on each used cell: the borrower is NLM-only
    and borrows from NLM only, E8, so its table is never used); ``SELF``, ``DO_NOT_ROUTE``
    (also on the Do Not Route list), ``DUPLICATE`` (listed again in a later cell),
    ``EMPTY_GROUP``, ``GROUP_SHARES_CELL`` (R12), ``EMPTY_CELL`` (an unused cell between
    used ones) and, with ``top_titles``, ``FEW_TOP_TITLES`` (the cell's
    active libraries hold fewer than half of the borrower's most requested titles).

    Parameters
    ----------
    G : the whole-network graph.
    libid : the borrower.
    at : the day to judge out-of-office periods on.
    top_titles : NLM Unique IDs of the borrower's most requested titles.

    Returns
    -------
    list of LintFinding
        Sorted by cell; an empty list for a clean table.

    Raises
    ------
    NotFound
        When ``libid`` is not a library.

    Examples
    --------
    >>> from graphsvc.coverage.examples import three_library_network
    >>> G = three_library_network()
    >>> christmas = dt.date(2026, 12, 25)
    >>> [(f.cell, f.entry, f.code) for f in routing_table_lint(G, "ORUPAC", at=christmas)]
    [(2, 'CAUXYZ', 'OUT_OF_OFFICE')]
    >>> [f.code for f in routing_table_lint(G, "ORUPAC", at=dt.date(2026, 11, 23),
    ...                                     top_titles=["0255562"])]
    ['FEW_TOP_TITLES']
    """
    if node_kind(G, libid) != "library":
        msg = f"unknown library {libid!r}"
        raise NotFound(msg, problems=[{"field": "libid", "message": msg}])
    day = as_day(at)
    cells = routing_cells(G, libid)
    findings = [*_inactive_entries(G, cells, day), *_entry_findings(G, libid, cells),
                *_cell_findings(G, cells), *_nlm_only_findings(G, libid, cells)]
    if top_titles:
        findings.extend(_top_title_findings(G, cells, top_titles, day))
    return sorted(findings, key=lambda f: (f.cell, f.entry or "", f.code))


def _inactive_entries(G: nx.MultiDiGraph, cells: dict[int, list[str]],
                      day: dt.date) -> Iterator[LintFinding]:
    for p in entry_problems(G, cells, day):
        who = p.entry if p.library == p.entry else f"{p.library}, member of {p.entry},"
        yield LintFinding(p.cell, p.entry, p.problem, f"{who} {_PROBLEM_TEXT[p.problem]}")


def _entry_findings(G: nx.MultiDiGraph, borrower: str,
                    cells: dict[int, list[str]]) -> Iterator[LintFinding]:
    blocked, seen = do_not_route(G, borrower), {}
    for cell, entries in cells.items():
        for entry in entries:
            if entry == borrower:
                yield LintFinding(cell, entry, "SELF", f"{entry} is the borrower itself")
            if entry in blocked:
                yield LintFinding(cell, entry, "DO_NOT_ROUTE",
                                  f"{entry} is also on the Do Not Route list")
            if entry in seen:
                yield LintFinding(cell, entry, "DUPLICATE",
                                  f"{entry} is already in cell {seen[entry]}")
            seen.setdefault(entry, cell)
            if node_kind(G, entry) == "group" and not expand_entry(G, entry):
                yield LintFinding(cell, entry, "EMPTY_GROUP", f"group {entry} has no members")


def _nlm_only_findings(G: nx.MultiDiGraph, borrower: str,
                       cells: dict[int, list[str]]) -> Iterator[LintFinding]:
    if G.nodes[borrower].get("participation") != "NLM_ONLY":
        return
    for cell, entries in cells.items():
        if entries:
            yield LintFinding(cell, None, "NLM_ONLY_BORROWER",
                              f"{borrower} is an NLM-only participant: it borrows from NLM "
                              f"only (E8) and cell {cell} is never used")


def _cell_findings(G: nx.MultiDiGraph, cells: dict[int, list[str]]) -> Iterator[LintFinding]:
    for cell, entries in cells.items():
        if len(entries) > 1:
            for entry in entries:
                if node_kind(G, entry) == "group":
                    yield LintFinding(cell, entry, "GROUP_SHARES_CELL",
                                      f"group {entry} shares cell {cell} with other entries; "
                                      "NLM advises a group alone in its cell (R12)")
    used = [cell for cell, entries in cells.items() if entries]
    for cell in range(min(used, default=0) + 1, max(used, default=0)):
        if cell not in used:
            yield LintFinding(cell, None, "EMPTY_CELL",
                              f"cell {cell} is empty between used cells")


def _top_title_findings(G: nx.MultiDiGraph, cells: dict[int, list[str]],
                        top_titles: Sequence[str], day: dt.date) -> Iterator[LintFinding]:
    wanted = set(top_titles)
    holders = {uid: {h.libid for h in holders_of(G, uid) if not is_level_2(h.ranges)}
               for uid in wanted}
    for cell, entries in cells.items():
        libs = {lib for entry in entries for lib in expand_entry(G, entry)
                if inactive_reason(G, lib, day) is None}
        held = {uid for uid in wanted if holders[uid] & libs}
        if len(held) < TOP_TITLE_SHARE * len(wanted):
            yield LintFinding(cell, None, "FEW_TOP_TITLES",
                              f"cell {cell} libraries hold {len(held)} of the "
                              f"{len(wanted)} most requested titles")
