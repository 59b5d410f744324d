"""Libraries as an RFC 7946 GeoJSON FeatureCollection, for coverage maps."""

from __future__ import annotations

import networkx as nx

from graphsvc.coverage.area import coordinates
from graphsvc.coverage.summary import scope_libraries
from graphsvc.errors import NotFound
from graphsvc.network import holders_of, node_kind, region_of


def libraries_geojson(G: nx.MultiDiGraph, *, region: str | None = None,
                      nlm_uid: str | None = None) -> dict:
    """A FeatureCollection of the libraries (of ``region``), one Point each.

    Libraries without coordinates are left out. Coordinates are ``[lon, lat]`` (RFC 7946).
    Properties: ``libid``, ``name``, ``type``, ``participation``, ``state``, ``region`` and,
    when ``nlm_uid`` is given, ``holds`` (any holding of that title, Level 2 included) and
    ``formats`` (the formats held).

    Raises
    ------
    NotFound
        For an unknown region or title.

    Examples
    --------
    >>> from graphsvc.coverage.examples import three_library_network
    >>> fc = libraries_geojson(three_library_network(), nlm_uid="0255562")
    >>> fc["type"], len(fc["features"])
    ('FeatureCollection', 3)
    >>> feature = fc["features"][0]
    >>> feature["geometry"], feature["properties"]["holds"]
    ({'type': 'Point', 'coordinates': [-122.68, 45.52]}, True)
    """
    formats = _formats_held(G, nlm_uid) if nlm_uid is not None else None
    features = []
    for lib in scope_libraries(G, region=region):
        point = coordinates(G, lib)
        if point is None:
            continue
        properties = _properties(G, lib)
        if formats is not None:
            properties["holds"] = lib in formats
            properties["formats"] = sorted(formats.get(lib, ()))
        features.append({"type": "Feature", "id": lib,
                         "geometry": {"type": "Point", "coordinates": [point[1], point[0]]},
                         "properties": properties})
    return {"type": "FeatureCollection", "features": features}


def _properties(G: nx.MultiDiGraph, lib: str) -> dict:
    data = G.nodes[lib]
    return {"libid": lib, "name": data.get("name", ""), "type": data.get("type"),
            "participation": data.get("participation"), "state": data.get("state", ""),
            "region": region_of(G, lib)}


def _formats_held(G: nx.MultiDiGraph, nlm_uid: str) -> dict[str, set[str]]:
    holdings = holders_of(G, nlm_uid)
    if node_kind(G, nlm_uid) != "serial" and not holdings:
        msg = f"unknown title {nlm_uid!r}"
        raise NotFound(msg, problems=[{"field": "nlm_uid", "message": msg}])
    formats: dict[str, set[str]] = {}
    for holding in holdings:
        formats.setdefault(holding.libid, set()).add(holding.format)
    return formats
