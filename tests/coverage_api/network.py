"""A seven-library literal network in two regions, small enough to count every answer by hand.

Region 5 = OR, WA (RML WAUUHS); region 6 = CA, NV. The day of every question is
2026-06-01 (AT), so holdings last modified before 2025-06-01 are not reviewed within a year.

Libraries: WAUUHS (Seattle, RML), ORUOHS (Portland, Resource), ORCPRO (Portland), WACSPO
(Spokane, CLOSED), CAUUCS (San Francisco, Resource), CACLAX (Los Angeles), NVCREN (Reno, no
holdings).

Holdings (years; "-" open):
- T1: WAUUHS v.1-, 1990-2000; ORUOHS 1995-; CAUUCS 2005-2010; WACSPO 1980-2026 (closed).
- T2: ORCPRO 2000-; CACLAX Level 2.
- T3: CAUUCS 2010-; CACLAX 2015-2020.
- T4: WAUUHS 2000-2020; ORCPRO 2000-2020; CACLAX 2000-.

Routing tables: ORCPRO {1: ORUOHS, 2: WACSPO, 3: WAUUHS}; ORUOHS {1: WAUUHS, 4: CAUUCS};
CACLAX {1: ORUOHS, 5: CAUUCS}; NVCREN {1: ORUOHS, WAUUHS}.
"""

from __future__ import annotations

import datetime as dt

from graphsvc.model import Holding, Library, Network, Range, Region, RoutingTable, Serial

AT = dt.date(2026, 6, 1)
T1, T2, T3, T4 = "0000001", "0000002", "0000003", "0000004"
TITLES = {T1: "Journal One", T2: "Journal Two", T3: "Journal Three", T4: "Journal Four"}


def library(libid, name, state, lat, lon, **kw) -> Library:
    return Library(libid, name, state=state, lat=lat, lon=lon, delivery_methods=("EMAIL_PDF",),
                   timezone="America/Los_Angeles", **kw)


LIBRARIES = (
    library("WAUUHS", "UW Health Sciences Library", "WA", 47.65, -122.31, type="RML"),
    library("ORUOHS", "OHSU Library", "OR", 45.50, -122.69, type="RESOURCE"),
    library("ORCPRO", "Providence Portland Library", "OR", 45.53, -122.61),
    library("WACSPO", "Spokane Medical Library", "WA", 47.66, -117.42, participation="CLOSED"),
    library("CAUUCS", "UCSF Library", "CA", 37.76, -122.46, type="RESOURCE"),
    library("CACLAX", "Los Angeles Medical Library", "CA", 34.05, -118.24),
    library("NVCREN", "Reno Medical Library", "NV", 39.53, -119.81),
)


def years(begin, end=None, begin_volume=None) -> tuple[Range, ...]:
    return (Range(begin_volume, None, begin, end),)


def holding(libid, nlm_uid, ranges, last_modified) -> Holding:
    return Holding(libid, nlm_uid, ranges=ranges, last_modified=last_modified)


REVIEWED = {"WAUUHS": dt.date(2026, 1, 10), "ORUOHS": dt.date(2024, 3, 1), "ORCPRO": None,
            "WACSPO": dt.date(2020, 1, 1), "CAUUCS": dt.date(2026, 2, 1),
            "CACLAX": dt.date(2025, 7, 1)}

HOLDINGS = (
    ("WAUUHS", T1, years(1990, 2000, "1")), ("ORUOHS", T1, years(1995)),
    ("CAUUCS", T1, years(2005, 2010)), ("WACSPO", T1, years(1980, 2026)),
    ("ORCPRO", T2, years(2000)), ("CACLAX", T2, (Range(),)),
    ("CAUUCS", T3, years(2010)), ("CACLAX", T3, years(2015, 2020)),
    ("WAUUHS", T4, years(2000, 2020)), ("ORCPRO", T4, years(2000, 2020)),
    ("CACLAX", T4, years(2000)),
)


def coverage_network() -> Network:
    return Network(
        regions=(Region("5", "Region 5", ("OR", "WA"), "WAUUHS"),
                 Region("6", "Region 6", ("CA", "NV"))),
        libraries=LIBRARIES,
        serials=tuple(Serial(uid, title) for uid, title in TITLES.items()),
        holdings=tuple(holding(lib, uid, ranges, REVIEWED[lib])
                       for lib, uid, ranges in HOLDINGS),
        routing_tables=(
            RoutingTable("ORCPRO", {1: ("ORUOHS",), 2: ("WACSPO",), 3: ("WAUUHS",)}),
            RoutingTable("ORUOHS", {1: ("WAUUHS",), 4: ("CAUUCS",)}),
            RoutingTable("CACLAX", {1: ("ORUOHS",), 5: ("CAUUCS",)}),
            RoutingTable("NVCREN", {1: ("ORUOHS", "WAUUHS")}),
        ),
    )
