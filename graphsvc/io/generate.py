"""A realistic, deterministic DOCLINE network for tests, demos and benchmarks.

Libraries sit at real places (ZIP centroids from PyPI ``zipcodes``, or real hospitals from
the shared CMS files), spread over the seven NNLM regions by state population; holdings
follow a Zipf-like popularity (a few titles held by hundreds, most by a few). The same
arguments always give the same network.
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import gc
import datetime as dt
import heapq
import itertools
import json
import math
import random
import re
from functools import lru_cache, cache
from pathlib import Path

import us

from graphsvc.geo import haversine_km
from graphsvc.fields import ISSN, NLM_UID
from graphsvc.resources import data_dir
from graphsvc.model import (
    PATRON_CATEGORIES, DateRange, Group, Holding, Library, Network, Range, Region,
    RoutingTable, Serial,
)

SEEDS_DIR = data_dir("seeds")
REFERENCE_DAY = dt.date(2026, 10, 1)  # "today" for generated dates, fixed for determinism
NLM_LIBID = "MDUNLM"
SUBJECTS = ("oncology", "pediatrics", "cardiology", "nursing", "psychiatry", "neurology",
            "surgery", "public health", "dentistry", "pharmacology", "radiology", "obstetrics")
_SUBJECT_WORDS = {"oncology": "oncol|cancer|tumou?r", "pediatrics": "pa?ediatr|child|infant",
                  "cardiology": "cardi|heart|vascular", "nursing": "nurs",
                  "psychiatry": "psychiat|mental", "neurology": "neuro|brain",
                  "surgery": "surg", "public health": "public health|epidemiol",
                  "dentistry": "dent|oral", "pharmacology": "pharma|drug",
                  "radiology": "radiol|imaging", "obstetrics": "obstet|gyn[ae]"}
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


# --- regions -----------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _region_seeds() -> tuple[dict, ...]:
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
                 for r in _region_seeds())


# --- places -------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _zip_records() -> dict[str, dict]:
    import zipcodes  # a 40k-row table, loaded on first use

    return {z["zip_code"]: z for z in zipcodes.list_all() if z["active"]}


def _state_timezone(state: str) -> str:
    found = us.states.lookup(state)
    return found.time_zones[0] if found and found.time_zones else "America/New_York"


def _zip_site(z: dict, name: str | None = None) -> Site:
    return Site(z["city"].title(), z["state"], z["zip_code"], float(z["lat"]),
                float(z["long"]), z["timezone"] or _state_timezone(z["state"]), name)


@lru_cache(maxsize=1)
def zip_sites() -> dict[str, tuple[Site, ...]]:
    """Every standard ZIP centroid by state (any ZIP where a state has no standard one)."""
    standard: dict[str, list[Site]] = {}
    other: dict[str, list[Site]] = {}
    for z in _zip_records().values():
        if z["lat"] and z["long"]:
            chosen = standard if z["zip_code_type"] == "STANDARD" else other
            chosen.setdefault(z["state"], []).append(_zip_site(z))
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
    zips, sites = _zip_records(), {}
    with open(folder / "cms_hospital_general_information_2017.csv", newline="",
              encoding="cp1252") as f:
        for row in csv.DictReader(f):
            z = zips.get(row["ZIP Code"])
            if z is None or not z["lat"]:
                continue
            site = dataclasses.replace(_zip_site(z, _title_case(row["Hospital Name"])),
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
def _state_name(state: str) -> str:
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


# --- libraries ----------------------------------------------------------------------------

_PAL_NAMES = ("{city} Medical Center Library", "{city} Regional Hospital Medical Library",
              "{city} Community Hospital Library", "St. Luke's Hospital of {city} Library",
              "{city} General Hospital Health Sciences Library")
_RESOURCE_NAMES = ("{city} University Health Sciences Library",
                   "{state} University Medical Library")
_OTHER_NAMES = ("{city} Veterans Affairs Medical Center Library",
                "{city} Public Health Laboratory Library", "{city} Research Institute Library")
_LIBID_SKIP = {"LIBRARY", "LIBRARIES", "OF", "THE", "AND", "AT", "FOR", "IN", "HEALTH",
               "SCIENCES", "MEDICAL"}


def _letters(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(n))


def _new_libid(rng: random.Random, state: str, name: str, taken: set[str]) -> str:
    """State + "U" + three letters, from the name's initials when they are free (I1)."""
    words = [re.sub("[^A-Z]", "", w) for w in name.upper().split()]
    initials = "".join(w[0] for w in words if w and w not in _LIBID_SKIP)
    first = [initials[:3]] if len(initials) >= 3 else []
    tries = itertools.chain(first, (initials[:1] + _letters(rng, 2) for _ in range(3)),
                            (_letters(rng, 3) for _ in range(17576 * 4)))
    libid = next(f"{state}U{t}" for t in tries if len(t) == 3 and f"{state}U{t}" not in taken)
    taken.add(libid)
    return libid


