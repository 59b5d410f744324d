"""Rows for the import queries: what a bundle's records become as query parameters, and
the steps (query name, rows) that write a bundle or its differences.

Plain functions of :mod:`graphsvc.model` records, used by the import and bulk-load mixins of
:class:`~graphsvc.store.neo4j.Neo4jStore`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from graphsvc.changes import FULL_CHANGE, NetworkChange
from graphsvc.io.differences import Undo
from graphsvc.model import Holding, Library, Network, RoutingTable, Serial
from graphsvc.store import records

BATCH = 5_000  # rows a query writes


def library_row(lib: Library, updated: dt.date | None = None) -> dict:
    """The merge_libraries row of ``lib``; its ``record_updated`` is ``updated`` or today."""
    props = {**records.library_props(lib),
             "record_updated": (updated or dt.date.today()).isoformat()}
    return {"libid": lib.libid, "state": lib.state, "props": props}


def _serial_row(serial: Serial) -> dict:
    issns = [c for c in (records.normalize_issn(i) for i in serial.issns) if c]
    return {"nlm_uid": serial.nlm_uid, "props": records.serial_props(serial), "issns": issns}


def _holding_row(h: Holding) -> dict:
    return {"libid": h.libid, "nlm_uid": h.nlm_uid, "format": h.format,
            "props": records.holding_props(h)}


_HOLDING_KEYS = ("format", "bv", "ev", "by", "ey", "currently_received", "embargo_months",
                 "last_modified", "retention_policy", "limited_retention_period",
                 "limited_retention_type", "has_epub_ahead_of_print", "has_supplements",
                 "ignore_warnings", "embargo_years", "issns_as_written")


def bulk_holding_rows(holdings: Iterable[Holding]) -> tuple[list[list], list[dict]]:
    """``([libid, [[nlm_uid, *props in _HOLDING_KEYS order], ...]], ...)`` for holdings with
    every property, and property-map rows for the others (Neo4j stores no nulls)."""
    by_library: dict[str, list[list]] = {}
    mapped = []
    for h in holdings:
        props = records.holding_props(h)
        if len(props) == len(_HOLDING_KEYS):
            by_library.setdefault(h.libid, []).append(
                [h.nlm_uid, *(props[k] for k in _HOLDING_KEYS)])
        else:
            mapped.append(_holding_row(h))
    return [[libid, rows] for libid, rows in by_library.items()], mapped


def issn_rows(serials: Iterable[Serial]) -> list[list]:
    """``[code, [nlm_uid, ...]]`` per distinct normalised ISSN."""
    by_code: dict[str, list[str]] = {}
    for s in serials:
        for code in dict.fromkeys(_serial_row(s)["issns"]):
            by_code.setdefault(code, []).append(s.nlm_uid)
    return [[code, uids] for code, uids in by_code.items()]


def _serial_steps(serials: Iterable[Serial]) -> Iterator[tuple[str, list[dict]]]:
    """Serials and exactly their ISSNs: the links a row no longer names go first; then the
    title changes (CONTINUES) neither end states any more."""
    rows = [_serial_row(s) for s in serials]
    yield "import/unlink_dropped_issns", rows
    yield "import/merge_serials", rows
    yield "import/unlink_title_changes", rows


def import_steps(network: Network) -> Iterator[tuple[str, list[dict]]]:
    routing = routing_steps(network.routing_tables)
    # The old routing links go first: ArcadeDB misses some edges of a library whose node was
    # rewritten earlier in the same transaction, and re-imports then duplicated them.
    yield routing[0]
    yield "import/merge_regions", [
        {"code": r.code, "states": list(r.states),
         "props": {k: v for k, v in {"code": r.code, "name": r.name, "rml": r.rml}.items()
                   if v is not None}} for r in network.regions]
    yield "import/merge_libraries", [library_row(lib) for lib in network.libraries]
    yield "import/merge_groups", [
        {"code": g.code, "props": records.group_props(g), "members": list(g.members)}
        for g in network.groups]
    yield from _serial_steps(network.serials)
    yield "import/link_title_changes", [
        {"later": s.nlm_uid, "earlier": s.continues} for s in network.serials if s.continues] + [
        {"later": s.continued_by, "earlier": s.nlm_uid}
        for s in network.serials if s.continued_by]
    yield "import/merge_holdings", [_holding_row(h) for h in network.holdings]
    yield from routing[1:]


def written_part(undo: Undo, written: list[NetworkChange]) -> Undo:
    """The part of ``undo`` for the records the ``written`` changes name."""
    def keys(kind: str, field: str = "libids") -> set[str]:
        return {k for c in written if c.kind == kind for k in getattr(c, field)}

    return undo.only(regions=any(c.kind == "FULL" for c in written), libraries=keys("LIBRARY"),
                     groups=keys("GROUP", "groups"), serials=keys("SERIALS", "nlm_uids"),
                     holders=keys("HOLDINGS"), tables=keys("ROUTING_TABLE"))


def counted(net: Network) -> dict[str, int]:
    """Records per section of a bundle."""
    return {"regions": len(net.regions), "libraries": len(net.libraries),
            "groups": len(net.groups), "serials": len(net.serials),
            "holdings": len(net.holdings), "routing_tables": len(net.routing_tables)}


def difference_steps(net: Network, batch: int
                      ) -> Iterator[tuple[list[tuple[str, list]], NetworkChange, int]]:
    """``(queries, change, records)`` per bounded transaction writing ``net``'s records."""
    def chunks(items, size=batch):
        return (items[i:i + size] for i in range(0, len(items), size))

    def steps(part: Network) -> list[tuple[str, list]]:
        return [(name, rows) for name, rows in import_steps(part) if rows]

    if net.regions:
        yield steps(Network(regions=net.regions)), FULL_CHANGE, len(net.regions)
    for chunk in chunks(net.libraries):
        yield steps(Network(libraries=chunk)), NetworkChange(
            "LIBRARY", tuple(lib.libid for lib in chunk)), len(chunk)
    for chunk in chunks(net.groups):
        yield steps(Network(groups=chunk)), NetworkChange(
            "GROUP", groups=tuple(g.code for g in chunk)), len(chunk)
    for chunk in chunks(net.serials):
        queries = list(_serial_steps(chunk))
        yield queries, NetworkChange("SERIALS", nlm_uids=tuple(s.nlm_uid for s in chunk)), \
            len(chunk)
    links = [q for q in steps(Network(serials=net.serials))
             if q[0] == "import/link_title_changes"]
    if links:
        uids = tuple(sorted({r[k] for r in links[0][1] for k in ("later", "earlier")}))
        yield links, NetworkChange("SERIALS", nlm_uids=uids), 0
    for chunk in chunks(net.holdings):
        yield [("import/merge_holdings", [_holding_row(h) for h in chunk])], NetworkChange(
            "HOLDINGS", tuple(sorted({h.libid for h in chunk}))), len(chunk)
    for chunk in chunks(net.routing_tables, max(1, batch // 100)):
        yield routing_steps(chunk), NetworkChange(
            "ROUTING_TABLE", tuple(t.libid for t in chunk)), len(chunk)


def routing_steps(tables: Iterable[RoutingTable]) -> list[tuple[str, list[dict]]]:
    tables = list(tables)
    lib_routes, group_routes, dnr, manual = [], [], [], []
    for t in tables:
        for cell, entries in t.cells.items():
            for position, entry in enumerate(entries):
                row = {"libid": t.libid, "entry": entry, "cell": int(cell), "position": position}
                (lib_routes if _is_libid(entry) else group_routes).append(row)
        dnr += [{"libid": t.libid, "entry": e} for e in t.do_not_route]
        manual += [{"libid": t.libid, "entry": e, "row": i}
                   for i, e in enumerate(t.manual_map, start=1)]
    return [("routing/delete_routing_links", [{"libid": t.libid} for t in tables]),
            ("routing/create_library_routes", lib_routes),
            ("routing/create_group_routes", group_routes),
            ("routing/create_do_not_route", dnr), ("routing/create_manual_rows", manual)]


def _is_libid(entry: str) -> bool:
    return len(entry) == 6 and entry.isalpha() and entry[2] in "UCX"
