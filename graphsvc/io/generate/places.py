"""Where generated libraries sit: the NNLM regions, ZIP centroids and real hospitals.

Places are spread over the regions' states by state population (:func:`pick_sites`).
"""

from __future__ import annotations

import csv
import dataclasses
import json
import random
from functools import cache, lru_cache
from pathlib import Path

import us

from graphsvc.geo import haversine_km
from graphsvc.model import Region
from graphsvc.resources import data_dir

SEEDS_DIR = data_dir("seeds")
# 2020 census, thousands
STATE_POPULATION = dict(
    AL=5024, AK=733, AZ=7152, AR=3012, CA=39538, CO=5774, CT=3606, DE=990, DC=690, FL=21538,
    GA=10712, HI=1455, ID=1839, IL=12813, IN=6786, IA=3190, KS=2938, KY=4506, LA=4658, ME=1362,
    MD=6177, MA=7030, MI=10077, MN=5706, MS=2961, MO=6155, MT=1084, NE=1962, NV=3105, NH=1378,
    NJ=9289, NM=2118, NY=20201, NC=10439, ND=779, OH=11799, OK=3959, OR=4237, PA=13003, RI=1097,
    SC=5119, SD=887, TN=6911, TX=29146, UT=3272, VT=643, VA=8631, WA=7705, WV=1794, WI=5894,
    WY=577, PR=3286, VI=87, GU=154, AS=50, MP=48, FM=105, MH=42, PW=18)


@dataclasses.dataclass(frozen=True)
class Site:
    """A real place a library can sit at; ``name`` is the hospital's, when known."""

    city: str
    state: str
    zip: str
    lat: float
    lon: float
    timezone: str
    name: str | None = None
    address: str = ""  # the hospital's street address and phone, when known
    phone: str = ""


@lru_cache(maxsize=1)
def region_seeds() -> tuple[dict, ...]:
    """The regions as ``seeds/regions.json`` has them, with their RMLs' places."""
    with open(SEEDS_DIR / "regions.json", encoding="utf-8") as f:
        return tuple(json.load(f)["regions"])


def load_regions() -> tuple[Region, ...]:
    """The seven NNLM regions (from 1 May 2021) with their states and RML LIBIDs.

    Examples
    --------
    >>> regions = load_regions()
    >>> len(regions), regions[4].rml, "GU" in regions[4].states
    (7, 'WAUUHS', True)
    """
    return tuple(Region(r["code"], r["name"], tuple(r["states"]), r["rml"])
                 for r in region_seeds())


@lru_cache(maxsize=1)
def zip_records() -> dict[str, dict]:
    """Every active ZIP code's record from PyPI ``zipcodes``, by ZIP code."""
    import zipcodes  # a 40k-row table, loaded on first use

    return {z["zip_code"]: z for z in zipcodes.list_all() if z["active"]}


def _state_timezone(state: str) -> str:
    found = us.states.lookup(state)
    return found.time_zones[0] if found and found.time_zones else "America/New_York"


def zip_site(z: dict, name: str | None = None) -> Site:
    """The place at a ZIP code's centroid."""
    return Site(z["city"].title(), z["state"], z["zip_code"], float(z["lat"]),
                float(z["long"]), z["timezone"] or _state_timezone(z["state"]), name)


@lru_cache(maxsize=1)
def zip_sites() -> dict[str, tuple[Site, ...]]:
    """Every standard ZIP centroid by state (any ZIP where a state has no standard one)."""
    standard: dict[str, list[Site]] = {}
    other: dict[str, list[Site]] = {}
    for z in zip_records().values():
        if z["lat"] and z["long"]:
            chosen = standard if z["zip_code_type"] == "STANDARD" else other
            chosen.setdefault(z["state"], []).append(zip_site(z))
    return {state: tuple(standard.get(state) or other[state])
            for state in standard.keys() | other}


def us_phone(digits: str) -> str:
    """A ten-digit US phone number as people write it; anything else as it came.

    >>> us_phone("3347938701")
    '(334) 793-8701'
    """
    digits = digits.strip()
    if len(digits) == 10 and digits.isdigit():
        return f"({digits[:3]}) {digits[3:6]}-{digits[6:]}"
    return digits


@lru_cache(maxsize=2)
def hospital_sites(data_dir: Path) -> dict[str, tuple[Site, ...]]:
    """Real hospitals (CMS 2017) by state, at their GPS point, or at their ZIP centroid when
    the point is missing or more than 50 km from it."""
    folder = Path(data_dir) / "hospitals"
    with open(folder / "cms_hospital_gps.csv", newline="", encoding="utf-8") as f:
        gps = {row["id"]: row for row in csv.DictReader(f)}
    zips, sites = zip_records(), {}
    with open(folder / "cms_hospital_general_information_2017.csv", newline="",
              encoding="cp1252") as f:
        for row in csv.DictReader(f):
            z = zips.get(row["ZIP Code"])
            if z is None or not z["lat"]:
                continue
            site = dataclasses.replace(zip_site(z, _title_case(row["Hospital Name"])),
                                       address=_title_case(row["Address"]),
                                       phone=us_phone(row["Phone Number"]))
            point = gps.get(row["Provider ID"], {})
            if point.get("latitude") and point.get("longitude"):
                lat, lon = float(point["latitude"]), float(point["longitude"])
                if haversine_km(lat, lon, site.lat, site.lon) <= 50:
                    site = dataclasses.replace(site, lat=lat, lon=lon)
            sites.setdefault(site.state, []).append(site)
    return {state: tuple(found) for state, found in sites.items()}


@cache
def state_name(state: str) -> str:
    """A state's name from its code (the code itself when unknown)."""
    return getattr(us.states.lookup(state), "name", state)


def _title_case(name: str) -> str:
    small = {"of", "and", "the", "at", "for", "in"}
    words = name.lower().split()
    return " ".join(w if i and w in small else w[:1].upper() + w[1:]
                    for i, w in enumerate(words))


def _apportion(total: int, weights: dict[str, float]) -> dict[str, int]:
    """Split ``total`` in proportion to ``weights`` (largest remainders)."""
    whole = sum(weights.values())
    shares = {k: total * w / whole for k, w in weights.items()}
    counts = {k: int(s) for k, s in shares.items()}
    by_remainder = sorted(shares, key=lambda k: (counts[k] - shares[k], k))
    for k in by_remainder[:total - sum(counts.values())]:
        counts[k] += 1
    return counts


def pick_sites(rng: random.Random, count: int, data_dir: Path | None) -> list[Site]:
    """``count`` places, spread over the regions' states by population."""
    states = [s for region in load_regions() for s in region.states]
    per_state = _apportion(count, {s: STATE_POPULATION[s] for s in states})
    by_zip = zip_sites()
    hospitals = hospital_sites(data_dir) if data_dir is not None else {}
    picked = []
    for state in states:
        n = per_state[state]
        pool = hospitals.get(state, ())
        chosen = rng.sample(pool, min(n, len(pool)))
        rest = n - len(chosen)
        zips = by_zip.get(state, ())
        chosen += rng.sample(zips, rest) if rest <= len(zips) else rng.choices(zips, k=rest)
        picked += chosen
    return picked
