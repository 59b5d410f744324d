"""What every ``graphsvc`` command shares: reading a day or an aware instant, printing an answer.

The store comes from :func:`graphsvc.store.connect.opened_store`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json


def iso_date(text: str) -> dt.date:
    """An argparse type: a day as YYYY-MM-DD.

    >>> iso_date("2026-10-05")
    datetime.date(2026, 10, 5)
    """
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from exc


def aware_datetime(text: str) -> dt.datetime:
    """An argparse type: an ISO 8601 datetime that names its UTC offset.

    >>> aware_datetime("2026-10-05T09:00-07:00").utcoffset()
    datetime.timedelta(days=-1, seconds=61200)
    >>> aware_datetime("2026-10-05T09:00")
    Traceback (most recent call last):
    argparse.ArgumentTypeError: '2026-10-05T09:00' needs an offset, e.g. -05:00
    """
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text!r} is not an ISO datetime") from exc
    if value.tzinfo is None:
        raise argparse.ArgumentTypeError(f"{text!r} needs an offset, e.g. -05:00")
    return value


def emit(value) -> None:
    """Print an answer as indented JSON (dates and other values as text)."""
    print(json.dumps(value, indent=2, default=str))