def _fixed_libraries() -> list[Library]:
    """The RMLs of the seven regions and NLM."""
    zips = _zip_records()
    fixed = []
    for seed in _region_seeds():
        host = seed["rml_library"]
        site = _zip_site(zips[host["zip"]])
        fixed.append(Library(
            seed["rml"], host["name"], type="RML", city=host["city"], state=host["state"],
            zip=host["zip"], lat=site.lat, lon=site.lon, timezone=site.timezone,
            delivery_methods=("EMAIL_PDF", "WEB_PDF", "MAIL", "ARTICLE_EXCHANGE"),
            fills_rush=True, fills_urgent=True, efts=True, serves=PATRON_CATEGORIES,
            base_fee=11.0))
    nlm = _zip_site(zips["20894"])
    fixed.append(Library(
        NLM_LIBID, "National Library of Medicine", type="NLM", city="Bethesda", state="MD",
        zip="20894", lat=nlm.lat, lon=nlm.lon, timezone="America/New_York",
        delivery_methods=("EMAIL_PDF", "WEB_PDF", "MAIL"), fills_rush=True, fills_urgent=True,
        efts=True, serves=PATRON_CATEGORIES[:2], base_fee=9.0))
    return fixed


def _pick_sites(rng: random.Random, count: int, data_dir: Path | None) -> list[Site]:
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


def _library_name(rng: random.Random, site: Site, kind: str, used: set[str]) -> str:
    if kind == "PAL" and site.name:
        name = f"{site.name} Library"
    else:
        patterns = {"PAL": _PAL_NAMES, "RESOURCE": _RESOURCE_NAMES, "OTHER": _OTHER_NAMES}[kind]
        name = rng.choice(patterns).format(city=site.city, state=_state_name(site.state))
    if name in used:
        name = f"{name} ({site.zip})"
    used.add(name)
    return name


def _library_at(rng: random.Random, site: Site, taken: set[str], used: set[str]) -> Library:
    kind = rng.choices(("PAL", "RESOURCE", "OTHER"), (83, 5, 12))[0]
    strong = kind == "RESOURCE"
    name = _library_name(rng, site, kind, used)
    participation = "FULL" if strong else \
        rng.choices(("FULL", "NLM_ONLY", "CLOSED", "NON_PARTICIPANT"), (84, 5, 7, 4))[0]
    delivery = tuple(m for m, p in (("EMAIL_PDF", .85), ("WEB_PDF", .4), ("FAX", .15),
                                    ("MAIL", .3), ("ARTICLE_EXCHANGE", .2))
                     if rng.random() < p) or ("EMAIL_PDF",)
    chances = (1.0, .9 if strong else .45, .25)
    serves = tuple(c for c, p in zip(PATRON_CATEGORIES, chances, strict=True)
                   if rng.random() < p)
    subjects = tuple(sorted(rng.sample(SUBJECTS, rng.randint(1, 2)))) \
        if rng.random() < .3 else ()
    fee = float(rng.choice((9, 10, 11, 12) if strong else (0, 0, 5, 8, 10, 12, 15)))
    return Library(
        _new_libid(rng, site.state, name, taken), name, type=kind, participation=participation,
        city=site.city, state=site.state, zip=site.zip, lat=site.lat, lon=site.lon,
        timezone=site.timezone, delivery_methods=delivery,
        fills_rush=strong or rng.random() < .4, fills_urgent=strong or rng.random() < .25,
        efts=rng.random() < .6, serves=serves, subjects=subjects, base_fee=fee,
        out_of_office=_out_of_office(rng), address=site.address, phone=site.phone)


