"""DOCLINE holdings CSV: the two real Tufts exports, and small literal files for each rule."""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
from collections import Counter
from pathlib import Path

import pytest

from graphsvc.errors import InvalidInput, NotFound
from graphsvc.io.docline_csv import (
    COLUMNS_2023, COLUMNS_2025, parse_docline_bytes, parse_docline_csv, write_docline_csv,
)
from graphsvc.model import Holding, Range, Serial

DATA = (Path(__file__).resolve().parents[2] / "../shared/data/docline").resolve()
FILE_2023 = DATA / "library_holdings_MAUTUF_2023-11-30.csv"
FILE_2025 = DATA / "library_holdings_MAUTUF_2025-11-09.csv"


# ---------------------------------------------------------------- builders

def row(record_type="HOLDING", **values) -> dict:
    """One row; HOLDING rows get a title, NLM ID and format unless told otherwise."""
    if record_type == "HOLDING":
        values = {"serial_title": "JAMA", "nlm_unique_id": "NLM_7501160",
                  "holdings_format": "Print", **values}
    return {"record_type": record_type, **values}


def rng(begin_volume="", end_volume="", begin_year="", end_year="", **values) -> dict:
    return row("RANGE", begin_volume=begin_volume, end_volume=end_volume,
               begin_year=begin_year, end_year=end_year, **values)


def csv_file(*rows: dict, columns=COLUMNS_2025, quote=True, newline="\n") -> str:
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL if quote else csv.QUOTE_MINIMAL,
                        lineterminator=newline)
    writer.writerow(columns)
    for values in rows:
        writer.writerow([values.get(name, "") for name in columns])
    return out.getvalue()


def problems_of(text: str, **kwargs) -> set[tuple[int, str]]:
    with pytest.raises(InvalidInput) as caught:
        parse_docline_csv(text, **kwargs)
    return {(p["line"], p["field"]) for p in caught.value.problems}


def the_holding(text: str, libid="MAUTUF") -> Holding:
    (holding,) = parse_docline_csv(text, libid=libid).holdings
    return holding


# ---------------------------------------------------------------- the real exports

def real_text(path: Path) -> str:
    if not path.exists():
        print(f"skipped: real DOCLINE export {path} is absent")
        pytest.skip(f"real data absent: {path}")
    return path.read_text(encoding="utf-8")


@functools.cache
def parsed_real(path: Path, libid: str | None):
    return parse_docline_csv(real_text(path), libid=libid)


def independent_counts(text: str) -> Counter:
    return Counter(r["record_type"] for r in csv.DictReader(io.StringIO(text, newline="")))


def blocks(text: str) -> Counter:
    """Each HOLDING line with the RANGE lines after it, as a multiset (order-free)."""
    found, lines = [], text.splitlines()
    for line in lines[1:]:
        if '"HOLDING"' in line:
            found.append([line])
        else:
            found[-1].append(line)
    return Counter(tuple(b) for b in found)


@pytest.mark.parametrize(("path", "libid"), [(FILE_2023, None), (FILE_2025, "MAUTUF")])
def test_real_export_parses_completely(path, libid):
    text = real_text(path)
    counts = independent_counts(text)
    parsed = parsed_real(path, libid)
    assert parsed.holding_rows == len(parsed.holdings) == counts["HOLDING"]
    assert parsed.range_rows == sum(len(h.ranges) for h in parsed.holdings) == counts["RANGE"]
    assert parsed.libid == "MAUTUF" and {h.libid for h in parsed.holdings} == {"MAUTUF"}
    assert len(parsed.serials) == len({h.nlm_uid for h in parsed.holdings})
    assert parsed.deletions == ()


def test_real_export_counts_match_the_readme():
    assert independent_counts(real_text(FILE_2023))["HOLDING"] == 2996
    assert independent_counts(real_text(FILE_2025))["HOLDING"] == 2965


def test_real_export_values():
    parsed = parsed_real(FILE_2025, "MAUTUF")
    held = {(h.nlm_uid, h.format): h for h in parsed.holdings}
    aacn = held[("9508191", "ELECTRONIC")]
    assert aacn.ranges == (Range(None, None, 1993, 2006),)
    assert aacn.ignore_warnings and not aacn.currently_received
    assert aacn.last_modified == dt.date(2024, 7, 17)
    assert held[("0257570", "PRINT")].ranges == (Range("1", "44", None, None),)
    biotech = held[("101565857", "ELECTRONIC")]
    assert biotech.ranges == (Range(None, None, 2011, None),) and biotech.currently_received
    serials = {s.nlm_uid: s for s in parsed.serials}
    assert serials["9508191"] == Serial("9508191", "AACN clinical issues",
                                        ("1079-0713", "1538-9812"))
    limited = [h for h in parsed.holdings if h.retention_policy == "Limited Period Only"]
    assert len(limited) == 21 and all(h.ranges == () for h in limited)
    assert {h.limited_retention_period for h in limited} == {1, 2, 5}
    assert held[("9315043", "PRINT")].limited_retention_type == "Months"


