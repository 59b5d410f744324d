import datetime as dt

import pytest

from graphsvc.coverage import serial_coverage
from graphsvc.errors import NotFound
from tests.coverage.conftest import JUNE, MARCH, T1, T2, T3


def test_holders_list_every_holding_with_why_it_does_not_count(seven):
    cov = serial_coverage(seven, T1, at=MARCH)
    assert [(h.libid, h.active, h.level_2, h.inactive_reason) for h in cov.holders] == [
        ("A", True, False, None), ("B", True, False, None), ("C", False, True, None),
        ("D", False, False, "CLOSED"), ("E", True, False, None)]
    assert cov.holders[0].region == "1" and cov.holders[4].region == "2"
    assert cov.active_holders == 3


def test_years_run_from_the_earliest_begin_of_any_holder_to_at(seven):
    cov = serial_coverage(seven, T1, at=MARCH)
    assert (cov.first_year, cov.last_year) == (1995, 2026)
    counts = {y.year: y.holders for y in cov.years}
    assert [counts[y] for y in (1995, 1999, 2000, 2003, 2005, 2006, 2010, 2012, 2013, 2026)] \
        == [0, 0, 1, 2, 2, 1, 2, 2, 1, 1]


def test_gaps_and_single_holder_years(seven):
    cov = serial_coverage(seven, T1, at=MARCH)
    assert cov.gap_years == (1995, 1996, 1997, 1998, 1999)
    singles = dict(cov.single_holder_years)
    assert [singles[y] for y in (2000, 2002, 2006, 2009, 2013, 2026)] == \
        ["A", "A", "B", "B", "B", "B"]
    assert len(cov.single_holder_years) == 3 + 4 + 14
    assert 2004 not in singles and 2011 not in singles


def test_counts_by_region(seven):
    by_year = {y.year: y.by_region for y in serial_coverage(seven, T1, at=MARCH).years}
    assert by_year[2004] == {"1": 2}
    assert by_year[2011] == {"1": 1, "2": 1}
    assert by_year[1996] == {}


def test_out_of_office_holder_does_not_count(seven):
    cov = serial_coverage(seven, T1, at=JUNE)
    assert cov.active_holders == 2
    assert cov.gap_years == (*range(1995, 2000), *range(2006, 2010), *range(2013, 2027))
    assert dict(cov.single_holder_years)[2011] == "E"


def test_open_end_runs_to_the_year_of_at(seven):
    cov = serial_coverage(seven, T1, at=dt.datetime(2020, 5, 1, 9, 0))
    assert cov.last_year == 2020
    assert cov.years[-1].holders == 1 and cov.single_holder_years[-1] == (2020, "B")


def test_nlm_holdings_do_not_count_but_extend_the_span(seven):
    cov = serial_coverage(seven, T2, at=MARCH)
    assert cov.active_holders == 1
    assert cov.holders[1].inactive_reason == "NLM"
    assert cov.first_year == 1990
    assert cov.single_holder_years == ((2000, "A"), (2001, "A"))
    assert len(cov.gap_years) == 37 - 2


def test_volume_only_ranges_hold_the_title_but_no_years(seven):
    cov = serial_coverage(seven, T3, at=MARCH)
    assert cov.active_holders == 1 and cov.holders[0].active
    assert cov.years == () and cov.first_year is None


def test_unknown_title_is_not_found(seven):
    with pytest.raises(NotFound, match="9999999"):
        serial_coverage(seven, "9999999", at=MARCH)