def _out_of_office(rng: random.Random) -> tuple[DateRange, ...]:
    """A few closures around November-December 2026."""
    if rng.random() < .06:
        start = dt.date(2026, 11, 1) + dt.timedelta(days=rng.randrange(55))
        return (DateRange(start, start + dt.timedelta(days=rng.randrange(10))),)
    if rng.random() < .03:
        return (DateRange(dt.date(2026, 12, 24), dt.date(2027, 1, 1)),)
    return ()


def _libraries(rng: random.Random, count: int, data_dir: Path | None) -> list[Library]:
    fixed = _fixed_libraries()
    if count < len(fixed):
        msg = f"a network needs at least {len(fixed)} libraries (the RMLs and NLM)"
        raise ValueError(msg)
    taken, used = {lib.libid for lib in fixed}, {lib.name for lib in fixed}
    sites = _pick_sites(rng, count - len(fixed), data_dir)
    return fixed + [_library_at(rng, site, taken, used) for site in sites]


# --- groups -------------------------------------------------------------------------------

MIN_GROUP = 11  # G1
STATE_CONSORTIA = 5


def _lenders(libs: list[Library]) -> list[Library]:
    return [lib for lib in libs if lib.participation == "FULL" and lib.type != "NLM"]


def _members(rng: random.Random, pool: list[Library], share: float) -> tuple[str, ...]:
    size = min(len(pool), max(MIN_GROUP, round(len(pool) * share)))
    return tuple(sorted(lib.libid for lib in rng.sample(pool, size)))


def _groups(rng: random.Random, libs: list[Library]) -> tuple[Group, ...]:
    """FreeShare (a third of the full participants, G2), one consortium per region and one
    for each of the states with the most participants, each of at least 11 members (G1)."""
    lenders = _lenders(libs)
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
            groups.append(Group(f"{state}HLC", f"{_state_name(state)} Health Libraries "
                                "Consortium", "CONSORTIUM", _members(rng, by_state[state], .6),
                                (state,)))
    return tuple(groups)


def _free_share_fees(libs: list[Library], groups: tuple[Group, ...]) -> list[Library]:
    """FreeShare members lend at no charge (G2)."""
    free = set(next(g.members for g in groups if g.code == "FREESHARE"))
    return [dataclasses.replace(lib, base_fee=0.0) if lib.libid in free else lib
            for lib in libs]


# --- serials ------------------------------------------------------------------------------

_TOPICS = {"oncology": ("oncology", "cancer biology", "clinical oncology"),
           "pediatrics": ("pediatrics", "child health", "neonatology"),
           "cardiology": ("cardiology", "heart failure", "vascular medicine"),
           "nursing": ("nursing", "nursing science", "critical care nursing"),
           "psychiatry": ("psychiatry", "mental health", "child psychiatry"),
           "neurology": ("neurology", "neurosurgery", "brain disorders"),
           "surgery": ("surgery", "surgical science", "orthopaedic surgery"),
           "public health": ("public health", "epidemiology", "community health"),
           "dentistry": ("dentistry", "oral biology", "periodontology"),
           "pharmacology": ("pharmacology", "drug therapy", "clinical pharmacy"),
           "radiology": ("radiology", "medical imaging", "nuclear medicine"),
           "obstetrics": ("obstetrics", "gynecology", "maternal-fetal medicine")}
_GENERAL_TOPICS = ("medicine", "internal medicine", "physiology", "biochemistry", "immunology",
                   "microbiology", "pathology", "rehabilitation", "dermatology", "genetics")
