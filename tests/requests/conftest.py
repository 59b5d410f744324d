"""Small builders shared by the request lifecycle tests."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from graphsvc.requests import Step, new_request

ET = ZoneInfo("America/New_York")


def et(y, m, d, hh=10, mm=0):
    """An instant on the US Eastern clock."""
    return dt.datetime(y, m, d, hh, mm, tzinfo=ET)


def steps(*libids):
    return tuple(Step(libid, "CELL", i + 1) for i, libid in enumerate(libids))


@pytest.fixture
def three_lenders():
    """A Normal request routed Monday 2026-10-05 10:00 ET to WAUSEA, then ORUOHS, then MDUNLM."""
    return new_request("R1", "ORUBOR", steps("WAUSEA", "ORUOHS", "MDUNLM"),
                       at=et(2026, 10, 5), nlm_uid="0372354")
