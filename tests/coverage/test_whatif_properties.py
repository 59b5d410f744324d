"""Serial coverage and the what-if sweep agree with year-by-year counts from the ranges."""

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from graphsvc.coverage import serial_coverage, what_if
from graphsvc.holdings import is_level_2, range_covers_year
from graphsvc.model import Holding, Library, Network, Range, Serial
from graphsvc.network import build_network

LIBS = ("L1", "L2", "L3", "L4", "L5")
AT = dt.date(2030, 6, 1)

year = st.integers(1990, 2035)
ranges = st.one_of(
    st.builds(lambda b, n: Range(None, None, b, b + n), year, st.integers(0, 10)),
    st.builds(lambda b: Range(None, None, b, None), year),
    st.builds(lambda e: Range(None, None, None, e), year),
    st.just(Range("1", "4")),
    st.just(Range()),
)
holdings = st.dictionaries(st.sampled_from(LIBS), st.lists(ranges, min_size=1, max_size=3),
                           min_size=1)


def holders_by_year(held: dict, active: set) -> dict[int, set[str]]:
    counted = {lib: rs for lib, rs in held.items() if not is_level_2(rs)}
    starts = [r.begin_year if r.begin_year is not None else r.end_year
              for rs in counted.values() for r in rs
              if r.begin_year is not None or r.end_year is not None]
    return {y: {lib for lib, rs in counted.items()
                if lib in active and any(range_covers_year(r, y) for r in rs)}
            for y in range(min(starts, default=AT.year + 1), AT.year + 1)}


def brute_force(held: dict, active: set, offline: set):
    lost, single = set(), set()
    for y, before in holders_by_year(held, active).items():
        after = before - offline
        if before and not after:
            lost.add(y)
        if len(before) >= 2 and len(after) == 1:
            single.add((y, *after))
    return lost, single


@settings(max_examples=60, deadline=None)
@given(holdings, st.sets(st.sampled_from(LIBS), min_size=1),
       st.sets(st.sampled_from(LIBS)))
def test_sweep_and_serial_coverage_match_year_by_year_counts(held, offline, closed):
    libraries = tuple(Library(lib, lib, participation="CLOSED" if lib in closed else "FULL")
                      for lib in LIBS)
    bundle = Network(libraries=libraries, serials=(Serial("1", "T"),),
                     holdings=tuple(Holding(lib, "1", ranges=tuple(rs))
                                    for lib, rs in held.items()))
    G = build_network(bundle)
    active = set(LIBS) - closed
    expected = holders_by_year(held, active)
    cov = serial_coverage(G, "1", at=AT)
    assert {y.year: y.holders for y in cov.years} == {y: len(h) for y, h in expected.items()}
    assert dict(cov.single_holder_years) == {y: min(h) for y, h in expected.items() if len(h) == 1}
    w = what_if(G, libraries=offline, at=AT)
    lost = {y for t in w.lost for run in t.lost_years for y in range(run.first, run.last + 1)}
    single = {(y, run.libid) for t in w.dropped_to_one for run in t.single_years
              for y in range(run.first, run.last + 1)}
    assert (lost, single) == brute_force(held, active, offline)
