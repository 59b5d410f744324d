"""Referral use cases: place the patron, then :func:`graphsvc.referral.refer` over the network.

The patron is placed by exactly one of a ZIP code (its centroid), a ``"City, ST"`` place (the
centroid of its central ZIP) or a latitude and longitude (the state then comes from the
nearest ZIP centroid within 40 km, none at sea or abroad). The whole-network graph is
``store.network()``, cached per network version; its referral index is cached on it.
"""

from __future__ import annotations

import datetime as dt
import math

from graphsvc import geo
from graphsvc.errors import InvalidInput
from graphsvc.model import CONTACT_FIELDS
from graphsvc.referral import Patron, Referral, Suggestion, referral_index
from graphsvc.referral import refer as refer_patron
from graphsvc.referral.subjects import subject_for
from graphsvc.services.network import checked_libid
from graphsvc.store.contract import Store

WAYS = "give one of zip, place, or lat and lon"


def _invalid(field: str, message: str) -> InvalidInput:
    return InvalidInput(message, problems=[{"field": field, "message": message}])


def locate(*, zip: str | None = None, place: str | None = None, lat: float | None = None,
           lon: float | None = None) -> dict:
    """Where the patron is: ``{"by", "zip", "city", "state", "lat", "lon"}``.

    ``by`` is ``"zip"``, ``"place"`` or ``"point"``; a point has no ZIP or city. Raises
    :class:`InvalidInput` (none or several ways given, a lone lat or lon, an impossible point
    or a malformed ZIP or place) or :class:`NotFound` (an unknown ZIP or place), naming the
    field.

    >>> locate(zip="97201")["city"], locate(lat=45.5, lon=-122.7)["state"]
    ('Portland', 'OR')
    """
    ways = [name for name, given in (("zip", zip is not None), ("place", place is not None),
                                     ("lat", lat is not None or lon is not None)) if given]
    if not ways:
        raise _invalid("zip", f"say where the patron is: {WAYS}")
    if len(ways) > 1:
        raise _invalid(ways[1], f"{' and '.join(ways)} were both given: {WAYS}")
    if zip is not None:
        return {"by": "zip", **geo.zip_place(zip)}
    if place is not None:
        return {"by": "place", **geo.city_place(place)}
    if lat is None or lon is None:
        missing = "lat" if lat is None else "lon"
        raise _invalid(missing, f"{missing} is missing: a point needs both lat and lon")
    lat, lon = geo.check_point(lat, lon)
    return {"by": "point", "zip": None, "city": None, "state": geo.state_at(lat, lon),
            "lat": lat, "lon": lon}


def refer(store: Store, *, zip: str | None = None, place: str | None = None,
          lat: float | None = None, lon: float | None = None, category: str,
          affiliation: str | None = None, specialty: str | None = None,
          consortium: str | None = None, limit: int = 5, at: dt.datetime | None = None) -> dict:
    """Libraries a patron could ask for articles, as the API and ``graphsvc refer`` give them.

    Returns ``{"suggestions": [...], "note": str, "patron": {...}}``: each suggestion has the
    fields of :class:`~graphsvc.referral.Suggestion` (``reasons`` and their ``explanation``
    sentences in the same order) plus the library's ``type``, ``lat`` and ``lon``; ``patron``
    says where the patron was placed and the subject their specialty was read as. Never a
    price or fee. ``at`` (default now) leaves out libraries out of office that day.

    Raises :class:`InvalidInput` or :class:`NotFound` naming the field (``zip``, ``place``,
    ``lat``, ``lon``, ``category``, ``affiliation``, ``consortium``, ``limit``).
    """
    where = locate(zip=zip, place=place, lat=lat, lon=lon)
    if affiliation is not None:
        checked_libid(affiliation, "affiliation")
    specialty = (specialty or "").strip() or None
    patron = Patron(where["lat"], where["lon"], where["state"], category, affiliation,
                    specialty, (consortium or "").strip() or None)
    G = store.network(max_age=NETWORK_MAX_AGE)
    referral = refer_patron(G, patron, limit=limit, at=at or dt.datetime.now(dt.UTC))
    return referral_body(G, referral, where, patron)


NETWORK_MAX_AGE = 1.0  # seconds a checked network version is trusted (writes show within it)


def referral_body(G, referral: Referral, where: dict, patron: Patron) -> dict:
    """The JSON answer of a referral (see :func:`refer`)."""
    entries = referral_index(G).entries
    return {"suggestions": [{**_suggestion(s, entries.get(s.libid)), **_contact(G, s.libid)}
                            for s in referral.suggestions],
            "note": referral.note,
            "patron": {**where, "category": patron.category,
                       "subject": subject_for(patron.specialty)},
            "network_version": G.graph.get("version")}


def _contact(G, libid: str) -> dict:
    """How a patron reaches a library: address, phone, email, web page, hours ("" unknown)."""
    data = G.nodes[libid] if libid in G else {}
    return {name: data.get(name) or "" for name in CONTACT_FIELDS}


def _suggestion(s: Suggestion, entry) -> dict:
    lat = lon = None
    if entry is not None and entry.xyz is not None:
        x, y, z = entry.xyz
        lat, lon = round(entry.lat, 4), round(math.degrees(math.atan2(y, x)), 4)
    return {"libid": s.libid, "name": s.name, "city": s.city, "state": s.state,
            "type": entry.type if entry else None, "distance_km": s.distance_km,
            "reasons": list(s.reasons), "explanation": list(s.explanation), "score": s.score,
            "lat": lat, "lon": lon}
