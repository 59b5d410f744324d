"""GET /v1/serials?q=: a title by its identifiers, abbreviations or words, ranked and paged;
the demo network knows every title of NLM's journal file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graphsvc.io.bundle import load_bundle
from graphsvc.io.generate import read_serials
from graphsvc.model import Holding, Library, Network, Range, Serial

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "seeds" / "demo.json"
J_SEQUENCE = (REPO / "../shared/data/nlm/J_Sequence.txt").resolve()

NEJM = Serial("0255562", "The New England journal of medicine", ("0028-4793", "1533-4406"),
              med_abbr="N Engl J Med", iso_abbr="N. Engl. J. Med.")
SERIALS = (
    NEJM,
    Serial("0404511", "Journal of medicine", ("0025-7125",), med_abbr="J Med",
           iso_abbr="J. Med."),
    Serial("7501160", "JAMA", ("0098-7484", "1538-3598"), med_abbr="JAMA", iso_abbr="JAMA"),
    Serial("9918000", "Medicine and science", (), med_abbr="Med Sci", iso_abbr="Med. Sci."),
)


@pytest.fixture
def loaded(store):
    libs = tuple(Library(f"ORUAA{c}", f"Library {c}", state="OR") for c in "ABC")
    held = tuple(Holding(lib.libid, "9918000", ranges=(Range("1"),)) for lib in libs) + \
        (Holding("ORUAAA", "0404511", ranges=(Range("1"),)),)
    store.import_network(Network(libraries=libs, serials=SERIALS, holdings=held))
    return store


def search(client, **query):
    response = client.get("/v1/serials", query_string=query)
    assert response.status_code == 200, response.json
    return response.json


def test_an_abbreviation_finds_its_title_first(client, loaded):
    for q in ("N Engl J Med", "n. engl. j. med.", "N ENGL J MED"):
        first = search(client, q=q)["serials"][0]
        assert (first["nlm_uid"], first["matched_by"]) == ("0255562", "ABBREVIATION")
        assert (first["med_abbr"], first["iso_abbr"]) == ("N Engl J Med", "N. Engl. J. Med.")


def test_an_issn_with_or_without_hyphen_and_an_nlm_id(client, loaded):
    assert [(s["nlm_uid"], s["matched_by"]) for s in search(client, q="15334406")["serials"]] \
        == [("0255562", "ISSN")]
    assert search(client, q="0255562")["serials"][0]["matched_by"] == "NLM_UID"


def test_words_rank_exact_abbreviation_then_more_holders_and_page(client, loaded):
    """"J Med" is the abbreviation of Journal of medicine; NEJM's has both words; Medicine
    and science has no "j" anywhere. By words, more holders first."""
    found = search(client, q="j med")
    assert [(s["nlm_uid"], s["matched_by"]) for s in found["serials"]] == [
        ("0404511", "ABBREVIATION"), ("0255562", "WORDS")]
    everything = search(client, q="medicine")
    assert everything["total"] == 3
    assert [s["nlm_uid"] for s in everything["serials"]] == ["9918000", "0404511", "0255562"]
    assert [s["holders"] for s in everything["serials"]] == [3, 1, 0]
    page = search(client, q="medicine", limit=1, offset=1)
    assert (page["total"], page["offset"], page["limit"]) == (3, 1, 1)
    assert [s["nlm_uid"] for s in page["serials"]] == ["0404511"]
    assert search(client, q="lancet") == {"q": "lancet", "total": 0, "offset": 0, "limit": 20,
                                          "serials": []}


@pytest.mark.parametrize(("query", "field"), [
    ({}, "q"), ({"q": ""}, "q"), ({"q": "jama", "limit": 0}, "limit"),
    ({"q": "jama", "offset": -1}, "offset")])
def test_bad_queries_are_422_naming_the_field(client, loaded, query, field):
    response = client.get("/v1/serials", query_string=query)
    assert response.status_code == 422
    assert response.json["errors"][0]["field"] == field


def test_the_demo_network_has_every_nlm_title_with_its_abbreviations():
    if not J_SEQUENCE.exists():
        print(f"skipped: NLM journal file {J_SEQUENCE} is absent")
        pytest.skip(f"real data absent: {J_SEQUENCE}")
    demo = load_bundle(json.loads(DEMO.read_text()))
    journals = read_serials(J_SEQUENCE)
    assert len(journals) == 7797
    by_uid = {s.nlm_uid: s for s in demo.serials}
    assert {j.nlm_uid: (j.title, j.issns, j.med_abbr, j.iso_abbr) for j in journals} == {
        uid: (by_uid[uid].title, by_uid[uid].issns, by_uid[uid].med_abbr, by_uid[uid].iso_abbr)
        for uid in (j.nlm_uid for j in journals)}
    held = {h.nlm_uid for h in demo.holdings}
    assert 300 <= len(held & set(by_uid)) < len(journals)  # a share of them is held
    assert "0255562" in held and not any(h.libid == "NCUSRC" and h.nlm_uid == "0255562"
                                         for h in demo.holdings)


def test_cli_gives_the_api_answer(client, loaded, bolt_server, monkeypatch, capsys):
    from graphsvc.cli import main

    for name, value in (("URI", bolt_server.uri), ("USER", bolt_server.auth[0]),
                        ("PASSWORD", bolt_server.auth[1]),
                        ("DATABASE", bolt_server.database or "")):
        monkeypatch.setenv(f"GRAPHSVC_NEO4J_{name}", value)
    capsys.readouterr()
    assert main(["coverage", "serials", "medicine", "--limit", "2"]) == 0
    assert json.loads(capsys.readouterr().out) == search(client, q="medicine", limit=2)
