"""What referral needs to know about a graph, computed once per graph and kept on it.

Holdings counts and subject strengths cost O(holdings) to compute, so :func:`referral_index`
builds them once per graph and caches them on it as :mod:`graphsvc.derived` says: a new graph
(or a copy) gets a new index. A caller that changes a graph in place without changing its
size passes ``rebuild=True``.

Distances use unit vectors: the squared chord between two points orders them exactly as the
great-circle distance does, and :func:`chord_km` turns it into kilometres.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass

import networkx as nx

from graphsvc.derived import derived
from graphsvc.errors import GraphsvcError
from graphsvc.geo import EARTH_RADIUS_KM, zip_place
from graphsvc.model import PATRON_CATEGORIES, RESOURCE_LIBRARY_TYPES, DateRange
from graphsvc.network import group_members, groups, holdings_table, libraries
from graphsvc.referral.subjects import subject_terms

HALF_CIRCUMFERENCE_KM = math.pi * EARTH_RADIUS_KM
KM_PER_DEGREE_LAT = HALF_CIRCUMFERENCE_KM / 180


@dataclass(frozen=True)
class Entry:
    """A library as referral sees it; ``xyz`` is ``None`` when it has no known place."""

    libid: str
    name: str
    city: str
    state: str
    type: str
    active: bool
    serves: frozenset[str]
    subjects: frozenset[str]
    titles: int
    out_of_office: tuple[DateRange, ...]
    timezone: str
    lat: float | None
    xyz: tuple[float, float, float] | None


@dataclass(frozen=True)
class Consortium:
    code: str
    name: str
    serves_states: frozenset[str]
    members: tuple[str, ...]


@dataclass
class ReferralIndex:
    entries: dict[str, Entry]
    by_category: dict[str, list[Entry]]  # active, placed, serving the category; by latitude
    lats: dict[str, list[float]]
    large_by_state: dict[tuple[str, str], list[Entry]]  # (category, state) -> RESOURCE/RML
    large_titles: dict[str, int]  # category -> titles held by the largest tenth of its libraries
    strength: dict[str, dict[str, int]]  # subject -> libid -> titles held on it
    consortia: dict[str, Consortium]
    member_states: frozenset[str]


def unit_vector(lat: float, lon: float) -> tuple[float, float, float]:
    p, q = math.radians(lat), math.radians(lon)
    return math.cos(p) * math.cos(q), math.cos(p) * math.sin(q), math.sin(p)


def chord2(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    return (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2 + (a[2] - b[2]) ** 2


def chord_km(c2: float) -> float:
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(c2) / 2))


def km_chord2(km: float) -> float:
    return (2 * math.sin(min(km, HALF_CIRCUMFERENCE_KM) / EARTH_RADIUS_KM / 2)) ** 2


def referral_index(G: nx.MultiDiGraph, *, rebuild: bool = False) -> ReferralIndex:
    """The cached :class:`ReferralIndex` of ``G``, built on first use.

    On a graph kept up to date change by change that sets ``G.graph["index_max_lag"]``
    (seconds), an index built that recently is reused after holdings changed (it reads them
    only for collection sizes and subject strengths; rebuilding it walks every library's
    titles, 2 s at national scale), but never after a library, group or routing table
    changed (``links_version``: whether a library is active, where, whom it serves).
    """
    return derived(G, "referral_index", build_index, rebuild=rebuild,
                   max_lag=G.graph.get("index_max_lag", 0.0), lag_while="links_version")


def build_index(G: nx.MultiDiGraph) -> ReferralIndex:
    titles = {libid: _titles_held(G, libid) for libid in libraries(G)}
    entries = {libid: _entry(G, libid, len(held)) for libid, held in titles.items()}
    by_category = {c: sorted((e for e in entries.values() if _serves(e, c)), key=_lat)
                   for c in PATRON_CATEGORIES}
    large_by_state = defaultdict(list)
    for category, found in by_category.items():
        for e in found:
            if e.type in RESOURCE_LIBRARY_TYPES:
                large_by_state[category, e.state].append(e)
    return ReferralIndex(
        entries, by_category, {c: [e.lat for e in es] for c, es in by_category.items()},
        dict(large_by_state), {c: _large_titles(found) for c, found in by_category.items()},
        _strength(G, titles), _consortia(G),
        frozenset(e.state for e in entries.values() if e.active and e.xyz))


LARGEST_SHARE = 0.1


def _large_titles(entries: list[Entry]) -> int:
    """The fewest titles a library of ``entries`` holds to be among the largest tenth of
    them (at least 1)."""
    held = sorted((e.titles for e in entries), reverse=True)
    if not held:
        return 1
    return max(held[min(len(held) - 1, math.ceil(len(held) * LARGEST_SHARE) - 1)], 1)


def _lat(entry: Entry) -> float:
    return entry.lat


def _serves(entry: Entry, category: str) -> bool:
    return entry.active and entry.xyz is not None and category in entry.serves


def _titles_held(G: nx.MultiDiGraph, libid: str) -> set[str]:
    return holdings_table(G).titles_of(libid)


def _place(data: dict) -> tuple[float, float] | None:
    if data.get("lat") is not None and data.get("lon") is not None:
        return data["lat"], data["lon"]
    try:
        found = zip_place(data["zip"]) if data.get("zip") else None
    except GraphsvcError:
        return None
    return (found["lat"], found["lon"]) if found else None


def _entry(G: nx.MultiDiGraph, libid: str, titles: int) -> Entry:
    d = G.nodes[libid]
    place = _place(d)
    declared = frozenset().union(*(subject_terms(s) for s in d.get("subjects", ())))
    return Entry(libid, d.get("name", libid), d.get("city", ""), d.get("state", ""),
                 d.get("type", "PAL"), d.get("participation", "FULL") == "FULL",
                 frozenset(d.get("serves", ())), declared, titles,
                 tuple(d.get("out_of_office", ())), d.get("timezone", "America/New_York"),
                 place[0] if place else None, unit_vector(*place) if place else None)


def _strength(G: nx.MultiDiGraph, titles: dict[str, set[str]]) -> dict[str, dict[str, int]]:
    terms_of: dict[str, frozenset[str]] = {}
    strength: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for libid, held in titles.items():
        for uid in held:
            if uid not in terms_of:
                subjects = G.nodes[uid].get("subjects", ())
                terms_of[uid] = frozenset().union(*(subject_terms(s) for s in subjects))
            for term in terms_of[uid]:
                strength[term][libid] += 1
    return {term: dict(counts) for term, counts in strength.items()}


def _consortia(G: nx.MultiDiGraph) -> dict[str, Consortium]:
    return {code: Consortium(code, G.nodes[code].get("name", code),
                             frozenset(G.nodes[code].get("serves_states", ())),
                             tuple(sorted(group_members(G, code))))
            for code in groups(G) if G.nodes[code].get("group_kind") == "CONSORTIUM"}


class Nearby:
    """Eligible libraries around a point, found in widening latitude bands (no full scan).

    ``usable(entry)`` drops libraries that cannot take patrons now (out of office).
    """

    def __init__(self, index: ReferralIndex, category: str, lat: float, lon: float, usable):
        self.entries, self.lats = index.by_category[category], index.lats[category]
        self.lat, self.xyz, self.usable = lat, unit_vector(lat, lon), usable
        self._radius, self._found = -1.0, []

    def within(self, km: float) -> list[tuple[float, Entry]]:
        """``(distance_km, entry)`` of every usable library within ``km``, nearest first."""
        if km > self._radius:
            self._found = self._scan(km)
            self._radius = km
        return [(d, e) for d, e in self._found if d <= km]

    def nearest(self, n: int, *, start_km: float = 50.0) -> list[tuple[float, Entry]]:
        """The ``n`` nearest usable libraries (fewer when the network has fewer)."""
        km = start_km
        while True:
            found = self.within(km)
            if len(found) >= n or km >= HALF_CIRCUMFERENCE_KM:
                return found[:n]
            km *= 2

    def _scan(self, km: float) -> list[tuple[float, Entry]]:
        band = km / KM_PER_DEGREE_LAT
        lo, hi = bisect_left(self.lats, self.lat - band), bisect_right(self.lats, self.lat + band)
        limit, here = km_chord2(km), self.xyz
        found = [(c2, e) for e in self.entries[lo:hi]
                 if (c2 := chord2(e.xyz, here)) <= limit and self.usable(e)]
        found.sort(key=lambda pair: (pair[0], pair[1].libid))
        return [(chord_km(c2), e) for c2, e in found]