_TITLE_PATTERNS = ("Journal of {}", "Annals of {}", "International journal of {}",
                   "Clinical {}", "Advances in {}", "{} reviews", "Acta {}", "{} research",
                   "Current opinion in {}", "European journal of {}", "{} today")
_PLACES = ("London", "New York", "Tokyo", "Berlin", "Paris", "Basel", "Chicago", "Sydney")


def read_journals(path: Path) -> list[tuple[str, str, tuple[str, ...]]]:
    """``(nlm_uid, title, issns)`` of each record of an NLM ``J_Medline``-format file."""
    return [(s.nlm_uid, s.title, s.issns) for s in read_serials(path)]


def read_serials(path: Path) -> list[Serial]:
    """Each record of an NLM ``J_Medline``-format file as a serial: its NlmId, title, valid
    print and online ISSNs, MEDLINE and ISO abbreviations, and the subjects its title names."""
    serials, seen, record = [], set(), {}
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in itertools.chain(f, ["-----"]):
            if line.startswith("-----"):
                nlm_uid, title = record.get("NlmId", ""), record.get("JournalTitle", "")
                if NLM_UID.match(nlm_uid) and title and nlm_uid not in seen:
                    serials.append(_serial_of_record(nlm_uid, title, record))
                    seen.add(nlm_uid)
                record = {}
            elif ":" in line:
                key, _, value = line.partition(":")
                record[key.strip()] = value.strip()
    return serials


def _serial_of_record(nlm_uid: str, title: str, record: dict[str, str]) -> Serial:
    issns = tuple(record[k] for k in ("ISSN (Print)", "ISSN (Online)")
                  if ISSN.match(record.get(k, "")))
    return Serial(nlm_uid, title, tuple(dict.fromkeys(issns)), subjects=_subjects_of(title),
                  med_abbr=record.get("MedAbbr") or None, iso_abbr=record.get("IsoAbbr") or None)


def _issn(rng: random.Random) -> str:
    digits = [rng.randrange(10) for _ in range(7)]
    check = -sum(d * w for d, w in zip(digits, range(8, 1, -1), strict=True)) % 11
    return "".join(map(str, digits[:4])) + "-" + "".join(map(str, digits[4:])) + \
        ("X" if check == 10 else str(check))


def _nlm_uid(rng: random.Random) -> str:
    era = rng.random()
    if era < .3:
        return f"0{rng.randrange(10**6):06d}"
    if era < .6:
        return f"7{rng.randrange(10**6):06d}" + rng.choice(("", "", "", "R", "A"))
    return f"101{rng.randrange(10**6):06d}"


def _subjects_of(title: str) -> tuple[str, ...]:
    low = title.lower()
    return tuple(s for s, words in _SUBJECT_WORDS.items() if re.search(words, low))


def _generated_serials(rng: random.Random, count: int, taken: set[str]) -> list[Serial]:
    topics = [(s, t) for s, ts in _TOPICS.items() for t in ts] + \
        [(None, t) for t in _GENERAL_TOPICS]
    uses: dict[str, int] = {}
    serials: list[Serial] = []
    while len(serials) < count:
        uid = _nlm_uid(rng)
        if uid in taken:
            continue
        taken.add(uid)
        subject, topic = rng.choice(topics)
        base = rng.choice(_TITLE_PATTERNS).format(topic)
        base = base[:1].upper() + base[1:]
        k = uses[base] = uses.get(base, -1) + 1
        title = base if not k else f"{base} ({_PLACES[k % len(_PLACES)]})" + \
            (f" {k // len(_PLACES) + 1}" if k >= len(_PLACES) else "")
        issns = (_issn(rng),) + ((_issn(rng),) if rng.random() < .5 else ())
        serials.append(Serial(uid, title, issns, subjects=(subject,) if subject else ()))
    return _link_title_changes(rng, serials)


