"""Time-Triggered Actions on weekends, holidays and other zones (T1-T3, §11 seeds 11-14)."""

import dataclasses
import datetime as dt

import pytest

from graphsvc.requests import apply_action, new_request, overdue, run_tta
from tests.requests.conftest import et, steps


def routed(at, level="NORMAL", lenders=("WAUSEA", "ORUOHS"), **kw):
    return new_request("R1", "ORUBOR", steps(*lenders), at=at, service_level=level, **kw)


def receipted(at, level="NORMAL", **kw):
    return apply_action(routed(at, level, **kw), "RECEIVE", lender="WAUSEA", at=at)


def moved_at(req, runs):
    """The first of ``runs`` at which TTA moves ``req``, with the reason."""
    for run in runs:
        moved = run_tta([req], at=run)
        if moved:
            return run, moved[0][1]
    return None


def test_rush_routed_friday_moves_at_the_first_run_on_monday():  # seed 12
    req = routed(et(2026, 10, 2), "RUSH")
    assert run_tta([req], at=et(2026, 10, 2, 23, 59)) == []
    assert run_tta([req], at=et(2026, 10, 5, 0, 4)) == []
    [(moved, reason)] = run_tta([req], at=et(2026, 10, 5, 0, 5))
    assert reason == "REMOVED_NOT_RECEIPTED"
    assert (moved.status, moved.lender, moved.routed_at) == ("NEW", "ORUOHS", et(2026, 10, 5, 0, 5))
    assert [(e.action, e.libid) for e in moved.history[-2:]] == [
        ("REMOVED_NOT_RECEIPTED", "WAUSEA"), ("ROUTED", "ORUOHS")]
    assert req.lender == "WAUSEA" and len(req.history) == 1  # the input is unchanged


@pytest.mark.parametrize("level, at, first_move", [
    ("URGENT", et(2026, 9, 4), et(2026, 9, 8, 0, 5)),        # Fri before Labor Day -> Tue
    ("RUSH", et(2026, 12, 24), et(2026, 12, 28, 0, 5)),       # Christmas Friday skipped
    ("NORMAL", et(2026, 10, 5), et(2026, 10, 7, 0, 5)),       # Mon -> Wed
    ("NORMAL", et(2026, 10, 2), et(2026, 10, 6, 0, 5)),       # Fri -> Tue
    ("NORMAL", et(2026, 11, 25), et(2026, 11, 30, 0, 5)),     # over Thanksgiving
    ("NORMAL", et(2026, 7, 1), et(2026, 7, 6, 0, 5)),         # Thu 2 full, Fri 3 observed
])
def test_not_receipted_moves_at_the_first_run_after_the_deadline(level, at, first_move):
    runs = [et(2026, at.month, at.day, 0, 5) + dt.timedelta(days=d) for d in range(1, 10)]
    assert moved_at(routed(at, level), runs) == (first_move, "REMOVED_NOT_RECEIPTED")


@pytest.mark.parametrize("level, at, first_move", [
    ("NORMAL", et(2026, 10, 19), et(2026, 10, 23, 0, 5)),     # seed 14: Mon -> Fri
    ("NORMAL", et(2026, 11, 23), et(2026, 11, 30, 0, 5)),     # Thanksgiving week
    ("RUSH", et(2026, 10, 19), et(2026, 10, 21, 0, 5)),       # one full business day
    ("URGENT", et(2026, 12, 31), et(2027, 1, 5, 0, 5)),       # Mon 4 is the full day
])
def test_not_acted_upon_moves_at_the_first_run_after_the_deadline(level, at, first_move):
    runs = [et(2026, at.month, at.day, 0, 5) + dt.timedelta(days=d) for d in range(1, 10)]
    assert moved_at(receipted(at, level), runs) == (first_move, "REMOVED_NOT_ACTED_UPON")