@pytest.mark.parametrize(("path", "libid"), [(FILE_2023, None), (FILE_2025, "MAUTUF")])
def test_real_export_write_then_parse_gives_the_same_holdings(path, libid):
    text = real_text(path)
    parsed = parsed_real(path, libid)
    written = write_docline_csv(parsed.holdings, {s.nlm_uid: s for s in parsed.serials},
                                libid_column=libid is None)
    again = parse_docline_csv(written, libid=libid)
    assert set(again.holdings) == set(parsed.holdings)
    assert len(again.holdings) == len(parsed.holdings)
    assert written.splitlines()[0] == text.splitlines()[0]
    assert blocks(written) == blocks(text)


def test_real_2023_export_written_without_libid_column():
    parsed = parsed_real(FILE_2023, None)
    written = write_docline_csv(parsed.holdings, {s.nlm_uid: s for s in parsed.serials},
                                libid_column=False)
    assert written.splitlines()[0] == ",".join(f'"{c}"' for c in COLUMNS_2025)
    assert set(parse_docline_csv(written, libid="MAUTUF").holdings) == set(parsed.holdings)


# ---------------------------------------------------------------- good files

def test_bom_crlf_and_unquoted_fields_are_accepted():
    text = "\ufeff" + csv_file(row(), rng("1", "5"), quote=False, newline="\r\n")
    assert "\r\n" in text and '"' not in text
    assert the_holding(text).ranges == (Range("1", "5", None, None),)


def test_bytes_with_bom_are_accepted():
    data = b"\xef\xbb\xbf" + csv_file(row(), rng(begin_year="1990")).encode()
    assert parse_docline_bytes(data, libid="MAUTUF").holdings[0].ranges == \
        (Range(None, None, 1990, None),)


@pytest.mark.parametrize(("values", "expected"), [
    (("250", "", "1983", ""), Range("250", None, 1983, None)),       # open-ended
    (("1", "44", "", ""), Range("1", "44", None, None)),            # volume only
    (("", "", "1995", "1999"), Range(None, None, 1995, 1999)),      # year only
    (("16 Suppl", "20", "", ""), Range("16 Suppl", "20", None, None)),
    (("", "", "", ""), Range()),                                    # Level 2
])
def test_range_kinds(values, expected):
    assert the_holding(csv_file(row(), rng(*values))).ranges == (expected,)


def test_several_ranges_per_holding_keep_their_order():
    text = csv_file(row(), rng(begin_year="1986", end_year="1998"),
                    rng(begin_year="2000", end_year="2009"), rng("40", ""))
    assert the_holding(text).ranges == (Range(None, None, 1986, 1998),
                                        Range(None, None, 2000, 2009), Range("40", None))


def test_print_and_electronic_of_one_title_are_two_holdings_and_one_serial():
    text = csv_file(row(holdings_format="Electronic", issns="0098-7484 (Print), "
                        "1538-3598 (Electronic)"), rng(begin_year="1998"),
                    row(holdings_format="Print"), rng("1", "200"))
    parsed = parse_docline_csv(text, libid="mautuf")
    assert [(h.libid, h.nlm_uid, h.format) for h in parsed.holdings] == [
        ("MAUTUF", "7501160", "ELECTRONIC"), ("MAUTUF", "7501160", "PRINT")]
    assert parsed.serials == (Serial("7501160", "JAMA", ("0098-7484", "1538-3598")),)


def test_holding_attributes():
    text = csv_file(row(holdings_format="electronic", embargo_period="12",
                        currently_received="Yes", has_epub_ahead_of_print="yes",
                        has_supplements="Yes", ignore_warnings="No",
                        last_modified="2024-Jan-08"), rng(begin_year="2001"))
    holding = the_holding(text)
    assert (holding.format, holding.embargo_months, holding.last_modified) == \
        ("ELECTRONIC", 12, dt.date(2024, 1, 8))
    assert holding.currently_received and holding.has_epub_ahead_of_print
    assert holding.has_supplements and not holding.ignore_warnings


def test_limited_retention_without_ranges_round_trips():
    text = csv_file(row(retention_policy="Limited Period Only", limited_retention_period="2",
                        limited_retention_type="Years", currently_received="Yes"))
    holding = the_holding(text)
    assert (holding.retention_policy, holding.limited_retention_period, holding.ranges) == \
        ("Limited Period Only", 2, ())
    written = write_docline_csv([holding], {"7501160": Serial("7501160", "JAMA")},
                                libid_column=False)
    assert len(written.splitlines()) == 2
    assert parse_docline_csv(written, libid="MAUTUF").holdings == (holding,)


