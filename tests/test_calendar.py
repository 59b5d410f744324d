"""Business days, holidays, time zones and TTA deadlines (docline-rules.md T1-T3)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graphsvc.calendar import (
    action_due, add_business_days, is_business_day, is_holiday, next_business_day,
    receipt_due, tta_run_at, tta_runs_between, zone,
)
from graphsvc.errors import InvalidInput

ET = ZoneInfo("America/New_York")
D = dt.date


def et(y, m, d, hh=10, mm=0):
    return dt.datetime(y, m, d, hh, mm, tzinfo=ET)


def elapsed(a, b):
    """Real time between two instants (same-zone subtraction ignores a DST change)."""
    return b.astimezone(dt.UTC) - a.astimezone(dt.UTC)


@pytest.mark.parametrize("day, expected", [
    (D(2026, 10, 5), True),     # Monday
    (D(2026, 10, 3), False),    # Saturday
    (D(2026, 10, 4), False),    # Sunday
    (D(2026, 11, 26), False),   # Thanksgiving
    (D(2026, 11, 27), True),    # the Friday after is not federal
    (D(2026, 12, 25), False),   # Christmas, a Friday
    (D(2027, 1, 1), False),     # New Year, a Friday
    (D(2026, 7, 3), False),     # Independence Day observed (July 4 is a Saturday)
    (D(2026, 6, 19), False),    # Juneteenth
    (D(2027, 12, 31), False),   # New Year 2028 (Saturday) observed the Friday before
])
def test_is_business_day(day, expected):
    assert is_business_day(day) is expected


def test_holidays_come_from_the_federal_calendar():
    assert is_holiday(D(2026, 7, 4)) and is_holiday(D(2026, 7, 3))
    assert not is_holiday(D(2026, 11, 27))
    assert not is_holiday(D(2026, 4, 20))  # Patriots' Day is Massachusetts-only


@pytest.mark.parametrize("day, expected", [
    (D(2026, 10, 2), D(2026, 10, 5)),    # Fri -> Mon
    (D(2026, 11, 25), D(2026, 11, 27)),  # over Thanksgiving
    (D(2026, 12, 24), D(2026, 12, 28)),  # over Christmas Friday and the weekend
    (D(2026, 12, 31), D(2027, 1, 4)),    # over New Year Friday
    (D(2026, 7, 2), D(2026, 7, 6)),      # over July 3 (observed)
    (D(2026, 10, 3), D(2026, 10, 5)),    # from a Saturday
])
def test_next_business_day(day, expected):
    assert next_business_day(day) == expected


def test_add_business_days():
    assert add_business_days(D(2026, 11, 23), 4) == D(2026, 11, 30)
    assert add_business_days(D(2026, 10, 5), 0) == D(2026, 10, 5)
    with pytest.raises(ValueError):
        add_business_days(D(2026, 10, 5), -1)


@pytest.mark.parametrize("routed, level, due", [
    (et(2026, 10, 5), "NORMAL", et(2026, 10, 7, 0, 5)),        # Mon -> Wed
    (et(2026, 10, 2), "NORMAL", et(2026, 10, 6, 0, 5)),        # Fri -> Tue
    (et(2026, 10, 3), "NORMAL", et(2026, 10, 6, 0, 5)),        # Sat -> Tue (Mon is the full day)
    (et(2026, 11, 25), "NORMAL", et(2026, 11, 30, 0, 5)),      # Wed before Thanksgiving -> Mon
    (et(2026, 10, 5), "RUSH", et(2026, 10, 6, 0, 5)),          # same day, removed next morning
    (et(2026, 10, 2), "RUSH", et(2026, 10, 5, 0, 5)),          # Fri -> Mon (seed 12)
    (et(2026, 10, 2, 23, 59), "URGENT", et(2026, 10, 5, 0, 5)),
    (et(2026, 9, 4), "URGENT", et(2026, 9, 8, 0, 5)),          # Fri before Labor Day -> Tue
    (et(2026, 10, 3), "RUSH", et(2026, 10, 6, 0, 5)),          # Sat: rolls to Mon, due Tue
    (et(2026, 10, 5, 0, 3), "RUSH", et(2026, 10, 6, 0, 5)),    # before Monday's run
    (et(2026, 12, 24), "RUSH", et(2026, 12, 28, 0, 5)),        # Christmas Friday skipped
    (et(2026, 12, 31), "RUSH", et(2027, 1, 4, 0, 5)),          # New Year Friday skipped
])
def test_receipt_due(routed, level, due):
    assert receipt_due(routed, level) == due


@pytest.mark.parametrize("received, level, due", [
    (et(2026, 10, 5), "NORMAL", et(2026, 10, 9, 0, 5)),        # Mon (day 0) -> Fri (seed 14)
    (et(2026, 11, 23), "NORMAL", et(2026, 11, 30, 0, 5)),      # Thanksgiving skipped
    (et(2026, 10, 5), "RUSH", et(2026, 10, 7, 0, 5)),
    (et(2026, 12, 24), "URGENT", et(2026, 12, 29, 0, 5)),      # Mon 28 is the full day
    (et(2026, 10, 3), "NORMAL", et(2026, 10, 8, 0, 5)),        # Sat day 0 -> Mon Tue Wed -> Thu
])
def test_action_due(received, level, due):
    assert action_due(received, level) == due


def test_deadlines_across_daylight_saving_changes():
    spring = receipt_due(et(2026, 3, 6), "RUSH")   # EST Friday, EDT Monday
    assert spring.isoformat() == "2026-03-09T00:05:00-04:00"
    assert elapsed(et(2026, 3, 6), spring) == dt.timedelta(hours=61, minutes=5)
    fall = receipt_due(et(2026, 10, 30), "NORMAL")  # EDT Friday, EST Tuesday
    assert fall.isoformat() == "2026-11-03T00:05:00-05:00"
    assert elapsed(et(2026, 10, 30), fall) == dt.timedelta(hours=87, minutes=5)


def test_other_time_zone_uses_the_local_date():
    friday_night_pacific = dt.datetime(2026, 10, 2, 22, 0, tzinfo=ZoneInfo("America/Los_Angeles"))
    # Already Saturday in the East: rolls to Monday, due Tuesday 00:05 Eastern.
    assert receipt_due(friday_night_pacific, "RUSH") == et(2026, 10, 6, 0, 5)
    pacific = receipt_due(friday_night_pacific, "RUSH", tz="America/Los_Angeles")
    assert pacific.isoformat() == "2026-10-05T00:05:00-07:00"
    assert pacific - et(2026, 10, 5, 0, 5) == dt.timedelta(hours=3)


def test_run_instant_that_does_not_exist_moves_forward():
    # Cairo springs forward at midnight on Friday 2026-04-24: 00:05 does not exist.
    assert tta_run_at(D(2026, 4, 24), tz="Africa/Cairo").isoformat() == \
        "2026-04-24T01:05:00+03:00"


def test_tta_runs_between():
    runs = tta_runs_between(et(2026, 11, 25, 0, 5), et(2026, 12, 1, 0, 5))
    assert [r.date() for r in runs] == [D(2026, 11, 27), D(2026, 11, 30), D(2026, 12, 1)]
    assert runs[0].time() == dt.time(0, 5)


def test_bad_inputs_name_the_field():
    with pytest.raises(InvalidInput) as bad_level:
        receipt_due(et(2026, 10, 5), "SLOW")
    assert bad_level.value.problems[0]["field"] == "service_level"
    with pytest.raises(InvalidInput) as bad_zone:
        zone("Mars/Olympus_Mons")
    assert bad_zone.value.problems[0]["field"] == "timezone"


@settings(max_examples=200, deadline=None)
@given(start=st.datetimes(min_value=dt.datetime(2025, 1, 1), max_value=dt.datetime(2028, 12, 31)),
       level=st.sampled_from(["NORMAL", "RUSH", "URGENT"]))
def test_deadlines_are_later_tta_runs_on_business_days(start, level):
    at = start.replace(tzinfo=ET)
    for due in (receipt_due(at, level), action_due(at, level)):
        assert due > at and is_business_day(due.date()) and due.time() == dt.time(0, 5)
        assert tta_runs_between(at, due)[-1] == due
    assert receipt_due(at, "RUSH") <= receipt_due(at, "NORMAL") <= action_due(at, "NORMAL")
