"""DOCLINE holdings CSV (rule H3): parse a library's export/upload file, write one back.

The file is a CSV of HOLDING rows, each followed by its RANGE rows. Two real variants exist:
with a ``libid`` column (2023 exports) and without one (2025 exports). Parsing is all or
nothing: every bad line is listed in one :class:`~graphsvc.errors.InvalidInput`.

Decisions, where DOCLINE leaves a choice:

- NLM Unique IDs are written ``NLM_`` + digits + optional letters; the model keeps the part
  after ``NLM_`` (``NLM_7800552A`` -> ``"7800552A"``), as the network bundle does.
- A HOLDING with no RANGE rows is valid and gets ``ranges=()``. The real exports have such rows
  for limited-retention titles ("Latest 1 year"); the range matcher treats no ranges as Level 2
  (H5). Writing such a holding writes no RANGE rows, so it round-trips.
- A RANGE row with all four values empty becomes ``Range()`` (Level 2) and round-trips too.
  Range values on a HOLDING row (the real files leave them empty) become its first range.
- ``action`` "" or ``ADD`` adds a holding. ``DELETE`` marks the holding for removal: it goes to
  :attr:`DoclineFile.deletions` as ``(nlm_uid, format)``, never to ``holdings``, and its RANGE
  rows are checked but dropped. A DELETE and an ADD of the same title and format may share a file
  (replace); two ADDs (or two DELETEs) of one ``(nlm_uid, format)`` are an error.
- Only :data:`REQUIRED_COLUMNS` must be present; other missing columns take the model's
  defaults; unknown columns are ignored. Codes are read without regard to case.

The table reading and field checking helpers live in :mod:`graphsvc.io.tables` (shared with
:mod:`graphsvc.io.kbart`); they are re-exported here for older imports.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from graphsvc import fields as rules
from graphsvc.errors import InvalidInput, NotFound
from graphsvc.fields import volumes_reversed
from graphsvc.io.tables import (  # noqa: F401 (re-exported)
    MONTHS, FieldReader, decode_utf8, formula_safe, missing_columns, parse_issns, read_table,
    reject_if_any,
)
from graphsvc.model import Holding, Range, Serial

COLUMNS_2023 = (
    "action", "record_type", "libid", "serial_title", "nlm_unique_id", "holdings_format",
    "begin_volume", "end_volume", "begin_year", "end_year", "issns", "currently_received",
    "retention_policy", "limited_retention_period", "limited_retention_type", "embargo_period",
    "has_epub_ahead_of_print", "has_supplements", "ignore_warnings", "last_modified",
)
COLUMNS_2025 = tuple(c for c in COLUMNS_2023 if c != "libid")
REQUIRED_COLUMNS = ("record_type", "serial_title", "nlm_unique_id", "holdings_format",
                    "begin_volume", "end_volume", "begin_year", "end_year")
RANGE_COLUMNS = ("begin_volume", "end_volume", "begin_year", "end_year")

FORMATS = {"print": "PRINT", "electronic": "ELECTRONIC"}
FORMAT_LABELS = {"PRINT": "Print", "ELECTRONIC": "Electronic"}
RETENTION_POLICIES = ("Permanently Retained", "Limited Period Only")
RETENTION_TYPES = ("Years", "Months", "Editions")

_NLM_ID = re.compile(r"NLM_(\d+[A-Za-z]*)")



def docline_date(day: dt.date) -> str:
    """A date as DOCLINE writes it.

    >>> docline_date(dt.date(2024, 1, 8))
    '2024-Jan-08'
    """
    return f"{day.year:04d}-{MONTHS[day.month - 1]}-{day.day:02d}"



# ---------------------------------------------------------------- DOCLINE rows

@dataclass(frozen=True)
class DoclineFile:
    """What a DOCLINE holdings file says.

    ``holdings`` are the added holdings in file order, each with its ``issns`` cell as
    written (``issns_as_written``: type labels ``Print``, ``Electronic``, ``CD-ROM``, ...), so
    that the file can be written back as it was; ``deletions`` the ``(nlm_uid, format)`` of
    DELETE rows; ``serials`` one per title of the added holdings, from the file's title and
    ISSNs (the caller adds those it does not know yet).
    """

    holdings: tuple[Holding, ...]
    serials: tuple[Serial, ...]
    holding_rows: int
    range_rows: int
    libid: str | None
    deletions: tuple[tuple[str, str], ...] = ()
    lines: tuple[int, ...] = ()  # the HOLDING line of each of ``holdings``


@dataclass
class _Draft:
    """A HOLDING row being read, with the RANGE rows that follow it."""

    line: int
    action: str
    libid: str
    nlm_uid: str | None
    format: str | None
    title: str
    issns: list[tuple[str, str | None]]
    details: dict
    ranges: list[Range] = field(default_factory=list)


def parse_docline_csv(text: str, *, libid: str | None = None) -> DoclineFile:
    """Read a DOCLINE holdings CSV, all or nothing.

    Parameters
    ----------
    text : str
        The file's text (a BOM, CRLF line ends and unquoted fields are accepted).
    libid : str, optional
        The library's LIBID. Required when the file has no ``libid`` column; when both are
        given they must agree.

    Returns
    -------
    DoclineFile

    Raises
    ------
    InvalidInput
        Listing every bad line as ``{"line", "field", "message"}`` (the header is line 1).

    Examples
    --------
    >>> text = (
    ...     '"action","record_type","serial_title","nlm_unique_id","holdings_format",'
    ...     '"begin_volume","end_volume","begin_year","end_year","issns"\\n'
    ...     '"","HOLDING","JAMA","NLM_7501160","Print","","","","","0098-7484 (Print)"\\n'
    ...     '"","RANGE","","","","250","","1983",""\\n')
    >>> parsed = parse_docline_csv(text, libid="MAUTUF")
    >>> parsed.holdings[0].nlm_uid, parsed.holdings[0].ranges
    ('7501160', (Range(begin_volume='250', end_volume=None, begin_year=1983, end_year=None),))
    """
    header, rows = read_table(text)
    problems = missing_columns(header, REQUIRED_COLUMNS)
    reject_if_any(problems, what="DOCLINE holdings file")
    drafts, range_rows = _read_rows(rows, problems)
    file_libid = _resolve_libid(drafts, has_column="libid" in header, libid=libid,
                                problems=problems)
    _check_duplicates(drafts, problems)
    reject_if_any(problems, what="DOCLINE holdings file")
    return _assemble(drafts, libid=file_libid, range_rows=range_rows)


def parse_docline_bytes(data: bytes, *, libid: str | None = None) -> DoclineFile:
    """:func:`parse_docline_csv` of UTF-8 bytes (with or without BOM); other encodings are
    rejected with a problem naming the line of the first bad byte."""
    return parse_docline_csv(decode_utf8(data, what="DOCLINE holdings file"), libid=libid)


def _read_rows(rows: Iterable[tuple[int, dict]], problems: list[dict]) -> tuple[list, int]:
    drafts: list[_Draft] = []
    range_rows = 0
    for line, row in rows:
        fields = FieldReader(line, row, problems)
        kind = fields.text("record_type").upper()
        if kind == "HOLDING":
            drafts.append(_read_holding(fields))
            if any(row.get(name) for name in RANGE_COLUMNS):
                drafts[-1].ranges.append(_read_range(fields))
        elif kind == "RANGE":
            range_rows += 1
            rng = _read_range(fields)
            if drafts:
                drafts[-1].ranges.append(rng)
            else:
                fields.problem("record_type", "a RANGE row with no HOLDING row before it")
        else:
            fields.problem("record_type", f"record type {kind!r} is not HOLDING or RANGE")
    return drafts, range_rows


def _read_holding(fields: FieldReader) -> _Draft:
    uid_text = fields.required("nlm_unique_id")
    nlm_id = _NLM_ID.fullmatch(uid_text)
    if uid_text and not nlm_id:
        fields.problem("nlm_unique_id", f"{uid_text!r} is not an NLM ID like NLM_9508191")
    issns = parse_issns(fields.text("issns"))
    if issns is None:
        fields.problem("issns", f"{fields.text('issns')!r} is not a list like "
                                "'1079-0713 (Print), 1538-9812 (Electronic)'")
    fmt = fields.required("holdings_format") and fields.choice("holdings_format", FORMATS)
    return _Draft(
        line=fields.line, action=fields.choice("action", {"add": "ADD", "delete": "DELETE"}, "ADD"),
        libid=fields.text("libid").upper(), nlm_uid=nlm_id[1].upper() if nlm_id else None,
        format=fmt or None, title=fields.text("serial_title"), issns=issns or [],
        details={**_read_details(fields), "issns_as_written": fields.text("issns")})


def _read_details(fields: FieldReader) -> dict:
    """The holding's attributes other than its key and ranges, as Holding keywords."""
    policy = fields.choice("retention_policy", RETENTION_POLICIES, "Permanently Retained")
    period = fields.integer("limited_retention_period", default=0,
                            bounds=rules.RETENTION_PERIOD)
    if policy == "Limited Period Only" and fields.text("limited_retention_period") in {"", "0"}:
        fields.problem("limited_retention_period", "a limited retention needs a period >= 1")
    return {
        "currently_received": fields.yes_no("currently_received"),
        "embargo_months": fields.integer("embargo_period", default=0,
                                         bounds=rules.EMBARGO_MONTHS),
        "last_modified": fields.date("last_modified"),
        "retention_policy": policy,
        "limited_retention_period": period,
        "limited_retention_type": fields.choice("limited_retention_type", RETENTION_TYPES,
                                                "Years"),
        "has_epub_ahead_of_print": fields.yes_no("has_epub_ahead_of_print"),
        "has_supplements": fields.yes_no("has_supplements"),
        "ignore_warnings": fields.yes_no("ignore_warnings"),
    }


