"""The rule of each field, in one place.

The bundle reader (:mod:`graphsvc.io.bundle`), the file readers, the services and the API
schemas (hence the OpenAPI document) all check a field with the definition here, so a record
saved through one entry point is accepted by every other one (a library saved over HTTP
re-imports from its own export).
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import NamedTuple
from zoneinfo import available_timezones

import us

LIBID = re.compile(r"^[A-Z]{2}[UCX][A-Z]{3}$")
GROUP_CODE = re.compile(r"^[A-Z][A-Z0-9_-]{1,9}$")
ROUTING_ENTRY = re.compile(f"{LIBID.pattern}|{GROUP_CODE.pattern}")
NLM_UID = re.compile(r"^\d{1,12}[A-Z]{0,2}$")
ISSN = re.compile(r"^\d{4}-?\d{3}[\dXx]$")
POSTAL_CODE = re.compile(r"^(\d{5}(-\d{4})?|[A-Z]\d[A-Z] ?\d[A-Z]\d)$")  # US ZIP or Canadian
REGION_CODE = re.compile(r"^\d{1,2}$")

# Contact details of a library, each optional ("" for none), and where alerts go.
# Python's \s and JSON Schema's (ECMA) differ (\x1c-\x1f and \x85 for one, \ufeff for the
# other), so the patterns the OpenAPI document carries name the characters they take or refuse.
_NAME = r"[^@\s\x00-\x1f\x7f\x85\ufeff]"
EMAIL_ADDRESS = re.compile(rf"^{_NAME}{{1,64}}@{_NAME}{{1,252}}\.[A-Za-z]{{2,24}}$")
PHONE = re.compile(r"^(\+?[0-9(][0-9 ().-]{5,28}[0-9]( *(x|ext\.?) *[0-9]{1,6})?)?$")
EMAIL = re.compile(f"^({EMAIL_ADDRESS.pattern[1:-1]})?$")
WEBSITE = re.compile(r"^(https?://[!%&'()*+,\-0->@-~][!-~]{1,2000})?$")  # printable ASCII
WEBHOOK_URL = re.compile(r"^https?://[!-.0-~]+(/[!-~]*)?$")
CONTACT_TEXT_MAX = 300  # address, hours
WEBHOOK_SECRET_MIN = 16

CANADIAN_PROVINCES = ("AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU", "ON", "PE", "QC", "SK", "YT")
FREELY_ASSOCIATED_STATES = ("FM", "MH", "PW")
STATES = frozenset({s.abbr for s in us.states.STATES_AND_TERRITORIES}
                   | {"DC", *FREELY_ASSOCIATED_STATES, *CANADIAN_PROVINCES})

MAX_MANUAL_ROWS = 9  # R25
NAME_LENGTH = 300
CITY_LENGTH = 100
SUBJECT_LENGTH = 60
TITLE_LENGTH = 500
VOLUME_LENGTH = 40


class Bounds(NamedTuple):
    """Inclusive bounds of a number."""

    low: float
    high: float

    def problem(self, value) -> str | None:
        """Why ``value`` is out of bounds, or ``None``."""
        if not self.low <= value <= self.high:
            return f"must be from {self.low:g} to {self.high:g}, got {shown(value)}"
        return None


def shown(value) -> str:
    """A number as a message quotes it: huge integers are not written out."""
    if isinstance(value, int) and abs(value) >= 10**18:
        return f"a {value.bit_length()}-bit number"
    return str(value)


WHOLE = Bounds(0, 2**63 - 1)  # what the database stores
YEAR = Bounds(1000, 2999)  # holdings years
FEE = Bounds(0, 10_000)  # a library's base fee and a request's maximum cost, in dollars
EMBARGO_MONTHS = Bounds(0, 600)
EMBARGO_YEARS = Bounds(0, 50)
RETENTION_PERIOD = Bounds(0, 1000)
LATITUDE = Bounds(-90, 90)
LONGITUDE = Bounds(-180, 180)

# Calendar days any field takes (dates far outside make day arithmetic overflow).
EARLIEST_DAY = dt.date(1900, 1, 1)
LATEST_DAY = dt.date(2199, 12, 31)
DAY_PATTERN = r"^(19|20|21)\d\d-"  # the same years, for the OpenAPI document
# Instants of routing, requests, actions and TTA runs: from 2000 to the end of next year.
EARLIEST_INSTANT = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
# An action may be dated this much after the clock of the service (clock skew).
ACTION_LEEWAY = dt.timedelta(minutes=5)


def is_whole_number(text: str | None) -> bool:
    """Whether ``text`` is written in ASCII digits only (``"²"`` and ``"١"`` are digits to
    :meth:`str.isdigit`, not numbers a field takes).

    >>> is_whole_number("042"), is_whole_number("\u00b2"), is_whole_number("-1")
    (True, False, False)
    """
    return bool(text) and text.isascii() and text.isdigit()


def volume_problem(volume: str) -> str | None:
    """Why a volume label is refused (longer than :data:`VOLUME_LENGTH`), or ``None``."""
    if len(volume) > VOLUME_LENGTH:
        return f"a volume is at most {VOLUME_LENGTH} characters, got {len(volume)}"
    return None


def volumes_reversed(begin: str | None, end: str | None) -> bool:
    """Whether both volumes are whole numbers and the first is larger (compared as digits,
    so no length of number overflows).

    >>> volumes_reversed("12", "9"), volumes_reversed("009", "10"), volumes_reversed("2", "S2")
    (True, False, False)
    """
    if not (is_whole_number(begin) and is_whole_number(end)):
        return False
    begin, end = begin.lstrip("0"), end.lstrip("0")
    return (len(begin), begin) > (len(end), end)


def day_problem(day: dt.date) -> str | None:
    """Why a calendar day is outside the days any field takes, or ``None``."""
    if not EARLIEST_DAY <= day <= LATEST_DAY:
        return f"must be from {EARLIEST_DAY} to {LATEST_DAY}, got {day}"
    return None


def instant_years(now: dt.datetime | None = None) -> range:
    """The years an instant may lie in: 2000 to the end of next year (of ``now``)."""
    now = now or dt.datetime.now(dt.UTC)
    return range(EARLIEST_INSTANT.year, now.year + 2)


def instant_problem(at: dt.datetime, now: dt.datetime | None = None) -> str | None:
    """Why an instant lies outside 2000-01-01 .. the end of next year, or ``None``."""
    years = instant_years(now)
    if at.year not in years or (at.year == years[0] and at < EARLIEST_INSTANT):
        return (f"must be from {EARLIEST_INSTANT:%Y-%m-%d} to the end of {years[-1]}, "
                f"got {at.isoformat()}")
    return None


def year_pattern(years: range) -> str:
    """A regular expression of ISO dates and datetimes in ``years`` (for the OpenAPI
    document, which cannot bound a date).

    >>> year_pattern(range(1999, 2002))
    '^(1999|2000|2001)-'
    """
    return "^(" + "|".join(str(y) for y in years) + ")-"


@lru_cache(maxsize=1)
def timezones() -> frozenset[str]:
    """The IANA time zone names a library's ``timezone`` may take."""
    return frozenset(available_timezones())
