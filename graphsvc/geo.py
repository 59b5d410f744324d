"""Places: ZIP code centroids (PyPI ``zipcodes``, GeoNames data) and great-circle distance."""

from __future__ import annotations

import math
import re
from functools import lru_cache

from graphsvc.errors import InvalidInput, NotFound

EARTH_RADIUS_KM = 6371.0088
_ZIP = re.compile(r"^\d{5}(-\d{4})?$")


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres.

    >>> round(haversine_km(45.52, -122.68, 47.61, -122.33))  # Portland to Seattle
    234
    """
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def check_point(lat: float, lon: float) -> tuple[float, float]:
    """Return ``(lat, lon)`` as floats, or raise :class:`InvalidInput` naming the bad one."""
    problems = []
    for name, value, limit in (("lat", lat, 90.0), ("lon", lon, 180.0)):
        if not isinstance(value, (int, float)) or math.isnan(value) or abs(value) > limit:
            problems.append({"field": name, "message": f"must be a number from -{limit:g} "
                                                       f"to {limit:g}, got {value!r}"})
    if problems:
        msg = "impossible latitude/longitude"
        raise InvalidInput(msg, problems=problems)
    return float(lat), float(lon)


@lru_cache(maxsize=4096)
def zip_place(zip_code: str) -> dict:
    """City, state and centroid of a US ZIP code: ``{"zip", "city", "state", "lat", "lon"}``.

    >>> zip_place("97201")["state"]
    'OR'
    """
    import zipcodes  # loads a 40k-row table; only when a ZIP is asked for

    if not isinstance(zip_code, str) or not _ZIP.match(zip_code.strip()):
        msg = f"ZIP code {zip_code!r} is not five digits"
        raise InvalidInput(msg, problems=[{"field": "zip", "message": msg}])
    found = zipcodes.matching(zip_code.strip()[:5])
    if not found:
        msg = f"unknown ZIP code {zip_code!r}"
        raise NotFound(msg, problems=[{"field": "zip", "message": msg}])
    z = found[0]
    return {"zip": z["zip_code"], "city": z["city"].title(), "state": z["state"],
            "lat": float(z["lat"]), "lon": float(z["long"])}