def _read_range(fields: FieldReader) -> Range:
    rng = Range(fields.volume("begin_volume"), fields.volume("end_volume"),
                fields.integer("begin_year", bounds=rules.YEAR),
                fields.integer("end_year", bounds=rules.YEAR))
    if rng.begin_year is not None and rng.end_year is not None and rng.begin_year > rng.end_year:
        fields.problem("end_year", f"begin year {rng.begin_year} is after end year {rng.end_year}")
    if volumes_reversed(rng.begin_volume, rng.end_volume):
        fields.problem("end_volume", f"begin volume {rng.begin_volume} is after end volume "
                                     f"{rng.end_volume}")
    return rng


def _resolve_libid(drafts: list[_Draft], *, has_column: bool, libid: str | None,
                   problems: list[dict]) -> str | None:
    """The one LIBID of the file; sets it on every draft and records each disagreement."""
    given = libid.strip().upper() if libid else None
    if not has_column and given is None:
        problems.append({"line": 1, "field": "libid",
                         "message": "the file has no libid column: give the library's LIBID"})
        return None
    chosen, source = given, "the LIBID given"
    for draft in drafts:
        value = draft.libid or given
        if not value:
            problems.append({"line": draft.line, "field": "libid", "message": "libid is empty"})
        elif chosen is None:
            chosen, source = value, f"line {draft.line}"
        elif value != chosen:
            problems.append({"line": draft.line, "field": "libid",
                             "message": f"libid {value!r} differs from {chosen!r} ({source})"})
        draft.libid = value or ""
    return chosen


