"""The area a what-if takes offline, and the nearest holders outside it."""

from __future__ import annotations

import heapq
import math
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

import networkx as nx

from graphsvc.geo import haversine_km
from graphsvc.network import region_of


@dataclass(frozen=True)
class OfflineLibrary:
    libid: str
    name: str
    state: str
    region: str | None
    lat: float | None
    lon: float | None


@dataclass(frozen=True)
class Area:
    """Offline libraries (to draw), their states and regions, and their centroid."""

    libraries: tuple[OfflineLibrary, ...]
    states: tuple[str, ...]
    regions: tuple[str, ...]
    centroid: tuple[float, float] | None  # (lat, lon); None when no library has coordinates


@dataclass(frozen=True)
class BackupLender:
    libid: str
    name: str
    state: str
    distance_km: float | None  # None when the library has no coordinates


def centroid(points: Iterable[tuple[float, float]]) -> tuple[float, float] | None:
    """The spherical centroid (mean of unit vectors) of ``(lat, lon)`` points.

    >>> centroid([(0.0, 10.0), (0.0, 20.0)])
    (0.0, 15.0)
    >>> centroid([]) is None
    True
    """
    x = y = z = 0.0
    for lat, lon in points:
        phi, lam = math.radians(lat), math.radians(lon)
        x += math.cos(phi) * math.cos(lam)
        y += math.cos(phi) * math.sin(lam)
        z += math.sin(phi)
    if x == y == z == 0.0:
        return None
    lat = math.degrees(math.atan2(z, math.hypot(x, y)))
    return round(lat, 6), round(math.degrees(math.atan2(y, x)), 6)


def coordinates(G: nx.MultiDiGraph, libid: str) -> tuple[float, float] | None:
    data = G.nodes[libid]
    lat, lon = data.get("lat"), data.get("lon")
    return None if lat is None or lon is None else (lat, lon)


def affected_area(G: nx.MultiDiGraph, offline: Collection[str]) -> Area:
    """The offline libraries with coordinates, states and regions, and their centroid."""
    libs = tuple(OfflineLibrary(lib, G.nodes[lib].get("name", ""), G.nodes[lib].get("state", ""),
                                region_of(G, lib), G.nodes[lib].get("lat"),
                                G.nodes[lib].get("lon"))
                 for lib in sorted(offline))
    return Area(libs, tuple(sorted({lib.state for lib in libs if lib.state})),
                tuple(sorted({lib.region for lib in libs if lib.region})),
                centroid(p for p in (coordinates(G, lib) for lib in sorted(offline)) if p))


def distances_km(G: nx.MultiDiGraph, origin: tuple[float, float] | None,
                 libids: Iterable[str]) -> dict[str, float | None]:
    """Great-circle km from ``origin`` to each library (``None`` without coordinates)."""
    found = {}
    for lib in libids:
        point = coordinates(G, lib)
        found[lib] = None if point is None or origin is None else haversine_km(*origin, *point)
    return found


def nearest_holders(G: nx.MultiDiGraph, distances: Mapping[str, float | None],
                    holders: Iterable[str], *, limit: int) -> list[BackupLender]:
    """Up to ``limit`` holders, nearest first by ``distances``; unknown distances come last.

    >>> from graphsvc.coverage.examples import three_library_network
    >>> G = three_library_network()
    >>> km = distances_km(G, (47.6, -122.3), ["CAUXYZ", "ORUPAC"])
    >>> [(b.libid, round(b.distance_km)) for b in nearest_holders(G, km, km, limit=5)]
    [('ORUPAC', 233), ('CAUXYZ', 1093)]
    """
    def order(lib: str) -> tuple:
        km = distances.get(lib)
        return km is None, km or 0.0, lib

    return [BackupLender(lib, G.nodes[lib].get("name", ""), G.nodes[lib].get("state", ""),
                         None if distances.get(lib) is None else round(distances[lib], 1))
            for lib in heapq.nsmallest(limit, holders, key=order)]
