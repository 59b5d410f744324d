"""Citation cleaning on the messy forms found in the real ILL logs (Pacific, OHSU)."""

from __future__ import annotations

import datetime as dt

import pytest

from graphsvc.io.citations import (
    CitationFields, find_by_title, issn_check_digit_ok, main_title, normalise_title,
    openurl_citation, parse_issns, parse_volume, parse_year, title_index,
)


@pytest.mark.parametrize("text, issns", [
    ("0032-3896 ", ["0032-3896"]),                      # trailing space
    ("22138587", ["2213-8587"]),                        # no hyphen
    ("1525-5794; 1550-512X", ["1525-5794", "1550-512X"]),
    ("2168-6114 2168-6106", ["2168-6114", "2168-6106"]),
    ("0010-485X 1436-5057", ["0010-485X", "1436-5057"]),
    ("0303-691x", ["0303-691X"]),
    ("ISSN Print 0887-6177", ["0887-6177"]),
    ("ISSN: ISSN-1047-7942", ["1047-7942"]),
    ("0951-8398 (print), 1", ["0951-8398"]),
    ("1535-0770, 1535-0770", ["1535-0770"]),
    (22138587.0, ["2213-8587"]),                        # a number in a spreadsheet cell
    ("978-1-58603-454-2 ", []),                         # ISBN-13
    ("0-415-17012-5", []),                              # ISBN-10
    ("0761928901 ", []),
    ("9788875873264 ", []),
    ("DOI:10.1300/J172v06n", []),
    ("2748440 = PMID", []),
    ("Unknown", []),
    (None, []),
])
def test_parse_issns(text, issns):
    assert parse_issns(text) == issns


def test_check_digit():
    assert issn_check_digit_ok("1550-512X") and issn_check_digit_ok("0028-4793")
    assert not issn_check_digit_ok("1550-5121")


@pytest.mark.parametrize("value, year", [
    ("2015-04-01", 2015), ("9 2016", 2016), ("2017 ", 2017), (" 2012", 2012),
    ("198310", 1983), ("19970601", 1997), ("2004-5", 2004), ("1980, March", 1980),
    ("18-20 July 2016", 2016), ("03/2017", 2017), ("1/1/2014", 2014), ("01-01-1931", 1931),
    ("12-2016", 2016), ("n/a 2004", 2004), ("Summer 2016", 2016), ("2016 Jul-Aug", 2016),
    ("2017 May - Jun ; Epub 2017 Apr", 2017), (2017.0, 2017), (2016, 2016),
    (dt.datetime(2017, 1, 18), 2017), ("EPUB", None), ("", None), (None, None),
    ("1234", None), ("2345", None),
])
def test_parse_year(value, year):
    assert parse_year(value) == year


@pytest.mark.parametrize("value, volume", [
    ("16 Suppl 2", "16 Suppl 2"), ("36 Suppl 2", "36 Suppl 2"), ("46 suppl. 1", "46 Suppl 1"),
    (" 76", "76"), ("462 ", "462"), ("48 ", "48"), (25.0, "25"), (4, "4"),
    ("63(3), 827-834", "63"), ("30(1)", "30"), ("27(2):141-6", "27"), ("95-B", "95"),
    ("v25 n2 (201002): 208-212", "25"), ("v121 n2 (2003): 145-158", "121"),
    ("2016 Apr; 51(4): 728-47", "51"), ("2016 Sep 15; 202: 67-86", "202"),
    ("1982-1983; 17(1): 37-49", "17"), ("VOLUME IV", "4"), ("LXX (70)", "70"),
    ("EPUB", None), ("epub ahead of print", None), ("Epub", None), ("n/a", None),
    ("na", None), ("N/A", None), ("-", None), ("online", None), ("Published online", None),
    ("Preprint", None), ("FEB 16", None), ("September 1", None), ("Jun/July", None),
    ("1 december 2016", None), ("2017 Mar 24 ", None), ("May 5 2017", None),
    ("Part 3, Issue 11", None), ("201524982 DOI: 10.1073/pnas.15", None),
    ("pii: S1934-1482(16)30189-7", None), ("1471301216673455v1-14713012166", None),
    (dt.datetime(2017, 1, 4), None), (42753.0, None), (None, None), ("One", None),
])
def test_parse_volume(value, volume):
    assert parse_volume(value) == volume


