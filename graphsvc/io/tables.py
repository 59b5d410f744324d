"""Reading delimited text files all or nothing: shared by the DOCLINE CSV and KBART readers.

:func:`read_table` gives ``(line, row)`` pairs with the file's own line numbers;
:class:`FieldReader` checks one row's fields, recording a problem per bad field (and carrying
on with a default) so that :func:`reject_if_any` can list every bad line at once.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Iterator, Mapping

from graphsvc import fields as rules
from graphsvc.errors import InvalidInput
from graphsvc.fields import is_whole_number

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

_ISSN = re.compile(r"(\d{4})-?(\d{3}[\dXx])(?:\s*\(([^()]*)\))?")
_DOCLINE_DATE = re.compile(r"(\d{4})-([A-Za-z]{3})-(\d{1,2})")
_MONTH_NUMBERS = {name.lower(): number for number, name in enumerate(MONTHS, 1)}


def decode_utf8(data: bytes, *, what: str = "file") -> str:
    """Text of UTF-8 ``data`` (a BOM is dropped), or InvalidInput naming the first bad line.

    >>> decode_utf8(b"\\xef\\xbb\\xbfa,b\\n")
    'a,b\\n'
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        msg = f"The {what} is UTF-16; save it as UTF-8"
        raise InvalidInput(msg, problems=[{"line": 1, "field": "encoding", "message": msg}])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        msg = (f"The {what} is not valid UTF-8 (byte 0x{data[exc.start]:02x} on line {line}); "
               "save it as UTF-8")
        raise InvalidInput(msg, problems=[{"line": line, "field": "encoding",
                                           "message": msg}]) from exc


def read_table(text: str, *, delimiter: str = ",",
               quoting: int = csv.QUOTE_MINIMAL) -> tuple[list[str], Iterator[tuple[int, dict]]]:
    """The header (lower-cased names) and ``(line, row)`` pairs of a delimited text.

    Lines are numbered as in the file, the header being line 1; blank lines are skipped.
    A BOM and CR/LF line ends are accepted. Text the csv module cannot split (a quote left
    open over a huge stretch) raises InvalidInput at the line where reading stopped.

    >>> header, rows = read_table('"a","b"\\r\\n1,2\\r\\n')
    >>> header, list(rows)
    (['a', 'b'], [(2, {'a': '1', 'b': '2'})])
    """
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""),
                        delimiter=delimiter, quoting=quoting)

    def rows() -> Iterator[tuple[int, dict]]:
        end = reader.line_num
        for values in _checked(reader):
            start, end = end + 1, reader.line_num
            if any(v.strip() for v in values):
                yield start, dict(zip(header, (v.strip() for v in values), strict=False))
    header = [name.strip().lower() for name in next(_checked(reader), [])]
    return header, rows()


def _checked(reader) -> Iterator[list[str]]:
    """The reader's rows, with csv.Error turned into InvalidInput at its line."""
    try:
        yield from reader
    except csv.Error as exc:
        msg = f"Line {reader.line_num} cannot be read as CSV: {exc} (an unclosed quote?)"
        raise InvalidInput(msg, problems=[{"line": reader.line_num, "field": "",
                                           "message": msg}]) from exc


def missing_columns(header: list[str], required: Iterable[str]) -> list[dict]:
    """One problem on line 1 per required column the header lacks."""
    return [{"line": 1, "field": name, "message": f"missing required column {name!r}"}
            for name in required if name not in header]


def reject_if_any(problems: list[dict], *, what: str) -> None:
    """Raise one InvalidInput listing every problem, by line, when there is any."""
    if problems:
        problems.sort(key=lambda p: p.get("line", 0))
        lines = sorted({p.get("line", 0) for p in problems})
        msg = f"The {what} has {len(problems)} problem(s) on {len(lines)} line(s); nothing was read"
        raise InvalidInput(msg, problems=problems)