def test_delete_rows_are_deletions_not_holdings():
    text = csv_file(row(action="DELETE", holdings_format="Electronic"),
                    row(action="ADD"), rng("1", "9"),
                    row(action="delete"), columns=COLUMNS_2025)
    parsed = parse_docline_csv(text, libid="MAUTUF")
    assert parsed.deletions == (("7501160", "ELECTRONIC"), ("7501160", "PRINT"))
    assert [(h.format, h.ranges) for h in parsed.holdings] == [("PRINT", (Range("1", "9"),))]
    assert parsed.holding_rows == 3


def test_libid_column_and_argument_agree():
    text = csv_file(row(libid="MAUTUF"), rng("1"), columns=COLUMNS_2023)
    assert parse_docline_csv(text).libid == "MAUTUF"
    assert parse_docline_csv(text, libid="MAUTUF").holdings[0].libid == "MAUTUF"


# ---------------------------------------------------------------- bad files

def test_missing_required_columns_are_named():
    columns = tuple(c for c in COLUMNS_2025 if c not in {"nlm_unique_id", "begin_year"})
    with pytest.raises(InvalidInput) as caught:
        parse_docline_csv(csv_file(row(), columns=columns), libid="MAUTUF")
    assert {(p["line"], p["field"]) for p in caught.value.problems} == \
        {(1, "nlm_unique_id"), (1, "begin_year")}
    assert "nlm_unique_id" in caught.value.problems[0]["message"] + \
        caught.value.problems[1]["message"]


def test_empty_text_lacks_every_required_column():
    assert (1, "record_type") in problems_of("", libid="MAUTUF")


@pytest.mark.parametrize(("rows", "expected"), [
    ([rng("1", "2"), row(), rng("1")], {(2, "record_type")}),
    ([row(), rng(begin_year="2001", end_year="1999")], {(3, "end_year")}),
    ([row(), rng("12", "3")], {(3, "end_volume")}),
    ([row(holdings_format="CD-ROM"), rng("1")], {(2, "holdings_format")}),
    ([row(holdings_format=""), rng("1")], {(2, "holdings_format")}),
    ([row(nlm_unique_id="9508191"), rng("1")], {(2, "nlm_unique_id")}),
    ([row(nlm_unique_id="NLM_95A0"), rng("1")], {(2, "nlm_unique_id")}),
    ([row(nlm_unique_id="NLM_"), rng("1")], {(2, "nlm_unique_id")}),
    ([row(), row("ITEM"), rng("1")], {(3, "record_type")}),
    ([row(), rng(begin_year="1995a")], {(3, "begin_year")}),
    ([row(), rng(end_year="-1")], {(3, "end_year")}),
    ([row(), rng(end_year="²")], {(3, "end_year")}),
    ([row(embargo_period="six"), rng("1")], {(2, "embargo_period")}),
    ([row(last_modified="2024-Foo-08"), rng("1")], {(2, "last_modified")}),
    ([row(last_modified="2024-Feb-30"), rng("1")], {(2, "last_modified")}),
    ([row(last_modified="08/01/2024"), rng("1")], {(2, "last_modified")}),
    ([row(currently_received="Y"), rng("1")], {(2, "currently_received")}),
    ([row(ignore_warnings="maybe"), rng("1")], {(2, "ignore_warnings")}),
    ([row(action="UPDATE"), rng("1")], {(2, "action")}),
    ([row(issns="1079-0713 (Print), ISBN 12"), rng("1")], {(2, "issns")}),
    ([row(retention_policy="Limited Period Only", limited_retention_period="0")],
     {(2, "limited_retention_period")}),
    ([row(retention_policy="Sometimes")], {(2, "retention_policy")}),
    ([row(), rng("1"), row(holdings_format="print"), rng("2")], {(4, "nlm_unique_id")}),
])
def test_each_bad_row_kind_is_listed_with_its_line(rows, expected):
    assert problems_of(csv_file(*rows), libid="MAUTUF") == expected


@pytest.mark.parametrize(("begin", "end"), [("Suppl", "2"), ("²", "1"), ("10", "9A")])
def test_non_numeric_volumes_are_not_compared(begin, end):
    assert the_holding(csv_file(row(), rng(begin, end))).ranges == (Range(begin, end),)