@pytest.mark.parametrize("cited, nlm", [
    ("Polymer journal.", "Polymer journal"),
    ("The journal of antimicrobial chemotherapy.", "The Journal of antimicrobial chemotherapy"),
    ("Journal of sport & exercise psychology.", "Journal of sport and exercise psychology"),
    ("Revista médico-chirurgicala.", "Revista medico-chirurgicala"),
    ("Global health informatics education /", "Global health informatics education"),
    ("  NeuroRehabilitation. ", "NeuroRehabilitation"),
])
def test_normalised_titles_compare_equal(cited, nlm):
    assert normalise_title(cited) == normalise_title(nlm)


def test_main_title_drops_subtitles_and_qualifiers():
    assert main_title("Brain impairment : a multidisciplinary journal of the Australian "
                      "Society for the Study of Brain Impairment.") == "Brain impairment"
    assert main_title("Archives of ophthalmology (Chicago, Ill. : 1960)") == \
        "Archives of ophthalmology"
    assert main_title("Akwe:kon = All of us : a journal of indigenous issues.") == "Akwe:kon"


def test_title_lookup_prefers_the_whole_title_and_reports_ambiguity():
    index = title_index([
        ("0001", "European journal of sport science : EJSS : official journal of the ECSS"),
        ("0002", "Archives of ophthalmology (Chicago, Ill. : 1960)"),
        ("0003", "Archives of ophthalmology (Chicago, Ill. : 1929)"),
        ("0004", "Brain : a journal of neurology"), ("0005", "Brain"),
    ])
    cited = "European journal of sport science : the official journal of the ECSS."
    assert find_by_title(index, cited) == ["0001"]
    assert find_by_title(index, "Archives of ophthalmology (Chicago, Ill. : 1960)") == ["0002"]
    assert find_by_title(index, "Archives of ophthalmology.") == ["0002", "0003"]
    assert find_by_title(index, "Brain : a journal of neurology") == ["0004"]
    assert find_by_title(index, "Brain.") == ["0004", "0005"]
    assert find_by_title(index, "中国康复理论与实践") == []


def test_openurl_1_0_citation():
    fields, problems = openurl_citation({
        "url_ver": "Z39.88-2004", "rft.genre": "article", "rft.issn": "1525-5794",
        "rft.eissn": "1550512x", "rft.jtitle": "The health care manager.",
        "rft.date": "2015-04-01", "rft.volume": "34", "rft_id": ["info:doi/10.1097/x",
                                                                  "info:pmid/25906288"]})
    assert problems == []
    assert fields == CitationFields(("1525-5794", "1550-512X"), "The health care manager.",
                                    2015, "34", "25906288")


def test_openurl_0_1_citation():
    fields, problems = openurl_citation({"issn": "00284793", "date": "9 2016",
                                         "volume": "16 Suppl 2", "id": "pmid:123"})
    assert problems == []
    assert fields == CitationFields(("0028-4793",), None, 2016, "16 Suppl 2", "123")


def test_openurl_falls_back_to_the_next_usable_value():
    fields, problems = openurl_citation({"rft.date": "EPUB", "date": "2016 Nov 1",
                                         "rft.volume": "epub", "rft.jtitle": "Spine."})
    assert problems == [] and fields.year == 2016 and fields.volume is None


@pytest.mark.parametrize("params, field, words", [
    ({"rft.date": "2015"}, "rft.issn", "give rft.issn, rft.eissn or rft.jtitle"),
    ({"rft.issn": "978-1-58603-454-2", "rft.date": "2015"}, "rft.issn", "holds no ISSN"),
    ({"rft.issn": "0028-4793"}, "rft.date", "give rft.date or rft.volume"),
    ({"rft.issn": "0028-4793", "rft.date": "EPUB", "rft.volume": "n/a"}, "rft.date",
     "'EPUB', 'n/a'"),
    ({"rft.issn": "0028-4793", "rft.date": "2015", "rft_id": "info:pmid/abc"}, "rft_id",
     "not a PubMed ID"),
])
def test_openurl_problems_say_what_is_missing(params, field, words):
    _, problems = openurl_citation(params)
    assert [p["field"] for p in problems] == [field]
    assert words in problems[0]["message"]