def parse_issns(text: str) -> list[tuple[str, str | None]] | None:
    """``(issn, kind)`` pairs of an ISSN list, or ``None`` when an item is not an ISSN.

    >>> parse_issns("1079-0713 (Print), 1538-9812 (Electronic)")
    [('1079-0713', 'Print'), ('1538-9812', 'Electronic')]
    >>> parse_issns("00284793"), parse_issns("ISBN 123")
    ([('0028-4793', None)], None)
    """
    pairs = []
    for item in filter(None, (part.strip() for part in text.split(","))):
        found = _ISSN.fullmatch(item)
        if not found:
            return None
        pairs.append((f"{found[1]}-{found[2].upper()}", found[3].strip() if found[3] else None))
    return pairs


class FieldReader:
    """Reads the fields of one row, recording a problem (and returning a default) for bad ones."""

    def __init__(self, line: int, row: Mapping[str, str], problems: list[dict]):
        self.line, self.row, self.problems = line, row, problems

    def problem(self, field_name: str, message: str) -> None:
        self.problems.append({"line": self.line, "field": field_name, "message": message})

    def text(self, name: str) -> str:
        return formula_safe_read(self.row.get(name) or "")

    def required(self, name: str) -> str:
        value = self.text(name)
        if not value:
            self.problem(name, f"{name} is empty")
        return value

    def optional(self, name: str) -> str | None:
        return self.text(name) or None

    def volume(self, name: str) -> str | None:
        """A volume label; empty -> None, too long -> a problem (and None)."""
        value = self.optional(name)
        problem = value and rules.volume_problem(value)
        if problem:
            self.problem(name, problem)
            return None
        return value

    def choice(self, name: str, allowed: Mapping[str, str] | Iterable[str], default=None):
        """The canonical form of a code from ``allowed`` (case-insensitive); empty -> default."""
        value = self.text(name)
        table = allowed if isinstance(allowed, Mapping) else {a.lower(): a for a in allowed}
        if not value:
            return default
        if value.lower() not in table:
            names = table.keys() if isinstance(allowed, Mapping) else table.values()
            self.problem(name, f"{value!r} is not one of {', '.join(names)}")
            return default
        return table[value.lower()]

    def yes_no(self, name: str) -> bool:
        return self.choice(name, {"yes": True, "no": False}, default=False)

    def integer(self, name: str, *, default: int | None = None,
                bounds: rules.Bounds = rules.WHOLE) -> int | None:
        value = self.text(name)
        if not value:
            return default
        if not is_whole_number(value) or len(value) > 30:
            self.problem(name, f"{value[:40]!r} is not a whole number from {bounds.low:g} "
                               f"to {bounds.high:g}")
            return default
        problem = bounds.problem(int(value))
        if problem:
            self.problem(name, problem)
            return default
        return int(value)

    def date(self, name: str) -> dt.date | None:
        """A DOCLINE date (``2024-Jan-08``) or an ISO date; empty -> None."""
        value = self.text(name)
        try:
            return _read_date(value) if value else None
        except ValueError:
            self.problem(name, f"{value!r} is not a date like 2024-Jan-08")
            return None


def _read_date(value: str) -> dt.date:
    found = _DOCLINE_DATE.fullmatch(value)
    if not found:
        return dt.date.fromisoformat(value)
    month = _MONTH_NUMBERS.get(found[2].lower(), 0)
    return dt.date(int(found[1]), month, int(found[3]))


FORMULA_STARTS = ("=", "+", "-", "@")


def formula_safe(cell: str) -> str:
    """A cell a spreadsheet will not run as a formula: one that begins with ``=``, ``+``,
    ``-`` or ``@`` gets a leading ``'`` (which :func:`formula_safe_read` takes off again).

    >>> formula_safe("=HYPERLINK(1)"), formula_safe("12-14"), formula_safe_read("'-1")
    ("'=HYPERLINK(1)", '12-14', '-1')
    """
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def formula_safe_read(cell: str) -> str:
    """The value :func:`formula_safe` wrote."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS) else cell