def test_tta_is_idempotent_for_the_same_instant():
    reqs = [routed(et(2026, 10, 2), "RUSH"), receipted(et(2026, 10, 1), "RUSH"),
            routed(et(2026, 10, 2), "NORMAL")]
    run = et(2026, 10, 5, 0, 5)
    first = run_tta(reqs, at=run)
    assert [reason for _, reason in first] == ["REMOVED_NOT_RECEIPTED", "REMOVED_NOT_ACTED_UPON"]
    stored = [r for r, _ in first] + [reqs[2]]
    assert run_tta(stored, at=run) == []
    assert run_tta(stored, at=et(2026, 10, 5, 12)) == []  # the new lenders' clocks just started


def test_a_late_run_moves_one_lender_and_restarts_the_clock():
    req = routed(et(2026, 10, 2), "RUSH", lenders=("WAUSEA", "ORUOHS", "MDUNLM"))
    [(moved, _)] = run_tta([req], at=et(2026, 10, 7, 0, 5))  # Monday's and Tuesday's runs missed
    assert moved.lender == "ORUOHS" and moved.routed_at == et(2026, 10, 7, 0, 5)
    assert overdue(moved, at=et(2026, 10, 7, 23, 59)) is None
    assert overdue(moved, at=et(2026, 10, 8, 0, 5)) == "REMOVED_NOT_RECEIPTED"


def test_removal_from_the_last_lender_is_beyond_routing_map():
    [(moved, _)] = run_tta([routed(et(2026, 10, 5), lenders=("WAUSEA",))], at=et(2026, 10, 7, 0, 5))
    assert moved.status == "BEYOND_ROUTING_MAP"
    assert [e.action for e in moved.history] == ["ROUTED", "REMOVED_NOT_RECEIPTED",
                                                 "BEYOND_ROUTING_MAP"]


def test_removal_after_the_need_by_date_expires():
    req = routed(et(2026, 10, 5), need_by=dt.date(2026, 10, 6))
    [(moved, reason)] = run_tta([req], at=et(2026, 10, 7, 0, 5))
    assert (moved.status, reason) == ("EXPIRED", "REMOVED_NOT_RECEIPTED")


def test_removal_of_a_request_marked_for_cancellation_cancels_it():
    req = apply_action(receipted(et(2026, 10, 19)), "CANCEL", at=et(2026, 10, 19, 11))
    [(moved, reason)] = run_tta([req], at=et(2026, 10, 23, 0, 5))
    assert (moved.status, reason) == ("CANCELLED", "REMOVED_NOT_ACTED_UPON")
    assert moved.position == 0


def test_finished_requests_are_passed_over():
    filled = apply_action(receipted(et(2026, 10, 5)), "FILL", lender="WAUSEA",
                          at=et(2026, 10, 5, 12))
    cancelled = apply_action(routed(et(2026, 10, 5)), "CANCEL", at=et(2026, 10, 5, 12))
    assert run_tta([filled, cancelled], at=et(2026, 12, 1, 0, 5)) == []


def test_lender_time_zone_policy():
    friday_pacific = dt.datetime(2026, 10, 2, 10, tzinfo=dt.timezone(dt.timedelta(hours=-7)))
    req = routed(friday_pacific, "RUSH")
    zones = {"WAUSEA": "America/Los_Angeles"}
    assert run_tta([req], at=et(2026, 10, 5, 0, 5), lender_tz=zones) == []  # 21:05 Sun Pacific
    assert run_tta([req], at=et(2026, 10, 5, 3, 4), lender_tz=zones) == []
    [(moved, _)] = run_tta([req], at=et(2026, 10, 5, 3, 5), lender_tz=zones)
    assert moved.lender == "ORUOHS"
    assert len(run_tta([req], at=et(2026, 10, 5, 0, 5))) == 1  # default Eastern clock


def test_run_leaves_its_inputs_unchanged():
    reqs = [routed(et(2026, 10, 2), "RUSH"), receipted(et(2026, 10, 1), "RUSH")]
    before = [dataclasses.astuple(r) for r in reqs]
    run_tta(reqs, at=et(2026, 10, 5, 0, 5))
    assert [dataclasses.astuple(r) for r in reqs] == before
