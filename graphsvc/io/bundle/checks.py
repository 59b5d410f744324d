"""The checks across a bundle's records: unique keys, references to libraries, groups and
serials, group membership (R17) and the manual map's length (R25).
"""

from __future__ import annotations

from collections.abc import Callable

from graphsvc.fields import MAX_MANUAL_ROWS
from graphsvc.model import RoutingTable

Rows = list[tuple[str, object]]


class Problems(list):
    """The bad records found so far: a position, field and message each."""

    def add(self, position: str, field: str, message: str) -> None:
        self.append({"position": position, "field": field, "message": message})


def check_references(rows: dict[str, Rows], problems: Problems, libids: set,
                     groups: set, serials: set) -> None:
    """A problem for each duplicate key, unknown reference and broken group or table rule."""
    keys = {"regions": lambda r: r.code, "libraries": lambda r: r.libid,
            "groups": lambda r: r.code, "serials": lambda r: r.nlm_uid,
            "holdings": lambda h: (h.libid, h.nlm_uid, h.format),
            "routing_tables": lambda t: t.libid}
    fields = {"regions": "code", "libraries": "libid", "groups": "code", "serials": "nlm_uid",
              "holdings": "format", "routing_tables": "libid"}
    for section, key in keys.items():
        _check_unique(rows[section], key, fields[section], problems)
    members: dict[str, set] = {}
    for _, group in rows["groups"]:
        members.setdefault(group.code, set(group.members))
    _check_regions(rows["regions"], libids, problems)
    _check_groups(rows["groups"], libids, problems)
    for position, holding in rows["holdings"]:
        _need(holding.libid in libids, problems, position, "libid",
              f"unknown library {holding.libid!r}")
        _need(holding.nlm_uid in serials, problems, position, "nlm_uid",
              f"unknown serial {holding.nlm_uid!r}")
    for position, table in rows["routing_tables"]:
        _check_table(position, table, libids, groups, members, problems)


def _need(ok: bool, problems: Problems, position: str, field: str, message: str) -> None:
    if not ok:
        problems.add(position, field, message)


def _check_unique(rows: Rows, key: Callable, field: str, problems: Problems) -> None:
    first: dict = {}
    for position, record in rows:
        k = key(record)
        if k in first:
            problems.add(position, field, f"duplicate of {first[k]} ({k!r})")
        else:
            first[k] = position


def _check_regions(rows: Rows, libids: set, problems: Problems) -> None:
    region_of: dict[str, str] = {}
    for position, region in rows:
        _need(region.rml is None or region.rml in libids, problems, position, "rml",
              f"RML {region.rml!r} is not a library")
        for i, state in enumerate(region.states):
            if state in region_of:
                problems.add(position, f"states[{i}]",
                             f"state {state!r} is already in region {region_of[state]!r}")
            region_of.setdefault(state, region.code)


def _check_groups(rows: Rows, libids: set, problems: Problems) -> None:
    for position, group in rows:
        _need(group.code not in libids, problems, position, "code",
              f"group code {group.code!r} is a LIBID")
        for i, member in enumerate(group.members):
            _need(member in libids, problems, position, f"members[{i}]",
                  f"unknown library {member!r}")


def _check_table(position: str, table: RoutingTable, libids: set, groups: set,
                 members: dict[str, set], problems: Problems) -> None:
    _need(table.libid in libids, problems, position, "libid", f"unknown library {table.libid!r}")
    cell_of: dict[str, int] = {}
    for cell, entries in sorted(table.cells.items()):
        for i, entry in enumerate(entries):
            field = f"cells.{cell}[{i}]"
            if entry in cell_of:
                problems.add(position, field, f"{entry!r} is already in cell {cell_of[entry]}")
            cell_of.setdefault(entry, cell)
            if entry in members and table.libid not in members[entry]:
                problems.add(position, field, f"{table.libid!r} is not a member of group "
                                              f"{entry!r} (R17)")
            _need(entry in libids or entry in groups, problems, position, field,
                  f"{entry!r} is neither a library nor a group")
    for name in ("do_not_route", "manual_map"):
        for i, libid in enumerate(getattr(table, name)):
            _need(libid in libids, problems, position, f"{name}[{i}]",
                  f"unknown library {libid!r}")
    _need(len(table.manual_map) <= MAX_MANUAL_ROWS, problems, position, "manual_map",
          f"has {len(table.manual_map)} rows; at most {MAX_MANUAL_ROWS} (R25)")