def _link_title_changes(rng: random.Random, serials: list[Serial]) -> list[Serial]:
    """About one title in a hundred continues as the next one (H9)."""
    for i in range(0, len(serials) - 1, 2):
        if rng.random() < .02:
            old, new = serials[i], serials[i + 1]
            serials[i] = dataclasses.replace(old, continued_by=new.nlm_uid)
            serials[i + 1] = dataclasses.replace(new, continues=old.nlm_uid)
    return serials


# The most requested titles (NEJM, JAMA, Lancet, BMJ, Pediatrics): always in a network made from
# real titles, and the most widely held, so examples and demos can name them.
CORE_TITLES = ("0255562", "7501160", "2985213R", "8900488", "0376422")


def _serials(rng: random.Random, count: int, data_dir: Path | None) -> list[Serial]:
    """Real NLM titles when ``data_dir`` has them, generated ones for the rest."""
    journals = read_serials(Path(data_dir) / "nlm" / "J_Sequence.txt") \
        if data_dir is not None else []
    core = [j for j in journals if j.nlm_uid in CORE_TITLES][:count]
    rest = [j for j in journals if j.nlm_uid not in CORE_TITLES]
    serials = core + rng.sample(rest, min(count - len(core), len(rest)))
    taken = {j.nlm_uid for j in journals}
    serials += _generated_serials(rng, count - len(serials), taken)
    return sorted(serials, key=lambda s: s.nlm_uid)


# --- holdings -----------------------------------------------------------------------------

BOTH_FORMATS = .15  # share of held titles a library holds in print and electronically
_CAPACITY = {"NLM": 30.0, "RML": 25.0, "RESOURCE": 12.0}
_PRINT_SHAPES = (("open", 30), ("closed", 25), ("volume_open", 7), ("volume_closed", 5),
                 ("year_open", 10), ("year_closed", 8), ("gaps", 12), ("level2", 3))
_ELECTRONIC_SHAPES = (("year_open", 60), ("open", 25), ("year_closed", 10), ("gaps", 3),
                      ("level2", 2))
_BEGIN_YEARS = (1950, 1970, 1980, 1985, 1990, 1995, 2000, 2005, 2010, 2015)
_END_YEARS = (1989, 1999, 2004, 2009, 2014, 2019, 2022)
_LAST_YEAR = 2025


def _title_counts(total: int, titles: int, cap: int) -> list[int]:
    """Holders per title by popularity rank: Zipf-like, at most ``cap``, summing to
    ``total`` when the titles can take that many."""
    weights = [1 / (rank + 5) for rank in range(titles)]
    rest = sum(weights)
    scale = 0.0
    for capped, w in enumerate(weights):  # the most popular ``capped`` titles hit the cap
        scale = (total - capped * cap) / rest
        if w * scale <= cap:
            break
        rest -= w
    shares = [min(cap, w * scale) for w in weights]
    counts = [int(share) for share in shares]
    short = total - sum(counts)
    for rank in sorted(range(titles), key=lambda r: counts[r] - shares[r])[:max(short, 0)]:
        counts[rank] += counts[rank] < cap
    return counts


def _pick_holders(rng: random.Random, count: int, weights: list[float],
                  cumulative: list[float]) -> list[int]:
    """``count`` distinct library indices, drawn in proportion to ``weights``."""
    n = len(weights)
    if count * 4 >= n:  # Efraimidis-Spirakis: exact and O(n), for popular titles
        keys = ((rng.random() ** (1 / w), i) for i, w in enumerate(weights))
        return [i for _, i in heapq.nlargest(count, keys)]
    chosen: dict[int, None] = {}
    while len(chosen) < count:
        for i in rng.choices(range(n), cum_weights=cumulative, k=count - len(chosen) + 2):
            if len(chosen) < count:
                chosen.setdefault(i)
    return list(chosen)


