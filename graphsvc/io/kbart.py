"""KBART (NISO RP-9, phase II) title lists as electronic holdings, all or nothing.

A KBART file is tab-separated, with a header row of the standard column names and one line per
coverage period of a title. Each title whose print or online ISSN names a known serial becomes
one ELECTRONIC holding of the library; its coverage lines become its ranges, in file order.

Decisions, where DOCLINE and KBART do not say:

- Dates ``2001-01-01``, ``2001-01`` or ``2001`` give the range's years; ``num_*_vol_online``
  its volumes; issue numbers are dropped (DOCLINE holds Level 3, H5). An empty last date and
  last volume is an open end, and makes the holding currently received.
- ``embargo_info`` follows RP-9: ``P`` codes are an embargo (access *ends* at the moving
  wall), ``R`` codes a limited retention (access *begins* at it); ``R10Y;P30D`` is both.
  Year units are calendar years: ``P1Y`` is everything except the current year
  (``embargo_years=1``), ``R2Y`` only the current and the previous year
  (``retention_policy="Limited Period Only"``, ``limited_retention_period=2``,
  ``limited_retention_type="Years"``, as DOCLINE records "Latest 2 years", H8).
  Day and month units count back from the day of the request: ``P6M`` -> ``embargo_months=6``,
  ``R6M`` -> latest 6 Months; days round up to 30-day months (``P30D`` -> 1, ``R45D`` -> 2).
  The coverage dates still give the ranges.
- When several lines of one title disagree, the holding takes the longest embargo (a
  conservative reading: routing skips rather than fails); it is a limited retention only
  when every line is, to the longest of them.
- Titles whose ISSNs match no serial are listed in ``unmatched`` (not an error); the first
  serial found (print ISSN first) wins. Lines whose ``coverage_depth`` is neither empty,
  ``fulltext`` nor ``selectedArticles`` (e.g. ``abstracts``) cannot supply articles: they are
  listed in ``skipped``.
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from graphsvc import fields as rules
from graphsvc.fields import volumes_reversed
from graphsvc.io.tables import (
    FieldReader, decode_utf8, missing_columns, parse_issns, read_table, reject_if_any,
)
from graphsvc.model import Holding, Range

REQUIRED_COLUMNS = (
    "publication_title", "print_identifier", "online_identifier", "date_first_issue_online",
    "num_first_vol_online", "date_last_issue_online", "num_last_vol_online", "embargo_info",
)
FULL_TEXT_DEPTHS = ("", "fulltext", "selectedarticles")
_DATE = re.compile(r"(\d{4})(-(\d{2})(-(\d{2}))?)?")
_EMBARGO = re.compile(r"([RP])(\d{1,5})([DMY])")
_WHAT = "KBART file"


@dataclass(frozen=True)
class KbartFile:
    """What a KBART file gives one library.

    ``unmatched`` lists ``(line, title, issns)`` of lines whose ISSNs name no known serial;
    ``skipped`` lists ``(line, title, reason)`` of lines that are not full text.
    """

    holdings: tuple[Holding, ...]
    unmatched: tuple[tuple[int, str, tuple[str, ...]], ...]
    skipped: tuple[tuple[int, str, str], ...]
    rows: int
    matched_rows: int
    libid: str


@dataclass(frozen=True)
class _Line:
    line: int
    title: str
    issns: tuple[str, ...]
    range: Range
    open_end: bool
    embargo_months: int
    embargo_years: int
    retention: tuple[int, str] | None
    depth: str


def parse_kbart(text: str, *, libid: str,
                serial_for_issn: Callable[[str], str | None]) -> KbartFile:
    """Read a KBART file as the library's electronic holdings.

    Parameters
    ----------
    text : str
        Tab-separated KBART text with its header row (a BOM and CRLF are accepted).
    libid : str
        The library whose holdings these are.
    serial_for_issn : callable
        ``issn -> nlm_uid`` or ``None`` for an ISSN no serial has.

    Returns
    -------
    KbartFile

    Raises
    ------
    InvalidInput
        Listing every bad line as ``{"line", "field", "message"}`` (the header is line 1):
        missing columns, bad dates, bad embargo codes, a first date or volume after the last.

    Examples
    --------
    >>> text = ("publication_title\\tprint_identifier\\tonline_identifier\\t"
    ...         "date_first_issue_online\\tnum_first_vol_online\\tdate_last_issue_online\\t"
    ...         "num_last_vol_online\\tembargo_info\\n"
    ...         "JAMA\\t0098-7484\\t1538-3598\\t1998-01-07\\t279\\t\\t\\tP6M\\n")
    >>> kbart = parse_kbart(text, libid="MAUTUF", serial_for_issn={"0098-7484": "7501160"}.get)
    >>> held = kbart.holdings[0]
    >>> held.nlm_uid, held.format, held.embargo_months, held.currently_received
    ('7501160', 'ELECTRONIC', 6, True)
    >>> held.ranges == (Range("279", None, 1998, None),)
    True
    """
    header, rows = read_table(text, delimiter="\t", quoting=csv.QUOTE_NONE)
    problems = missing_columns(header, REQUIRED_COLUMNS)
    reject_if_any(problems, what=_WHAT)
    lines = [_read_line(FieldReader(line, row, problems)) for line, row in rows]
    reject_if_any(problems, what=_WHAT)
    return _assemble(lines, libid=libid.strip().upper(), serial_for_issn=serial_for_issn)


def parse_kbart_bytes(data: bytes, *, libid: str,
                      serial_for_issn: Callable[[str], str | None]) -> KbartFile:
    """:func:`parse_kbart` of UTF-8 bytes; other encodings are rejected with the bad line."""
    return parse_kbart(decode_utf8(data, what=_WHAT), libid=libid,
                       serial_for_issn=serial_for_issn)


def _read_line(fields: FieldReader) -> _Line:
    rng = Range(fields.volume("num_first_vol_online"), fields.volume("num_last_vol_online"),
                _year(fields, "date_first_issue_online"), _year(fields, "date_last_issue_online"))
    if rng.begin_year is not None and rng.end_year is not None and rng.begin_year > rng.end_year:
        fields.problem("date_last_issue_online",
                       f"first year {rng.begin_year} is after last year {rng.end_year}")
    if volumes_reversed(rng.begin_volume, rng.end_volume):
        fields.problem("num_last_vol_online",
                       f"first volume {rng.begin_volume} is after last volume {rng.end_volume}")
    (embargo_months, embargo_years), retention = _embargo(fields)
    return _Line(
        line=fields.line, title=fields.required("publication_title"), issns=_issns(fields),
        range=rng, open_end=rng.end_year is None and rng.end_volume is None,
        embargo_months=embargo_months, embargo_years=embargo_years, retention=retention,
        depth=fields.text("coverage_depth"))


def _issns(fields: FieldReader) -> tuple[str, ...]:
    """The print and online identifiers that are ISSNs (an ISBN is not an error)."""
    found = []
    for name in ("print_identifier", "online_identifier"):
        pairs = parse_issns(fields.text(name)) or []
        found.extend(issn for issn, _ in pairs)
    return tuple(dict.fromkeys(found))


def _year(fields: FieldReader, name: str) -> int | None:
    value = fields.text(name)
    found = _DATE.fullmatch(value)
    if not value:
        return None
    if found and _valid_date(found):
        return int(found[1])
    fields.problem(name, f"{value!r} is not a date like 2001-01-01 or 2001")
    return None


def _valid_date(found: re.Match) -> bool:
    month, day = int(found[3] or 1), int(found[5] or 1)
    return 1 <= month <= 12 and 1 <= day <= (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)[
        month - 1]


def _embargo(fields: FieldReader) -> tuple[tuple[int, int], tuple[int, str] | None]:
    """``((embargo months, embargo years), (retention period, type) or None)`` of
    ``embargo_info``: ``P`` is the embargo, ``R`` the limited retention (RP-9)."""
    value = fields.text("embargo_info").upper()
    codes = [_EMBARGO.fullmatch(part.strip()) for part in value.split(";") if part.strip()]
    kinds = [code[1] for code in codes if code]
    if not all(codes) or len(kinds) != len(set(kinds)):
        fields.problem("embargo_info", f"{value!r} is not an embargo like P1Y, P6M, R2Y or "
                                       "R10Y;P30D")
        return (0, 0), None
    embargo, retention = (0, 0), None
    for kind, number, unit in (code.groups() for code in codes):
        if kind == "P":
            embargo = (0, int(number)) if unit == "Y" else (_in_months(int(number), unit), 0)
        elif int(number) == 0:
            fields.problem("embargo_info", f"{value!r}: an R period must be at least 1")
        else:
            retention = (int(number), "Years") if unit == "Y" else \
                (_in_months(int(number), unit), "Months")
    for bounds, amount in ((rules.EMBARGO_MONTHS, embargo[0]), (rules.EMBARGO_YEARS, embargo[1]),
                           (rules.RETENTION_PERIOD, retention[0] if retention else 0)):
        problem = bounds.problem(amount)
        if problem:
            fields.problem("embargo_info", f"{value!r}: {problem}")
            return (0, 0), None
    return embargo, retention


def _in_months(number: int, unit: str) -> int:
    """A KBART duration in whole months, days rounded up to 30-day months."""
    return {"Y": number * 12, "M": number, "D": math.ceil(number / 30)}[unit]


def _months(retention: tuple[int, str]) -> int:
    return retention[0] * (12 if retention[1] == "Years" else 1)


def _assemble(lines: list[_Line], *, libid: str,
              serial_for_issn: Callable[[str], str | None]) -> KbartFile:
    by_uid: dict[str, list[_Line]] = {}
    unmatched, skipped = [], []
    for line in lines:
        if line.depth.lower() not in FULL_TEXT_DEPTHS:
            skipped.append((line.line, line.title, f"coverage_depth {line.depth}"))
            continue
        uid = next(filter(None, map(serial_for_issn, line.issns)), None)
        if uid is None:
            unmatched.append((line.line, line.title, line.issns))
        else:
            by_uid.setdefault(uid, []).append(line)
    return KbartFile(
        holdings=tuple(_holding(libid, uid, group) for uid, group in by_uid.items()),
        unmatched=tuple(unmatched), skipped=tuple(skipped), rows=len(lines),
        matched_rows=sum(map(len, by_uid.values())), libid=libid)


def _holding(libid: str, nlm_uid: str, lines: Iterable[_Line]) -> Holding:
    lines = list(lines)
    retentions = [line.retention for line in lines]
    longest = max(retentions, key=_months) if all(retentions) else None
    limited = {"retention_policy": "Limited Period Only", "limited_retention_period": longest[0],
               "limited_retention_type": longest[1]} if longest else {}
    return Holding(
        libid, nlm_uid, "ELECTRONIC",
        ranges=tuple(dict.fromkeys(line.range for line in lines)),
        currently_received=any(line.open_end for line in lines),
        embargo_months=max(line.embargo_months for line in lines),
        embargo_years=max(line.embargo_years for line in lines), **limited)
