"""KBART title lists: the sample file of real medical journals, and each rule on small texts."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphsvc.errors import InvalidInput
from graphsvc.io.kbart import REQUIRED_COLUMNS, parse_kbart, parse_kbart_bytes
from graphsvc.model import Range

SAMPLE = Path(__file__).resolve().parent / "data" / "kbart_sample.txt"
J_SEQUENCE = (Path(__file__).resolve().parents[2] / "../shared/data/nlm/J_Sequence.txt").resolve()

# print and online ISSN -> NlmId, as J_Sequence.txt gives them (JMLA is left out on purpose)
CATALOG = {
    "0028-4793": "0255562", "1533-4406": "0255562", "0140-6736": "2985213R",
    "1474-547X": "2985213R", "0098-7484": "7501160", "1538-3598": "7501160",
    "0959-8138": "8900488", "1756-1833": "8900488", "0003-4819": "0372351",
    "1539-3704": "0372351", "0031-4005": "0376422", "1098-4275": "0376422",
    "0009-7322": "0147763", "1524-4539": "0147763", "1069-6563": "9418450",
    "1553-2712": "9418450", "1078-8956": "9502015", "1546-170X": "9502015",
    "0033-8419": "0401260", "1527-1315": "0401260", "0003-3022": "1300217",
    "1528-1175": "1300217", "0022-0345": "0354343", "1544-0591": "0354343",
    "0001-5172": "0370270", "1399-6576": "0370270", "0732-183X": "8309333",
    "1527-7755": "8309333",
}

COLUMNS = ("publication_title", "print_identifier", "online_identifier",
           "date_first_issue_online", "num_first_vol_online", "num_first_issue_online",
           "date_last_issue_online", "num_last_vol_online", "num_last_issue_online",
           "title_url", "first_author", "title_id", "embargo_info", "coverage_depth", "notes",
           "publisher_name")


def kbart(*lines: dict, columns=COLUMNS) -> str:
    rows = ["\t".join(columns)]
    rows += ["\t".join(line.get(name, "") for name in columns) for line in lines]
    return "\n".join(rows) + "\n"


def line(title="JAMA", issn="0098-7484", first="1998-01-07", last="", **values) -> dict:
    return {"publication_title": title, "print_identifier": issn,
            "date_first_issue_online": first, "date_last_issue_online": last, **values}


def parse(text: str):
    return parse_kbart(text, libid="mautuf", serial_for_issn=CATALOG.get)


def problems_of(text: str) -> set[tuple[int, str]]:
    with pytest.raises(InvalidInput) as caught:
        parse(text)
    return {(p["line"], p["field"]) for p in caught.value.problems}


# ---------------------------------------------------------------- the sample file

@pytest.fixture(scope="module")
def sample():
    return parse(SAMPLE.read_text(encoding="utf-8"))


def test_sample_counts(sample):
    assert (sample.rows, sample.matched_rows, sample.libid) == (17, 15, "MAUTUF")
    assert len(sample.holdings) == 13
    assert {h.format for h in sample.holdings} == {"ELECTRONIC"}
    assert {h.libid for h in sample.holdings} == {"MAUTUF"}


def test_sample_unmatched_and_skipped_are_reported(sample):
    assert sample.unmatched == ((14, "Journal of the Medical Library Association : JMLA",
                                 ("1536-5050", "1558-9439")),)
    assert sample.skipped == ((12, "Radiology", "coverage_depth abstracts"),)


def held(sample, nlm_uid):
    (holding,) = [h for h in sample.holdings if h.nlm_uid == nlm_uid]
    return holding


def test_sample_coverage_lines_become_ranges(sample):
    lancet = held(sample, "2985213R")
    assert lancet.ranges == (Range("1", "348", 1823, 1996), Range("349", None, 1997, None))
    assert lancet.currently_received and (lancet.embargo_months, lancet.embargo_years) == (0, 1)
    assert held(sample, "0255562").ranges == (Range("1", None, 1812, None),)
    assert held(sample, "0376422").ranges == (Range(None, None, 1948, 2010),)
    pediatrics = held(sample, "0376422")
    assert not pediatrics.currently_received
    assert held(sample, "0147763").ranges == (Range("1", "120", None, None),)
    assert held(sample, "9418450").ranges == (Range("1", None, 1994, None),)
    assert held(sample, "8309333").ranges == (Range("1", None, 1983, None),)


def test_sample_online_only_and_unhyphenated_issns_match(sample):
    assert held(sample, "9502015").ranges == (Range("1", None, 1995, None),)
    assert held(sample, "0370270").ranges == (Range("1", None, 1957, None),)


def test_sample_embargoes_and_limited_retention(sample):
    assert [(held(sample, uid).embargo_months, held(sample, uid).embargo_years) for uid in
            ("0255562", "7501160", "0372351", "1300217", "9418450")] == \
        [(0, 0), (6, 0), (1, 0), (12, 0), (0, 1)]
    bmj = held(sample, "8900488")
    assert (bmj.retention_policy, bmj.limited_retention_period, bmj.limited_retention_type) == \
        ("Limited Period Only", 6, "Months")
    dental = held(sample, "0354343")
    assert dental.ranges == (Range("1", "77", 1919, 1998), Range("84", None, 2005, None))
    # the 1919-1998 backfile has no R code: the title is not a limited retention
    assert (dental.embargo_years, dental.retention_policy) == (1, "Permanently Retained")
    assert held(sample, "7501160").retention_policy == "Permanently Retained"


def test_sample_issns_are_those_of_the_nlm_journal_file(sample):
    if not J_SEQUENCE.exists():
        print(f"skipped: NLM journal file {J_SEQUENCE} is absent")
        pytest.skip(f"real data absent: {J_SEQUENCE}")
    catalog, issns = {}, []
    for text in J_SEQUENCE.read_text(encoding="utf-8").splitlines():
        key, _, value = text.partition(": ")
        if key.startswith("ISSN") and value.strip():
            issns.append(value.strip())
        elif key == "NlmId":
            catalog.update(dict.fromkeys(issns, value.strip()))
            issns = []
    real = parse_kbart(SAMPLE.read_text(encoding="utf-8"), libid="MAUTUF",
                       serial_for_issn=catalog.get)
    assert set(real.holdings) == set(parse(SAMPLE.read_text(encoding="utf-8")).holdings)
    assert {k: catalog[k] for k in CATALOG} == CATALOG


# ---------------------------------------------------------------- rules on small texts

@pytest.mark.parametrize(("code", "months", "years"), [
    ("", 0, 0), ("P1Y", 0, 1), ("P6M", 6, 0), ("P30D", 1, 0), ("P31D", 2, 0), ("P0D", 0, 0),
    ("p2y", 0, 2), ("R10Y;P30D", 1, 0)])
def test_p_codes_are_embargoes(code, months, years):
    """RP-9: P is the moving wall where access ends; years are calendar years."""
    (holding,) = parse(kbart(line(embargo_info=code))).holdings
    assert (holding.embargo_months, holding.embargo_years) == (months, years)


@pytest.mark.parametrize(("code", "retention"), [
    ("R6M", (6, "Months")), ("R2Y", (2, "Years")), ("R45D", (2, "Months")),
    ("P1Y;R5Y", (5, "Years")), ("R10Y;P30D", (10, "Years"))])
def test_r_codes_are_limited_retention(code, retention):
    """RP-9: R is the moving wall where access begins (R2Y: this year and last year)."""
    (holding,) = parse(kbart(line(embargo_info=code))).holdings
    assert holding.retention_policy == "Limited Period Only"
    assert (holding.limited_retention_period, holding.limited_retention_type) == retention


def test_several_lines_of_a_title_take_the_longest_embargo_and_retention():
    text = kbart(line(first="1990", last="1999", embargo_info="R1Y"),
                 line(first="2000", embargo_info="P6M;R2Y"),
                 line(issn="1538-3598", first="2000", embargo_info="P3M;R18M"))
    (holding,) = parse(text).holdings
    assert holding.ranges == (Range(None, None, 1990, 1999), Range(None, None, 2000, None))
    assert (holding.embargo_months, holding.limited_retention_period,
            holding.limited_retention_type) == (6, 2, "Years")


def test_a_title_with_an_unlimited_line_is_not_a_limited_retention():
    (holding,) = parse(kbart(line(first="1990", last="1999"),
                             line(first="2000", embargo_info="R2Y"))).holdings
    assert holding.retention_policy == "Permanently Retained"


def test_isbn_identifiers_are_unmatched_not_errors():
    text = kbart(line(title="Harrison's", issn="978-1-26-426850-4"))
    parsed = parse(text)
    assert parsed.holdings == () and parsed.unmatched == ((2, "Harrison's", ()),)


def test_bom_crlf_and_bytes():
    text = "\ufeff" + kbart(line()).replace("\n", "\r\n")
    assert parse(text).holdings[0].ranges == (Range(None, None, 1998, None),)
    data = kbart(line(title="Acta für Medizin")).encode("latin-1")
    with pytest.raises(InvalidInput, match="UTF-8") as caught:
        parse_kbart_bytes(data, libid="MAUTUF", serial_for_issn=CATALOG.get)
    assert caught.value.problems[0]["line"] == 2


def test_missing_required_columns_are_named():
    columns = tuple(c for c in COLUMNS if c not in {"embargo_info", "online_identifier"})
    assert problems_of(kbart(line(), columns=columns)) == \
        {(1, "embargo_info"), (1, "online_identifier")}
    assert set(REQUIRED_COLUMNS) <= set(COLUMNS)


@pytest.mark.parametrize(("values", "expected"), [
    ({"first": "01/07/1998"}, {(2, "date_first_issue_online")}),
    ({"first": "1998-13-01"}, {(2, "date_first_issue_online")}),
    ({"last": "1998-02-30"}, {(2, "date_last_issue_online")}),
    ({"first": "2001", "last": "1999"}, {(2, "date_last_issue_online")}),
    ({"num_first_vol_online": "12", "num_last_vol_online": "3"}, {(2, "num_last_vol_online")}),
    ({"embargo_info": "1Y"}, {(2, "embargo_info")}),
    ({"embargo_info": "R1W"}, {(2, "embargo_info")}),
    ({"embargo_info": "R1Y;R2Y"}, {(2, "embargo_info")}),
    ({"embargo_info": "R0Y"}, {(2, "embargo_info")}),
    ({"embargo_info": "P1Y;P2Y"}, {(2, "embargo_info")}),
    ({"title": ""}, {(2, "publication_title")}),
])
def test_each_bad_line_kind(values, expected):
    assert problems_of(kbart(line(**values))) == expected


def test_every_bad_line_is_listed():
    text = kbart(line(), line(first="x"), line(), line(embargo_info="R"),
                 line(first="2010", last="2000", embargo_info="Q1Y"))
    assert problems_of(text) == {(3, "date_first_issue_online"), (5, "embargo_info"),
                                 (6, "date_last_issue_online"), (6, "embargo_info")}
