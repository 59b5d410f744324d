"""A seven-library network, small enough to count every answer by hand.

Region 1 = NY, NJ; region 2 = PA (MD belongs to no region).

- A (NY, New York), B (NY, Albany; out of office all of June 2026), C (NJ, Newark; a
  Resource Library), D (PA, closed), E (PA, Philadelphia), F (NJ, NLM-only, no coordinates),
  N (MD, NLM itself). Group GRP = C, D, E.
- T1: A 2000-2005; B v.10-, 2003-; C Level 2; D 1995-2026; E v.1-5 plus 2010-2012.
- T2: N 1990-; A 2000-2001.  T3: E v.1-5 (no years).  T4: C 2015-; D 2015-.  T5: E 2000-.
- Tables: A {1: B, GRP; 2: D; 4: F}; B {1: GRP}; C {1: A, XX (unknown); 2: D};
  E {1: A; 5: B}.
"""

from __future__ import annotations

import datetime as dt

import pytest

from graphsvc.model import (
    DateRange, Group, Holding, Library, Network, Range, Region, RoutingTable, Serial,
)
from graphsvc.network import build_network

T1, T2, T3, T4, T5 = "0000001", "0000002", "0000003", "0000004", "0000005"
MARCH = dt.date(2026, 3, 1)
JUNE = dt.date(2026, 6, 15)


def years(begin, end=None, begin_volume=None, end_volume=None):
    return Range(begin_volume, end_volume, begin, end)


def seven_library_bundle() -> Network:
    june = DateRange(dt.date(2026, 6, 1), dt.date(2026, 6, 30))
    libraries = (
        Library("A", "Manhattan", state="NY", lat=40.71, lon=-74.01),
        Library("B", "Albany", state="NY", lat=42.65, lon=-73.75, out_of_office=(june,)),
        Library("C", "Newark", type="RESOURCE", state="NJ", lat=40.74, lon=-74.17),
        Library("D", "Pittsburgh", state="PA", participation="CLOSED", lat=40.44, lon=-79.99),
        Library("E", "Philadelphia", state="PA", lat=39.95, lon=-75.17),
        Library("F", "Trenton", state="NJ", participation="NLM_ONLY"),
        Library("N", "NLM", type="NLM", state="MD", lat=39.0, lon=-77.1),
    )
    a, b, c = dt.date(2026, 1, 1), dt.date(2024, 1, 1), dt.date(2025, 7, 1)
    d, e = dt.date(2020, 1, 1), dt.date(2025, 6, 14)
    holdings = (
        Holding("A", T1, ranges=(years(2000, 2005),), last_modified=a),
        Holding("B", T1, ranges=(years(2003, None, "10"),), last_modified=b),
        Holding("C", T1, ranges=(Range(),), last_modified=None),
        Holding("D", T1, ranges=(years(1995, 2026),), last_modified=d),
        Holding("E", T1, ranges=(Range("1", "5"), years(2010, 2012)), last_modified=e),
        Holding("N", T2, ranges=(years(1990),)),
        Holding("A", T2, format="ELECTRONIC", ranges=(years(2000, 2001),), last_modified=a),
        Holding("E", T3, ranges=(Range("1", "5"),), last_modified=e),
        Holding("C", T4, ranges=(years(2015),), last_modified=c),
        Holding("D", T4, ranges=(years(2015),), last_modified=d),
        Holding("E", T5, ranges=(years(2000),), last_modified=e),
    )
    return Network(
        regions=(Region("1", "Region 1", ("NY", "NJ")), Region("2", "Region 2", ("PA",))),
        libraries=libraries,
        groups=(Group("GRP", "Group", members=("C", "D", "E")),),
        serials=tuple(Serial(t, f"Title {t[-1]}") for t in (T1, T2, T3, T4, T5)),
        holdings=holdings,
        routing_tables=(
            RoutingTable("A", {1: ("B", "GRP"), 2: ("D",), 4: ("F",)}),
            RoutingTable("B", {1: ("GRP",)}),
            RoutingTable("C", {1: ("A", "XX"), 2: ("D",)}),
            RoutingTable("E", {1: ("A",), 5: ("B",)}),
        ),
    )


@pytest.fixture
def seven():
    return build_network(seven_library_bundle(), version=1)
