import datetime as dt
from types import SimpleNamespace

import pytest

from graphsvc.coverage import coverage_summary
from graphsvc.coverage.summary import RoutingProblem
from graphsvc.errors import NotFound
from tests.coverage.conftest import JUNE, MARCH, T1, T2, T3, T4, T5


def test_region_scope_counts_titles_and_holdings(seven):
    s = coverage_summary(seven, region="1", at=JUNE)
    assert (s.libraries, s.titles, s.holdings) == (4, 3, 5)  # A, B, C, F hold T1, T2, T4


def test_single_holder_titles_are_judged_on_the_whole_network(seven):
    s = coverage_summary(seven, region="1", at=JUNE)
    assert s.single_holder_titles == ((T2, "A"), (T4, "C"))
    assert coverage_summary(seven, region="2", at=JUNE).single_holder_titles == \
        ((T3, "E"), (T5, "E"))


def test_titles_held_only_outside_the_scope(seven):
    s = coverage_summary(seven, region="1", at=JUNE)
    assert (s.titles_held_only_outside, s.titles_held_only_outside_listed) == (2, (T3, T5))
    capped = coverage_summary(seven, region="1", at=JUNE, max_listed=1)
    assert (capped.titles_held_only_outside, capped.titles_held_only_outside_listed) == (2, (T3,))


def test_holdings_not_reviewed_within_a_year(seven):
    assert coverage_summary(seven, region="1", at=JUNE).not_reviewed == \
        (("B", dt.date(2024, 1, 1)),)
    everyone = coverage_summary(seven, at=JUNE).not_reviewed
    assert everyone == (("B", dt.date(2024, 1, 1)), ("D", dt.date(2020, 1, 1)),
                        ("E", dt.date(2025, 6, 14)), ("N", None))


def test_level_2_holdings(seven):
    assert coverage_summary(seven, region="1", at=JUNE).level_2_holdings == \
        (("C", T1, "PRINT"),)
    assert coverage_summary(seven, region="2", at=JUNE).level_2_holdings == ()


def test_routing_problems_of_scope_tables(seven):
    problems = coverage_summary(seven, region="1", at=JUNE).routing_problems
    assert problems == (
        RoutingProblem("A", 1, "B", "B", "OUT_OF_OFFICE"),
        RoutingProblem("A", 1, "GRP", "D", "CLOSED"),
        RoutingProblem("A", 2, "D", "D", "CLOSED"),
        RoutingProblem("A", 4, "F", "F", "NLM_ONLY"),
        RoutingProblem("B", 1, "GRP", "D", "CLOSED"),
        RoutingProblem("C", 1, "XX", "XX", "UNKNOWN"),
        RoutingProblem("C", 2, "D", "D", "CLOSED"),
    )
    assert [p.problem for p in coverage_summary(seven, region="1", at=MARCH).routing_problems] \
        == ["CLOSED", "CLOSED", "NLM_ONLY", "CLOSED", "UNKNOWN", "CLOSED"]


def test_lenders_below_the_fill_rate_standard(seven):
    performance = {
        "A": {"fill_rate": 0.5, "type": "RESOURCE"},
        "B": SimpleNamespace(fill_rate=0.9, type="RML"),
        "C": {"fill_rate": 0.6},  # type taken from the library: RESOURCE
        "F": SimpleNamespace(fill_rate=None),
        "E": {"fill_rate": 0.1, "type": "RML"},  # outside region 1
    }
    s = coverage_summary(seven, region="1", at=JUNE, performance=performance)
    assert s.below_standard == (("A", 0.5), ("C", 0.6))
    assert coverage_summary(seven, region="1", at=JUNE).below_standard == ()


def test_pal_libraries_have_no_fill_rate_standard(seven):
    s = coverage_summary(seven, state="NY", at=JUNE, performance={"B": {"fill_rate": 0.2}})
    assert s.below_standard == ()


def test_whole_network_and_state_scopes(seven):
    everyone = coverage_summary(seven, at=JUNE)
    assert (everyone.libraries, everyone.titles, everyone.holdings) == (7, 5, 11)
    assert everyone.titles_held_only_outside == 0
    nj = coverage_summary(seven, state="NJ", at=JUNE)
    assert (nj.libraries, nj.titles, nj.holdings) == (2, 2, 2)


def test_unknown_region_is_not_found(seven):
    with pytest.raises(NotFound, match="region '9'"):
        coverage_summary(seven, region="9", at=JUNE)
