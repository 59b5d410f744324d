"""Places: ZIP code centroids (PyPI ``zipcodes``, GeoNames data), "City, ST" places, the state
at a point, and great-circle distance."""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
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


_PLACE = re.compile(r"^\s*(?P<city>[^,]*[^\s,][^,]*),\s*(?P<state>[A-Za-z][A-Za-z .]*?)\s*$")
_WORDS = re.compile(r"[A-Za-z.']+(?:[\s-]+[A-Za-z.']+)*")
# What parse_place can read, as one pattern for the OpenAPI document: "City, ST" (_PLACE), or
# words of which the last ones name the state.
PLACE_PATTERN = (r"^\s*[^,]*[^\s,][^,]*,\s*[A-Za-z][A-Za-z .]*$"
                 r"|^\s*[A-Za-z.']+(?:[\s-]+[A-Za-z.']+)*\s+[A-Za-z.']+\s*$")
STATE_RADIUS_KM = 40.0
_CITY_WORDS = {"ST": "SAINT", "STE": "SAINTE", "FT": "FORT", "MT": "MOUNT"}


@lru_cache(maxsize=1)
def _zip_table() -> tuple[dict, list, list]:
    """ZIPs by ``(CITY, ST)`` (main and acceptable city names), and by latitude."""
    import zipcodes

    by_city: dict[tuple[str, str], list[dict]] = {}
    placed = []
    for z in zipcodes.list_all():
        if not z.get("active", True) or not z["lat"] or not z["long"]:
            continue
        for city in (z["city"], *z.get("acceptable_cities", ())):
            by_city.setdefault((city.upper(), z["state"]), []).append(z)
        placed.append((float(z["lat"]), float(z["long"]), z["state"]))
    placed.sort()
    return by_city, placed, [p[0] for p in placed]


def _central(found: list[dict]) -> dict:
    """The ZIP nearest the middle of the others: a city's standard ZIPs first."""
    standard = [z for z in found if z["zip_code_type"] == "STANDARD"] or found
    lat = sum(float(z["lat"]) for z in standard) / len(standard)
    lon = sum(float(z["long"]) for z in standard) / len(standard)
    return min(standard, key=lambda z: (haversine_km(lat, lon, float(z["lat"]),
                                                     float(z["long"])), z["zip_code"]))


def _city_key(city: str) -> str:
    """Upper case, single spaces, no dots, "St"/"Ft"/"Mt" spelled out as the ZIP table has them."""
    words = city.replace(".", " ").upper().split()
    return " ".join(_CITY_WORDS.get(w, w) if i == 0 else w for i, w in enumerate(words))


def _state_code(name: str) -> str:
    """"OR", "or" or "Oregon" -> "OR" (unknown names are returned upper-cased)."""
    if len(name) == 2:
        return name.upper()
    import us

    found = us.states.lookup(name)
    return found.abbr if found else name.upper()


@lru_cache(maxsize=4096)
def city_place(text: str) -> dict:
    """A place given as ``"City, ST"`` (or ``"City, State"``): its central ZIP's centroid.

    Of the city's standard ZIP codes (any, when it has none), the one nearest their mean
    centroid; same keys as :func:`zip_place`. Case and spacing do not matter.

    >>> found = city_place("portland, or")
    >>> found["city"], found["state"], found["zip"].startswith("972")
    ('Portland', 'OR', True)
    """
    parsed = parse_place(text)
    if parsed is None:
        msg = f"place {text!r} is not of the form 'City, ST' (e.g. 'Portland, OR')"
        raise InvalidInput(msg, problems=[{"field": "place", "message": msg}])
    city, state = parsed
    found = _zip_table()[0].get((city, state))
    if not found:
        msg = f"no ZIP code for the place {text.strip()!r}"
        raise NotFound(msg, problems=[{"field": "place", "message": msg}])
    z = _central(found)
    return {"zip": z["zip_code"], "city": city.title(), "state": state,
            "lat": float(z["lat"]), "lon": float(z["long"])}


def parse_place(text: str) -> tuple[str, str] | None:
    """``(city key, state code)`` of a place written ``"City, ST"``, ``"City, State"`` or
    without the comma (``"spokane wa"``, ``"Spokane Washington"``), else ``None``.

    >>> parse_place("spokane wa"), parse_place("Spokane, Washington")
    (('SPOKANE', 'WA'), ('SPOKANE', 'WA'))
    >>> parse_place("Chapel Hill North Carolina"), parse_place("Spokane")
    (('CHAPEL HILL', 'NC'), None)
    """
    if not isinstance(text, str):
        return None
    match = _PLACE.match(text)
    if match is not None:
        return _city_key(match["city"]), _state_code(match["state"])
    if not _WORDS.fullmatch(text.strip()):
        return None
    words = text.split()
    for size in (3, 2, 1):  # "District of Columbia", "North Carolina", "WA"
        city, state = words[:-size], " ".join(words[-size:])
        code = _state_code(state)
        if city and _is_state(code):
            return _city_key(" ".join(city)), code
    return None


def _is_state(code: str) -> bool:
    """Whether the ZIP table knows ``code`` as a state."""
    return code in _zip_states()


@lru_cache(maxsize=1)
def _zip_states() -> frozenset[str]:
    return frozenset(state for _, state in _zip_table()[0])


def state_at(lat: float, lon: float, *, within_km: float = STATE_RADIUS_KM) -> str | None:
    """The state of the ZIP centroid nearest a point, if one lies within ``within_km``.

    >>> state_at(45.52, -122.68), state_at(40.0, -150.0)  # Portland; the Pacific
    ('OR', None)
    """
    _, placed, lats = _zip_table()
    band = within_km / 111.0
    nearest = min(((haversine_km(lat, lon, zlat, zlon), state) for zlat, zlon, state
                   in placed[bisect_left(lats, lat - band):bisect_right(lats, lat + band)]),
                  default=None)
    return nearest[1] if nearest and nearest[0] <= within_km else None
