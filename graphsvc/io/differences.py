"""What importing a bundle into a stored network changes, and what undoes it.

Importing a bundle creates or updates its records (regions, libraries, groups, serials, and
holdings per library, title and format), replaces group membership for its groups and the
routing tables it carries; it removes nothing else. :func:`network_differences` gives the
records whose import changes something (so a national bundle imported again writes almost
nothing) and, for an all-or-nothing import made of several transactions, the records that
put back what those changes replaced.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from graphsvc.model import Group, Network, Region, RoutingTable


@dataclass(frozen=True)
class Undo:
    """What puts a stored network back after some differences were written: the old
    records (as a bundle) and the keys of the records that did not exist before."""

    restore: Network = field(default_factory=Network)
    new_libraries: tuple[str, ...] = ()
    new_groups: tuple[str, ...] = ()
    new_serials: tuple[str, ...] = ()
    new_holdings: tuple[tuple[str, str, str], ...] = ()
    new_tables: tuple[str, ...] = ()

    def only(self, *, regions: bool, libraries: set[str], groups: set[str], serials: set[str],
             holders: set[str], tables: set[str]) -> Undo:
        """The part of this undo for what was written: the regions (or none), the libraries,
        groups and serials by key, the holdings of ``holders`` and the routing tables of
        ``tables`` (so that an import stopped half-way puts back only what it wrote, and
        leaves alone what another writer changed meanwhile).

        >>> from graphsvc.model import Library
        >>> undo = Undo(Network(libraries=(Library("ORUPAC", "Pacific"),)), ("ORUNEW",))
        >>> none = dict(groups=set(), serials=set(), holders=set(), tables=set())
        >>> undo.only(regions=False, libraries={"ORUNEW"}, **none)
        Undo(restore=Network(...), new_libraries=('ORUNEW',), ...)
        """
        r = self.restore
        kept = Network(
            r.regions if regions else (), tuple(x for x in r.libraries if x.libid in libraries),
            tuple(g for g in r.groups if g.code in groups),
            tuple(s for s in r.serials if s.nlm_uid in serials),
            tuple(h for h in r.holdings if h.libid in holders),
            tuple(t for t in r.routing_tables if t.libid in tables))
        return Undo(kept, tuple(k for k in self.new_libraries if k in libraries),
                    tuple(k for k in self.new_groups if k in groups),
                    tuple(k for k in self.new_serials if k in serials),
                    tuple(k for k in self.new_holdings if k[0] in holders),
                    tuple(k for k in self.new_tables if k in tables))


@dataclass(frozen=True)
class Differences:
    """The records to write (as a bundle) and the :class:`Undo` of writing them."""

    changes: Network = field(default_factory=Network)
    undo: Undo = field(default_factory=Undo)

    @property
    def empty(self) -> bool:
        c = self.changes
        return not (c.regions or c.libraries or c.groups or c.serials or c.holdings
                    or c.routing_tables)


def _sorted_region(r: Region) -> Region:
    return Region(r.code, r.name, tuple(sorted(r.states)), r.rml)


def _sorted_group(g: Group) -> Group:
    return Group(g.code, g.name, g.kind, tuple(sorted(g.members)), g.serves_states)


def _changed(stored: dict, incoming, key, same=lambda a, b: a == b) -> tuple[list, list, list]:
    """``(changed or new records, old versions of the changed, keys of the new)``."""
    changed, old, new = [], [], []
    for record in incoming:
        before = stored.get(key(record))
        if before is None:
            changed.append(record)
            new.append(key(record))
        elif not same(before, record):
            changed.append(record)
            old.append(before)
    return changed, old, new


def _table_key(t: RoutingTable) -> tuple:
    return t.libid, {int(c): tuple(e) for c, e in t.cells.items() if e}, \
        tuple(sorted(t.do_not_route)), tuple(t.manual_map)


def network_differences(stored: Network, bundle: Network) -> Differences:
    """The differences importing ``bundle`` makes to ``stored``, and their undo.

    >>> from graphsvc.model import Library
    >>> stored = Network(libraries=(Library("ORUPAC", "Pacific"),))
    >>> diff = network_differences(stored, Network(libraries=(
    ...     Library("ORUPAC", "Pacific"), Library("ORUOHS", "OHSU"))))
    >>> [lib.libid for lib in diff.changes.libraries], diff.undo.new_libraries
    (['ORUOHS'], ('ORUOHS',))
    """
    regions, old_regions, _ = _changed({r.code: _sorted_region(r) for r in stored.regions},
                                       bundle.regions, lambda r: r.code,
                                       lambda a, b: a == _sorted_region(b))
    libs, old_libs, new_libs = _changed({lib.libid: lib for lib in stored.libraries},
                                        bundle.libraries, lambda lib: lib.libid)
    groups, old_groups, new_groups = _changed(
        {g.code: _sorted_group(g) for g in stored.groups}, bundle.groups, lambda g: g.code,
        lambda a, b: a == _sorted_group(b))
    serials, old_serials, new_serials = _changed({s.nlm_uid: s for s in stored.serials},
                                                 bundle.serials, lambda s: s.nlm_uid)
    holdings, old_holdings, new_holdings = _changed(
        {(h.libid, h.nlm_uid, h.format): h for h in stored.holdings}, bundle.holdings,
        lambda h: (h.libid, h.nlm_uid, h.format))
    stored_tables = {t.libid: t for t in stored.routing_tables}
    tables, old_tables, new_tables = _changed(
        stored_tables, bundle.routing_tables, lambda t: t.libid,
        lambda a, b: _table_key(a) == _table_key(b))
    changes = Network(tuple(regions), tuple(libs), tuple(groups), tuple(serials),
                      tuple(holdings), tuple(tables))
    undo = Undo(Network(tuple(old_regions), tuple(old_libs), tuple(old_groups),
                        tuple(old_serials), tuple(old_holdings), tuple(old_tables)),
                tuple(new_libs), tuple(new_groups), tuple(new_serials), tuple(new_holdings),
                tuple(new_tables))
    return Differences(changes, undo)