def _shape_ranges(shape: str, first: int, begin: int, end: int) -> tuple[Range, ...]:
    def vol(year: int) -> str:
        return str(year - first + 1)
    middle = begin + (end - begin) // 3
    resume = min(_LAST_YEAR, middle + 2 + (end - begin) // 4)
    if shape == "gaps" and resume - begin < 4:
        shape = "open"
    if shape == "open":
        return (Range(vol(begin), None, begin, None),)
    if shape == "closed":
        return (Range(vol(begin), vol(end), begin, end),)
    if shape == "volume_open":
        return (Range(vol(begin), None, None, None),)
    if shape == "volume_closed":
        return (Range(vol(begin), vol(end), None, None),)
    if shape == "year_open":
        return (Range(None, None, begin, None),)
    if shape == "year_closed":
        return (Range(None, None, begin, end),)
    if shape == "gaps":
        return (Range(vol(begin), vol(middle), begin, middle),
                Range(vol(resume), None, resume, None))
    return (Range(),)  # Level 2


class _HoldingMaker:
    """Builds holdings from a few shapes, sharing equal range tuples between holdings.

    A national network has over a million holdings, so each holding's choices come from one
    random draw, and shape weights are percentages (a table of 100 shape names).
    """

    def __init__(self, rng: random.Random, serials: list[Serial]):
        self.bits = rng.getrandbits
        self.first_year = [min(2018, int(rng.triangular(1880, 2020, 1975))) for _ in serials]
        self.ranges: dict[tuple, tuple[tuple[Range, ...], bool]] = {}
        self.days = tuple(REFERENCE_DAY - dt.timedelta(days=d) for d in range(3 * 365))
        self.shapes = {fmt: ([name for name, weight in shapes for _ in range(weight)],
                             _BEGIN_YEARS[5 if fmt == "ELECTRONIC" else 0:])
                       for fmt, shapes in (("PRINT", _PRINT_SHAPES),
                                           ("ELECTRONIC", _ELECTRONIC_SHAPES))}

    def make(self, libid: str, serial: Serial, index: int, fmt: str) -> Holding:
        first = self.first_year[index]
        shapes, begins = self.shapes[fmt]
        x = self.bits(48)  # one draw, split into the holding's independent choices
        x, shape = divmod(x, 100)
        x, begin = divmod(x, len(begins))
        x, end = divmod(x, len(_END_YEARS))
        x, day = divmod(x, len(self.days))
        x, embargo = divmod(x, 100)
        begin, end = max(first, begins[begin]), _END_YEARS[end]
        if end < begin:
            end = min(_LAST_YEAR, begin + (2, 5, 10)[x % 3])
        key = (shapes[shape], first, begin, end)
        made = self.ranges.get(key)
        if made is None:
            ranges = _shape_ranges(shapes[shape], first, begin, end)
            received = not ranges[0].is_level_2 and ranges[-1].end_year is None and \
                ranges[-1].end_volume is None
            made = self.ranges[key] = (ranges, received)
        embargo = (6, 12)[x % 2] if fmt == "ELECTRONIC" and embargo < 15 else 0
        return Holding(libid, serial.nlm_uid, fmt, made[0], made[1], embargo, self.days[day])


@contextlib.contextmanager
def _cyclic_gc_paused():
    """Creating a million acyclic records would run the cyclic collector over and over."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def default_holdings(libraries: int, serials: int) -> int:
    """About 30 holdings a library, at most half of every library holding every title."""
    return min(libraries * 30, libraries * serials // 2)


def _holdings(rng: random.Random, libs: list[Library], serials: list[Serial],
              total: int) -> tuple[Holding, ...]:
    """``total`` holdings (fewer if the network is too small to hold that many)."""
    pairs = min(round(total / (1 + BOTH_FORMATS)), len(libs) * len(serials))
    both = min(total - pairs, pairs)
    weights = [_CAPACITY.get(lib.type) or rng.lognormvariate(0, .9) * (.4 if lib.type ==
                                                                         "OTHER" else 1)
               for lib in libs]
    cumulative = list(itertools.accumulate(weights))
    by_popularity = list(range(len(serials)))
    rng.shuffle(by_popularity)
    by_popularity.sort(key=lambda i: serials[i].nlm_uid not in CORE_TITLES)  # stable: core first
    held_by: list[list[int]] = [[] for _ in libs]
    cap = max(1, len(libs) * 4 // 5)  # even the most popular titles are not held everywhere
    for rank, count in enumerate(_title_counts(pairs, len(serials), cap)):
        title = by_popularity[rank]
        for lib in _pick_holders(rng, count, weights, cumulative):
            held_by[lib].append(title)
    held = [(lib, title) for lib, titles in enumerate(held_by) for title in sorted(titles)]
    in_both = set(rng.sample(range(len(held)), max(0, min(both, len(held)))))
    maker, electronic = _HoldingMaker(rng, serials), rng.random
    holdings = []
    for n, (lib, title) in enumerate(held):
        libid, serial = libs[lib].libid, serials[title]
        if n in in_both:
            holdings += (maker.make(libid, serial, title, "PRINT"),
                         maker.make(libid, serial, title, "ELECTRONIC"))
        else:
            fmt = "ELECTRONIC" if electronic() < .53 else "PRINT"
            holdings.append(maker.make(libid, serial, title, fmt))
    return tuple(holdings)


# --- routing tables -----------------------------------------------------------------------

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


def _routing_tables(rng: random.Random, libs: list[Library],
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
                 for lib in _lenders(libs) if rng.random() < .85)


# --- the network --------------------------------------------------------------------------

def generate_network(*, libraries: int = 150, serials: int = 600, holdings: int | None = None,
                     seed: int = 1, data_dir: Path | None = None,
                     all_nlm_titles: bool = False) -> Network:
    """A realistic network; the same arguments always give the same network.

    Parameters
    ----------
    libraries : int
        Libraries in all, counting the seven RMLs and NLM (``MDUNLM``).
    serials : int
        Titles; real NLM titles from ``data_dir/nlm/J_Sequence.txt`` when ``data_dir`` is
        given, generated ones otherwise (or beyond the file's).
    holdings : int, optional
        Holdings in all (default :func:`default_holdings`).
    seed : int
        Seed of the random choices.
    data_dir : Path, optional
        The shared data folder: libraries then sit at real hospitals and hold real titles.
    all_nlm_titles : bool
        With ``data_dir``: every other title of NLM's journal file is a serial too, held by
        no one (the ``serials`` titles get the holdings; the rest of the network is the
        same as without it).

    Returns
    -------
    Network

    Examples
    --------
    >>> net = generate_network(libraries=40, serials=50, seed=3)
    >>> len(net.libraries), len(net.serials), len(net.holdings)
    (40, 50, 1000)
    >>> net == generate_network(libraries=40, serials=50, seed=3)
    True
    """
    rng = random.Random(seed)
    with _cyclic_gc_paused():
        network = _network(rng, libraries, serials, holdings, data_dir)
    if all_nlm_titles and data_dir is not None:
        network = dataclasses.replace(network, serials=_with_every_nlm_title(
            network.serials, Path(data_dir) / "nlm" / "J_Sequence.txt"))
    return network


def _with_every_nlm_title(serials: tuple[Serial, ...], path: Path) -> tuple[Serial, ...]:
    """``serials`` and every title of NLM's journal file they lack, by NLM Unique ID."""
    known = {s.nlm_uid for s in serials}
    extra = [s for s in read_serials(path) if s.nlm_uid not in known]
    return tuple(sorted((*serials, *extra), key=lambda s: s.nlm_uid))


def _network(rng: random.Random, libraries: int, serials: int, holdings: int | None,
             data_dir: Path | None) -> Network:
    libs = _libraries(rng, libraries, data_dir)
    groups = _groups(rng, libs)
    libs = _free_share_fees(libs, groups)
    titles = _serials(rng, serials, data_dir)
    total = default_holdings(libraries, serials) if holdings is None else holdings
    return Network(regions=load_regions(), libraries=tuple(libs), groups=groups,
                   serials=tuple(titles), holdings=_holdings(rng, libs, titles, total),
                   routing_tables=_routing_tables(rng, libs, groups))