def _check_duplicates(drafts: list[_Draft], problems: list[dict]) -> None:
    first_line: dict[tuple, int] = {}
    for draft in drafts:
        if draft.nlm_uid is None or draft.format is None:
            continue
        key = (draft.action, draft.nlm_uid, draft.format)
        if key in first_line:
            label = FORMAT_LABELS[draft.format]
            problems.append({"line": draft.line, "field": "nlm_unique_id", "message": (
                f"a second {draft.action} HOLDING for NLM_{draft.nlm_uid} {label} "
                f"(first on line {first_line[key]})")})
        else:
            first_line[key] = draft.line


def _assemble(drafts: list[_Draft], *, libid: str | None, range_rows: int) -> DoclineFile:
    added = [d for d in drafts if d.action == "ADD"]
    serials: dict[str, Serial] = {}
    for draft in added:
        if draft.title and draft.nlm_uid not in serials:
            issns = tuple(dict.fromkeys(issn for issn, _ in draft.issns))
            serials[draft.nlm_uid] = Serial(draft.nlm_uid, draft.title, issns)
    return DoclineFile(
        holdings=tuple(Holding(d.libid, d.nlm_uid, d.format, tuple(d.ranges), **d.details)
                       for d in added),
        serials=tuple(serials.values()), holding_rows=len(drafts), range_rows=range_rows,
        libid=libid,
        deletions=tuple((d.nlm_uid, d.format) for d in drafts if d.action == "DELETE"),
        lines=tuple(d.line for d in added))


# ---------------------------------------------------------------- writing

