"""Generated libraries: the RMLs and NLM at their real places, the rest at picked sites."""

from __future__ import annotations

import datetime as dt
import itertools
import random
import re
from pathlib import Path

from graphsvc.io.generate.places import (
    Site, pick_sites, region_seeds, state_name, zip_records, zip_site,
)
from graphsvc.io.generate.serials import SUBJECTS
from graphsvc.model import PATRON_CATEGORIES, DateRange, Library

NLM_LIBID = "MDUNLM"

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
    zips = zip_records()
    fixed = []
    for seed in region_seeds():
        host = seed["rml_library"]
        site = zip_site(zips[host["zip"]])
        fixed.append(Library(
            seed["rml"], host["name"], type="RML", city=host["city"], state=host["state"],
            zip=host["zip"], lat=site.lat, lon=site.lon, timezone=site.timezone,
            delivery_methods=("EMAIL_PDF", "WEB_PDF", "MAIL", "ARTICLE_EXCHANGE"),
            fills_rush=True, fills_urgent=True, efts=True, serves=PATRON_CATEGORIES,
            base_fee=11.0))
    nlm = zip_site(zips["20894"])
    fixed.append(Library(
        NLM_LIBID, "National Library of Medicine", type="NLM", city="Bethesda", state="MD",
        zip="20894", lat=nlm.lat, lon=nlm.lon, timezone="America/New_York",
        delivery_methods=("EMAIL_PDF", "WEB_PDF", "MAIL"), fills_rush=True, fills_urgent=True,
        efts=True, serves=PATRON_CATEGORIES[:2], base_fee=9.0))
    return fixed


def _library_name(rng: random.Random, site: Site, kind: str, used: set[str]) -> str:
    if kind == "PAL" and site.name:
        name = f"{site.name} Library"
    else:
        patterns = {"PAL": _PAL_NAMES, "RESOURCE": _RESOURCE_NAMES, "OTHER": _OTHER_NAMES}[kind]
        name = rng.choice(patterns).format(city=site.city, state=state_name(site.state))
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


def make_libraries(rng: random.Random, count: int, data_dir: Path | None) -> list[Library]:
    """``count`` libraries: the RMLs and NLM, then the rest at picked places."""
    fixed = _fixed_libraries()
    if count < len(fixed):
        msg = f"a network needs at least {len(fixed)} libraries (the RMLs and NLM)"
        raise ValueError(msg)
    taken, used = {lib.libid for lib in fixed}, {lib.name for lib in fixed}
    sites = pick_sites(rng, count - len(fixed), data_dir)
    return fixed + [_library_at(rng, site, taken, used) for site in sites]