def test_every_bad_line_is_listed_and_nothing_is_read():
    text = csv_file(
        rng("1"),                                              # 2: no HOLDING before
        row(), rng(begin_year="2001", end_year="1990"),        # 4
        row(holdings_format="Microfilm", serial_title="B",     # 5: two bad fields
            nlm_unique_id="NLM_0000001", currently_received="Si"),
        rng("1"),
        row(serial_title="C", nlm_unique_id="NLM_0000002"), rng("x"),
        row(serial_title="D", nlm_unique_id="NLM_0000003", last_modified="yesterday"),  # 9
        row(), rng("3"))                                       # 10: duplicate of line 3
    with pytest.raises(InvalidInput) as caught:
        parse_docline_csv(text, libid="MAUTUF")
    problems = caught.value.problems
    assert [(p["line"], p["field"]) for p in problems] == [
        (2, "record_type"), (4, "end_year"), (5, "holdings_format"),
        (5, "currently_received"), (9, "last_modified"), (10, "nlm_unique_id")]
    assert all(p["message"] for p in problems)
    assert "line 3" in problems[-1]["message"]


def test_line_numbers_count_blank_and_multiline_records():
    text = csv_file(row(serial_title="Two\nlines"), rng("1"), rng("9", "2"))
    text = text.replace('\n"","RANGE"', '\n\n"","RANGE"', 1)
    assert problems_of(text, libid="MAUTUF") == {(6, "end_volume")}


def test_an_unclosed_quote_is_refused_not_crashed():
    text = csv_file(row(), rng("1")) + '"","HOLDING","' + "x" * 200_000 + "\n"
    with pytest.raises(InvalidInput) as caught:
        parse_docline_csv(text, libid="MAUTUF")
    assert caught.value.problems[0]["line"] >= 4


def test_libid_required_when_the_file_has_none():
    assert problems_of(csv_file(row(), rng("1"))) == {(1, "libid")}


def test_libid_that_differs_between_rows_or_from_the_argument():
    text = csv_file(row(libid="MAUTUF"), rng("1"),
                    row(libid="MAUXYZ", holdings_format="Electronic"), rng("1"),
                    row(libid="", serial_title="B", nlm_unique_id="NLM_1"), rng("1"),
                    columns=COLUMNS_2023)
    assert problems_of(text) == {(4, "libid"), (6, "libid")}
    assert problems_of(text, libid="MAUXYZ") == {(2, "libid")}


def test_bytes_in_another_encoding_are_refused_with_the_line():
    data = csv_file(row(), rng("1"), row(serial_title="Archiv für Virusforschung",
                                         nlm_unique_id="NLM_7506868")).encode("latin-1")
    with pytest.raises(InvalidInput) as caught:
        parse_docline_bytes(data, libid="MAUTUF")
    assert caught.value.problems == [{"line": 4, "field": "encoding",
                                      "message": caught.value.message}]
    assert "UTF-8" in caught.value.message


def test_utf16_bytes_are_refused():
    data = csv_file(row(), rng("1")).encode("utf-16")
    with pytest.raises(InvalidInput, match="UTF-16"):
        parse_docline_bytes(data, libid="MAUTUF")


# ---------------------------------------------------------------- writing

SERIALS = {"7501160": Serial("7501160", "JAMA", ("0098-7484", "1538-3598")),
           "0255562": Serial("0255562", "The New England journal of medicine",
                             ("0028-4793",))}


def test_write_sorts_by_title_then_format_each_holding_followed_by_its_ranges():
    holdings = [
        Holding("MAUTUF", "0255562", "PRINT", (Range("1", None, 1812, None),)),
        Holding("MAUTUF", "7501160", "PRINT", (Range("1", "200"), Range("210"))),
        Holding("MAUTUF", "7501160", "ELECTRONIC", (Range(None, None, 1998, None),),
                embargo_months=6, last_modified=dt.date(2025, 11, 9)),
    ]
    lines = write_docline_csv(holdings, SERIALS).splitlines()
    assert lines[0] == ",".join(f'"{c}"' for c in COLUMNS_2023)
    assert [line.split(",")[1] for line in lines[1:]] == ['"HOLDING"', '"RANGE"', '"HOLDING"',
                                                          '"RANGE"', '"RANGE"', '"HOLDING"',
                                                          '"RANGE"']
    assert lines[1] == ('"","HOLDING","MAUTUF","JAMA","NLM_7501160","Electronic","","","","",'
                        '"0098-7484 (Print), 1538-3598 (Electronic)","No",'
                        '"Permanently Retained","0","Years","6","No","No","No","2025-Nov-09"')
    assert lines[5] == '"","RANGE","","","","","210"' + ',""' * 13
    assert '"NLM_0255562","Print"' in lines[6] and '"0028-4793 (Print)"' in lines[6]
    parsed = parse_docline_csv("\n".join(lines))
    assert set(parsed.holdings) == set(holdings)


def test_write_refuses_several_libraries_and_unknown_serials():
    with pytest.raises(InvalidInput):
        write_docline_csv([Holding("A", "7501160"), Holding("B", "7501160")], SERIALS)
    with pytest.raises(NotFound):
        write_docline_csv([Holding("A", "999")], SERIALS)