def write_docline_csv(holdings: Iterable[Holding], serials_by_uid: Mapping[str, Serial], *,
                      libid_column: bool = True) -> str:
    """One library's holdings as a DOCLINE holdings CSV, in the layout of the real exports.

    Every field is quoted; HOLDING rows are sorted by title then format, each followed by its
    RANGE rows. A holding's ISSNs are written as its file gave them (``issns_as_written``,
    type labels included: NLM's record may have changed since, but the file is the
    library's); otherwise the serial's, the first as Print and the second as Electronic.

    Parameters
    ----------
    holdings : iterable of Holding
        All of one library.
    serials_by_uid : mapping of str to Serial
        The title and ISSNs of each holding's serial.
    libid_column : bool
        Write the 2023 layout (with ``libid``) or the 2025 one (without).

    Raises
    ------
    InvalidInput
        When the holdings belong to several libraries.
    NotFound
        When a holding's serial is not in ``serials_by_uid``.

    Examples
    --------
    >>> jama = Serial("7501160", "JAMA", ("0098-7484", "1538-3598"))
    >>> held = Holding("MAUTUF", "7501160", "PRINT", (Range("250", None, 1983, None),))
    >>> lines = write_docline_csv([held], {"7501160": jama}).splitlines()
    >>> lines[1][:92]
    '"","HOLDING","MAUTUF","JAMA","NLM_7501160","Print","","","","","0098-7484 (Print), 1538-3598'
    >>> lines[2]
    '"","RANGE","","","","","250","","1983","","","","","","","","","","",""'
    """
    holdings = list(holdings)
    libids = sorted({h.libid for h in holdings})
    if len(libids) > 1:
        msg = f"A DOCLINE holdings file holds one library's holdings, not {', '.join(libids)}"
        raise InvalidInput(msg, problems=[{"field": "libid", "message": msg}])
    columns = COLUMNS_2023 if libid_column else COLUMNS_2025
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writerow(columns)
    serial_of = {h.nlm_uid: _serial_of(h, serials_by_uid) for h in holdings}
    for holding in sorted(holdings, key=lambda h: (serial_of[h.nlm_uid].title.casefold(),
                                                   FORMAT_LABELS[h.format], h.nlm_uid)):
        row = _holding_row(holding, serial_of[holding.nlm_uid])
        writer.writerow([formula_safe(row.get(name, "")) for name in columns])
        for rng in holding.ranges:
            writer.writerow([formula_safe(_range_row(rng).get(name, "")) for name in columns])
    return out.getvalue()


def _serial_of(holding: Holding, serials_by_uid: Mapping[str, Serial]) -> Serial:
    if holding.nlm_uid not in serials_by_uid:
        msg = f"No serial {holding.nlm_uid} for the holding of {holding.libid}"
        raise NotFound(msg)
    return serials_by_uid[holding.nlm_uid]


def format_issns(issns: Iterable[str], as_written: str = "") -> str:
    """ISSNs as DOCLINE writes them: ``as_written`` (the ``issns`` cell of the file the
    holding came from) as it was, else the serial's, the first as Print and the second as
    Electronic.

    >>> format_issns(["0028-4793", "1533-4406"])
    '0028-4793 (Print), 1533-4406 (Electronic)'
    >>> format_issns(["0278-5846"], "0278-5846 (Electronic)")
    '0278-5846 (Electronic)'
    >>> format_issns(["1040-2446"], "1040-2446 (Print), 1040-2446 (Electronic)")
    '1040-2446 (Print), 1040-2446 (Electronic)'
    """
    if as_written:
        return as_written
    return ", ".join(f"{issn} ({kind})" if kind else issn for issn, kind in (
        (issn, ("Print", "Electronic", None)[min(position, 2)])
        for position, issn in enumerate(list(issns))))


def _yes_no(flag: bool) -> str:
    return "Yes" if flag else "No"


def _holding_row(holding: Holding, serial: Serial) -> dict:
    return {
        "record_type": "HOLDING", "libid": holding.libid, "serial_title": serial.title,
        "nlm_unique_id": f"NLM_{holding.nlm_uid}",
        "holdings_format": FORMAT_LABELS[holding.format],
        "issns": format_issns(serial.issns, holding.issns_as_written),
        "currently_received": _yes_no(holding.currently_received),
        "retention_policy": holding.retention_policy,
        "limited_retention_period": str(holding.limited_retention_period),
        "limited_retention_type": holding.limited_retention_type,
        "embargo_period": str(holding.embargo_months),
        "has_epub_ahead_of_print": _yes_no(holding.has_epub_ahead_of_print),
        "has_supplements": _yes_no(holding.has_supplements),
        "ignore_warnings": _yes_no(holding.ignore_warnings),
        "last_modified": docline_date(holding.last_modified) if holding.last_modified else "",
    }


def _range_row(rng: Range) -> dict:
    def text(value: object) -> str:
        return "" if value is None else str(value)
    return {"record_type": "RANGE", "begin_volume": text(rng.begin_volume),
            "end_volume": text(rng.end_volume), "begin_year": text(rng.begin_year),
            "end_year": text(rng.end_year)}
