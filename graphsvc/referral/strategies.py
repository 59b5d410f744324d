"""One function per reason a library is suggested; each returns the :class:`Pick` it found.

Every strategy is a function of an :class:`Ask` (the patron's question against one graph's
:class:`~graphsvc.referral.index.ReferralIndex`) and finds its libraries without scanning the
whole network: nearby libraries come from :class:`~graphsvc.referral.index.Nearby`'s widening
bands, the rest from small precomputed lists.
"""

from __future__ import annotations

from dataclasses import dataclass
from collections.abc import Callable

import networkx as nx

from graphsvc.errors import NotFound
from graphsvc.referral.index import Entry, Nearby, ReferralIndex, chord2, chord_km
from graphsvc.referral.records import Patron

COLLECTION_RADII_KM = (300.0, 600.0, 1200.0, 2400.0, float("inf"))
CATEGORY_PHRASES = {
    "UNAFFILIATED_HEALTH_PROFESSIONAL": "unaffiliated health professionals",
    "GENERAL_PUBLIC": "the general public",
    "AFFILIATED": "affiliated users",
}


@dataclass(frozen=True)
class Ask:
    """A patron's question: ``category`` is the ``serves`` code other libraries must declare."""

    G: nx.MultiDiGraph
    index: ReferralIndex
    patron: Patron
    category: str
    subject: str | None
    nearby: Nearby
    usable: Callable[[Entry], bool]

    def km(self, entry: Entry) -> float | None:
        return chord_km(chord2(entry.xyz, self.nearby.xyz)) if entry.xyz else None

    @property
    def serving(self) -> str:
        return CATEGORY_PHRASES[self.category]


@dataclass(frozen=True)
class Pick:
    entry: Entry
    km: float | None
    reason: str
    sentence: str
    filler: bool = False


def _titles(count: int) -> str:
    return "1 title" if count == 1 else f"{count:,} titles"


def _at(sentence: str, km: float | None) -> str:
    return sentence if km is None else f"{sentence}, {km:.1f} km"


def nearest(ask: Ask) -> list[Pick]:
    """The closest library that serves the patron's category."""
    return [Pick(e, km, "NEAREST", _at(f"nearest library that serves {ask.serving}", km))
            for km, e in ask.nearby.nearest(1)]


def affiliation(ask: Ask) -> list[Pick]:
    """The patron's own library, whatever it serves, when it is active now."""
    libid = ask.patron.affiliation
    if libid is None:
        return []
    entry = ask.index.entries.get(libid)
    if entry is None:
        msg = f"affiliation {libid!r} is not a library in the network"
        raise NotFound(msg, problems=[{"field": "affiliation", "message": msg}])
    if not ask.usable(entry):
        return []
    km = ask.km(entry)
    return [Pick(entry, km, "AFFILIATION", _at("your own library", km))]


def large_collection(ask: Ask) -> list[Pick]:
    """A resource library (or RML) in the patron's state, the nearest of them; else one of
    the network's largest collections (the tenth of libraries holding the most titles), the
    largest within 300 km, widening to 600, 1200, 2400 km, anywhere. The sentence says how
    many titles it holds."""
    in_state = [e for e in ask.index.large_by_state.get((ask.category, ask.patron.state), ())
                if ask.usable(e)]
    if in_state:
        km, entry = min((ask.km(e), e.libid, e) for e in in_state)[::2]
        kind = "Regional Medical Library" if entry.type == "RML" else "resource library"
        sentence = f"{kind} in {entry.state}, holds {_titles(entry.titles)}"
        return [Pick(entry, km, "LARGE_COLLECTION", _at(sentence, km))]
    large = ask.index.large_titles.get(ask.category, 1)
    for radius in COLLECTION_RADII_KM:
        found = [(e.titles, -km, km, e) for km, e in ask.nearby.within(radius)
                 if e.titles >= large]
        if found:
            titles, _, km, entry = max(found, key=lambda t: t[:2])
            where = "in the network" if radius == float("inf") else f"within {radius:g} km"
            sentence = f"one of the largest collections in the network (holds " \
                       f"{_titles(titles)}), the largest {where}"
            return [Pick(entry, km, "LARGE_COLLECTION", _at(sentence, km))]
    return []


def subject_expertise(ask: Ask) -> list[Pick]:
    """The library that declares the patron's subject, else the one holding most titles on it,
    nearest first among equals; searched within 300 km, widening like :func:`large_collection`."""
    if ask.subject is None:
        return []
    strength = ask.index.strength.get(ask.subject, {})
    for radius in COLLECTION_RADII_KM:
        found = [(ask.subject in e.subjects, strength.get(e.libid, 0), -km, km, e)
                 for km, e in ask.nearby.within(radius)
                 if ask.subject in e.subjects or e.libid in strength]
        if found:
            declared, titles, _, km, entry = max(found, key=lambda t: t[:3])
            sentence = (f"declares subject expertise in {ask.subject}" if declared else
                        f"strongest {ask.subject} collection nearby ({_titles(titles)})")
            return [Pick(entry, km, "SUBJECT_EXPERTISE", _at(sentence, km))]
    return []


def consortium(ask: Ask) -> list[Pick]:
    """For each consortium the patron names, or else that serves the patron's state, its
    nearest active member that serves the patron's category."""
    code, consortia = ask.patron.consortium, ask.index.consortia
    if code is not None and code not in consortia:
        msg = f"consortium {code!r} is not a consortium in the network"
        raise NotFound(msg, problems=[{"field": "consortium", "message": msg}])
    chosen = [consortia[code]] if code is not None else \
        [c for c in consortia.values() if ask.patron.state in c.serves_states]
    picks = []
    for group in chosen:
        members = [e for m in group.members if (e := ask.index.entries.get(m)) is not None
                   and e.xyz and ask.category in e.serves and ask.usable(e)]
        if members:
            km, entry = min((ask.km(e), e.libid, e) for e in members)[::2]
            sentence = f"nearest member of the consortium {group.name} ({group.code})"
            picks.append(Pick(entry, km, "CONSORTIUM", _at(sentence, km)))
    return picks


def regional_library(ask: Ask, near: Entry | None) -> list[Pick]:
    """The RML of the patron's region (from their state, else the nearest library's state)."""
    state = ask.patron.state or (near.state if near else None)
    code = ask.G.graph.get("state_region", {}).get(state)
    region = ask.G.graph.get("regions", {}).get(code)
    entry = ask.index.entries.get(region.rml) if region and region.rml else None
    if entry is None or not ask.usable(entry):
        return []
    km = ask.km(entry)
    sentence = f"Regional Medical Library for {region.name}"
    return [Pick(entry, km, "LARGE_COLLECTION", _at(sentence, km))]


def next_nearest(ask: Ask, n: int, taken: set[str]) -> list[Pick]:
    """Up to ``n`` more libraries that serve the category, nearest first, skipping ``taken``."""
    found = [(km, e) for km, e in ask.nearby.nearest(n + len(taken)) if e.libid not in taken]
    sentence = f"another nearby library that serves {ask.serving}"
    return [Pick(e, km, "NEAREST", _at(sentence, km), filler=True) for km, e in found[:n]]
