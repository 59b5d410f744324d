"""Lender performance on a hand-computed example (NN/LM plan fill rate, P1-P5)."""

import datetime as dt

import pytest

from graphsvc.requests import (
    LenderStats, RegionStats, apply_action, lender_performance, new_request, recent_received,
    region_performance, run_tta,
)
from tests.requests.conftest import et, steps

LIBRARIES = {"RMLA": ("RML", "1"), "RESB": ("RESOURCE", "1"), "PALC": ("PAL", "2")}  # no UNKN
MON = (2026, 10, 5)
TUE = (2026, 10, 6)


def mon(hh, mm=0):
    return et(*MON, hh, mm)


def walk(rid, lenders, moves, created=None):
    """A request routed at ``created`` (Monday 09:00) and taken through ``moves``."""
    req = new_request(rid, "ORUBOR", steps(*lenders), at=created or mon(9))
    for action, lender, reason, at in moves:
        req = apply_action(req, action, lender=lender, reason=reason, at=at)
    return req


@pytest.fixture(scope="module")
def history():
    """Eleven requests; the comments give each lender's part in the expected numbers."""
    r10 = walk("R10", ["PALC"], [("RECEIVE", "PALC", None, et(*TUE, 9))], created=et(*TUE, 8))
    [(r10, _)] = run_tta([r10], at=et(2026, 10, 13, 0, 5))  # Columbus Day skipped: removed Tue
    return [
        walk("R1", ["RMLA"], [("RECEIVE", "RMLA", None, mon(10)),
                              ("FILL", "RMLA", None, mon(13))]),              # RMLA fill 4 h
        walk("R2", ["RMLA"], [("RECEIVE", "RMLA", None, mon(9, 30)),
                              ("NOT_FILL", "RMLA", "CST", mon(10))]),         # RMLA cost
        walk("R3", ["RMLA"], [("RECEIVE", "RMLA", None, mon(11)),
                              ("FILL", "RMLA", None, et(*TUE, 9))]),          # RMLA fill 24 h
        walk("R4", ["RMLA", "RESB"], [("RECEIVE", "RMLA", None, mon(10)),
                                      ("NOT_FILL", "RMLA", "NOS", mon(12)),   # RMLA no
                                      ("RECEIVE", "RESB", None, mon(13)),
                                      ("FILL", "RESB", None, mon(15))]),      # RESB fill 3 h
        walk("R5", ["RESB"], [("RECEIVE", "RESB", None, mon(9, 10)),
                              ("FILL", "RESB", None, mon(11))]),              # RESB fill 2 h
        walk("R6", ["RESB"], []),                                             # never receipted
        walk("R7", ["RESB"], [("RECEIVE", "RESB", None, mon(10))]),           # RESB pending
        walk("R8", ["RESB"], [("RECEIVE", "RESB", None, mon(9, 30)),
                              ("FILL", "RESB", None, mon(10))]),              # RESB fill 1 h
        walk("R9", ["PALC"], [("RECEIVE", "PALC", None, mon(10)),
                              ("NOT_FILL", "PALC", "CST", mon(11))]),         # PALC cost
        r10,                                                                  # PALC removed
        walk("R11", ["UNKN"], [("RECEIVE", "UNKN", None, mon(10)),
                               ("NOT_FILL", "UNKN", "CST", mon(10, 30))]),    # UNKN cost
    ]


def test_lender_performance_numbers(history):
    stats = lender_performance(history, libraries=LIBRARIES)
    assert [s.libid for s in stats] == ["PALC", "RESB", "RMLA", "UNKN"]
    palc, resb, rmla, unkn = stats
    assert rmla == LenderStats("RMLA", "RML", "1", received=4, filled=2, not_filled=2,
                               unfilled_cost=1, removed=0, pending=0,
                               fill_rate=pytest.approx(0.6667, abs=1e-4), meets_standard=False,
                               median_turnaround_hours=14.0)
    assert resb == LenderStats("RESB", "RESOURCE", "1", received=4, filled=3, not_filled=0,
                               unfilled_cost=0, removed=0, pending=1, fill_rate=0.75,
                               meets_standard=True, median_turnaround_hours=2.0)
    assert palc == LenderStats("PALC", "PAL", "2", received=2, filled=0, not_filled=1,
                               unfilled_cost=1, removed=1, pending=0, fill_rate=0.0,
                               meets_standard=None, median_turnaround_hours=None)
    assert unkn == LenderStats("UNKN", None, None, received=1, filled=0, not_filled=1,
                               unfilled_cost=1, removed=0, pending=0, fill_rate=None,
                               meets_standard=None, median_turnaround_hours=None)


def test_region_roll_up(history):
    assert region_performance(history, libraries=LIBRARIES) == [
        RegionStats("1", lenders=2, received=8, filled=5, unfilled_cost=1,
                    fill_rate=pytest.approx(0.7143, abs=1e-4), median_turnaround_hours=3.0),
        RegionStats("2", lenders=1, received=2, filled=0, unfilled_cost=1, fill_rate=0.0,
                    median_turnaround_hours=None),
        RegionStats(None, lenders=1, received=1, filled=0, unfilled_cost=1, fill_rate=None,
                    median_turnaround_hours=None),
    ]


def test_region_and_type_filters(history):
    assert [s.libid for s in lender_performance(history, libraries=LIBRARIES, region="1")] == \
        ["RESB", "RMLA"]
    assert [s.libid for s in lender_performance(history, libraries=LIBRARIES, lib_type="PAL")] \
        == ["PALC"]


def test_date_window_counts_receipts_with_their_later_outcome(history):
    monday = {s.libid: s for s in lender_performance(history, libraries=LIBRARIES,
                                                     to=dt.date(*MON))}
    assert (monday["RMLA"].received, monday["RMLA"].filled) == (4, 2)  # R3 filled on Tuesday
    assert (monday["PALC"].received, monday["PALC"].fill_rate) == (1, None)
    tuesday = lender_performance(history, libraries=LIBRARIES, frm=dt.date(*TUE))
    assert [(s.libid, s.received, s.removed, s.fill_rate) for s in tuesday] == \
        [("PALC", 1, 1, 0.0)]


def test_datetime_window_is_half_open(history):
    hour = {s.libid: s for s in lender_performance(history, libraries=LIBRARIES,
                                                   frm=mon(10), to=mon(11))}
    assert sorted(hour) == ["PALC", "RESB", "RMLA", "UNKN"]
    assert (hour["RMLA"].received, hour["RMLA"].filled, hour["RMLA"].fill_rate) == (2, 1, 0.5)
    assert (hour["RESB"].received, hour["RESB"].pending) == (1, 1)


def test_recent_received_counts_arrivals(history):
    assert recent_received(history, since=mon(12)) == {"RESB": 1, "PALC": 1}
    assert recent_received(history, since=mon(9)) == {"RMLA": 4, "RESB": 5, "PALC": 2, "UNKN": 1}
