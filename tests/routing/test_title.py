"""Title resolution and title changes (H4, H9, issue 11)."""

from __future__ import annotations

import pytest

from graphsvc.errors import NotFound
from graphsvc.model import Citation, Range, Serial, Skip
from graphsvc.routing import lender_sequence, related_titles, resolve_title
from tests.routing.builders import SERIAL, UID, graph, hold, lib, request

OLD, NEW = "0404511", "9918249"   # OLD (to 1998) is continued by NEW (1998-)
OLD_SERIAL = Serial(OLD, "Old title", ("1111-2222",), continued_by=NEW)
NEW_SERIAL = Serial(NEW, "New title", ("3333-444X",), continues=OLD)


@pytest.mark.parametrize("citation", [
    Citation(nlm_uid=UID), Citation(issn="0028-4793"), Citation(issn="00284793"),
    Citation(nlm_uid="9999999", issn="0028-4793"),
])
def test_h4_a_title_is_found_by_nlm_uid_or_any_issn(citation):
    assert resolve_title(graph([], serials=[SERIAL]), citation) == UID


def test_h4_issn_comparison_ignores_case_and_hyphen():
    G = graph([], serials=[SERIAL, NEW_SERIAL])
    assert resolve_title(G, Citation(issn="3333444x")) == NEW


@pytest.mark.parametrize("citation, fields", [
    (Citation(nlm_uid="9999999"), ["citation.nlm_uid"]),
    (Citation(issn="9999-9999"), ["citation.issn"]),
    (Citation(nlm_uid="9999999", issn="9999-9999"), ["citation.nlm_uid", "citation.issn"]),
    (Citation(), ["citation"]),
    (Citation(nlm_uid="ORUPAC"), ["citation.nlm_uid"]),   # a library node is not a title
])
def test_h4_an_unknown_title_is_not_found_naming_the_field(citation, fields):
    with pytest.raises(NotFound) as raised:
        resolve_title(graph([lib("ORUPAC")], serials=[SERIAL]), citation)
    assert [p["field"] for p in raised.value.problems] == fields


@pytest.fixture
def changed():
    return graph([lib("OLDHLD"), lib("NEWHLD"), lib("BOTHHL")],
                 [hold("OLDHLD", Range("1", "30", 1970, 1998), uid=OLD),
                  hold("NEWHLD", Range("1", None, 1998, None), uid=NEW),
                  hold("BOTHHL", Range("1", "30", 1970, 1998), uid=OLD),
                  hold("BOTHHL", Range("1", None, 1998, None), uid=NEW)],
                 serials=[OLD_SERIAL, NEW_SERIAL],
                 cells={1: ("OLDHLD", "NEWHLD", "BOTHHL")})


def test_h9_related_titles_go_both_ways(changed):
    assert related_titles(changed, OLD) == [NEW] and related_titles(changed, NEW) == [OLD]


def test_h9_a_holder_of_the_continuing_title_counts_for_the_old_title(changed):
    citation = Citation(nlm_uid=OLD, year=1998)
    got = lender_sequence(changed, request(citation=citation, route_to_nlm=False))
    assert set(got.libids) == {"OLDHLD", "NEWHLD", "BOTHHL"}


def test_h9_a_holder_of_the_continued_title_counts_for_the_new_title(changed):
    citation = Citation(nlm_uid=NEW, year=1985)
    got = lender_sequence(changed, request(citation=citation, route_to_nlm=False,
                                           explain=True))
    assert set(got.libids) == {"OLDHLD", "BOTHHL"}
    assert got.skipped == (Skip("NEWHLD", "CELL", "NO_HOLDINGS", 1),)


def test_h9_the_related_holding_ranges_still_apply(changed):
    citation = Citation(nlm_uid=NEW, year=2010)
    got = lender_sequence(changed, request(citation=citation, route_to_nlm=False))
    assert set(got.libids) == {"NEWHLD", "BOTHHL"}
