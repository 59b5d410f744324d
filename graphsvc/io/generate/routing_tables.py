"""Routing tables of a generated network: local partners, consortia and FreeShare (G3, R17)."""

from __future__ import annotations

import heapq
import math
import random

from graphsvc.io.generate.groups import full_participants
from graphsvc.io.generate.places import load_regions
from graphsvc.model import Group, Library, RoutingTable


def _nearest(lib: Library, pool: list[Library], k: int) -> list[Library]:
    """The ``k`` libraries of ``pool`` nearest ``lib`` (flat-earth distance is enough)."""
    squeeze = math.cos(math.radians(lib.lat)) ** 2

    def distance(other: Library) -> float:
        return (other.lat - lib.lat) ** 2 + squeeze * (other.lon - lib.lon) ** 2
    return heapq.nsmallest(k, (o for o in pool if o.libid != lib.libid), key=distance)


def _table(rng: random.Random, lib: Library, region_libs: list[Library],
           member_of: list[Group]) -> RoutingTable:
    """Local partners in cells 1-3, consortia in 4-5, FreeShare alone in 6-9 (G3, R17)."""
    near = _nearest(lib, region_libs, 24)
    local = [o for o in near if o.state == lib.state] or near
    strong = [o for o in region_libs if o.type in ("RML", "RESOURCE") and o.libid != lib.libid]
    cells: dict[int, list[str]] = {}
    used: set[str] = set()

    def place(cell: int, candidates: list[Library], k: int) -> None:
        chosen = [o.libid for o in candidates if o.libid not in used][:k]
        used.update(chosen)
        if chosen:
            cells.setdefault(cell, []).extend(chosen)
    place(1, local, rng.randint(1, 6))
    if rng.random() < .6:
        place(2, near, rng.randint(1, 6))
    if rng.random() < .7:
        place(3, rng.sample(strong, min(len(strong), 4)), rng.randint(1, 4))
    for group in member_of:
        if group.kind == "CONSORTIUM":
            cells.setdefault(4 if len(group.serves_states) == 1 else 5, []).append(group.code)
        elif rng.random() < .9:
            cells[rng.choice([c for c in range(6, 10) if c not in cells])] = [group.code]
    avoid = [o.libid for o in near[12:] if o.libid not in used]
    do_not_route = tuple(sorted(rng.sample(avoid, min(len(avoid), rng.randint(1, 2))))) \
        if rng.random() < .08 else ()
    manual = tuple(o.libid for o in near[:rng.randint(3, 9)]) if rng.random() < .2 else ()
    return RoutingTable(lib.libid, {c: tuple(e) for c, e in sorted(cells.items())},
                        do_not_route, manual)


def make_routing_tables(rng: random.Random, libs: list[Library],
                        groups: tuple[Group, ...]) -> tuple[RoutingTable, ...]:
    """Tables for most full participants; entries are not cleaned when a partner closes."""
    state_region = {s: r.code for r in load_regions() for s in r.states}
    by_region: dict[str, list[Library]] = {}
    for lib in libs:
        if lib.type != "NLM":
            by_region.setdefault(state_region[lib.state], []).append(lib)
    member_of: dict[str, list[Group]] = {}
    for group in groups:
        for libid in group.members:
            member_of.setdefault(libid, []).append(group)
    return tuple(_table(rng, lib, by_region[state_region[lib.state]], member_of.get(lib.libid, []))
                 for lib in full_participants(libs) if rng.random() < .85)
