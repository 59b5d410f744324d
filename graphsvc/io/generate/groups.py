"""Generated groups: FreeShare and the regional and state consortia (G1, G2)."""

from __future__ import annotations

import dataclasses
import random

from graphsvc.io.generate.places import load_regions, state_name
from graphsvc.model import Group, Library

MIN_GROUP = 11  # G1
STATE_CONSORTIA = 5


def full_participants(libs: list[Library]) -> list[Library]:
    """The libraries that lend to all (full participants other than NLM)."""
    return [lib for lib in libs if lib.participation == "FULL" and lib.type != "NLM"]


def _members(rng: random.Random, pool: list[Library], share: float) -> tuple[str, ...]:
    size = min(len(pool), max(MIN_GROUP, round(len(pool) * share)))
    return tuple(sorted(lib.libid for lib in rng.sample(pool, size)))


def make_groups(rng: random.Random, libs: list[Library]) -> tuple[Group, ...]:
    """FreeShare (a third of the full participants, G2), one consortium per region and one
    for each of the states with the most participants, each of at least 11 members (G1)."""
    lenders = full_participants(libs)
    groups = [Group("FREESHARE", "FreeShare", "LIBRARY_GROUP", _members(rng, lenders, 1 / 3))]
    for region in load_regions():
        pool = [lib for lib in lenders if lib.state in region.states]
        if len(pool) >= MIN_GROUP:
            groups.append(Group(f"R{region.code}HSLC", f"{region.name} Health Sciences "
                                "Libraries Consortium", "CONSORTIUM",
                                _members(rng, pool, .4), region.states))
    by_state: dict[str, list[Library]] = {}
    for lib in lenders:
        by_state.setdefault(lib.state, []).append(lib)
    biggest = sorted(by_state, key=lambda s: (-len(by_state[s]), s))[:STATE_CONSORTIA]
    for state in biggest:
        if len(by_state[state]) >= 2 * MIN_GROUP:
            groups.append(Group(f"{state}HLC", f"{state_name(state)} Health Libraries "
                                "Consortium", "CONSORTIUM", _members(rng, by_state[state], .6),
                                (state,)))
    return tuple(groups)


def free_share_fees(libs: list[Library], groups: tuple[Group, ...]) -> list[Library]:
    """FreeShare members lend at no charge (G2)."""
    free = set(next(g.members for g in groups if g.code == "FREESHARE"))
    return [dataclasses.replace(lib, base_fee=0.0) if lib.libid in free else lib
            for lib in libs]
