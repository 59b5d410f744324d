"""Reading ILL logs in their real layouts and replaying them, on a small literal network."""

from __future__ import annotations

import csv
import datetime as dt
import json

import pytest

from graphsvc.cli import main
from graphsvc.io.citations import openurl_citation
from graphsvc.model import Holding, Library, Network, Range, Region, RoutingTable, Serial
from graphsvc.services import replay
from graphsvc.store.neo4j import delete_everything

EMAIL = ("EMAIL_PDF",)
AT = dt.datetime(2026, 11, 24, 10, tzinfo=dt.timezone(dt.timedelta(hours=-8)))

OHSU_HEADER = ["DOI", "Randon # Generator", " Journal Title", " Journal Volume",
               " Journal Issue", " Journal Year", " Journal Inclusive Pages", " Article Author",
               " Article Title", "ISSN", "Creation Date", "Status"]


def ohsu_row(title, volume, year, issn):
    return ["10.1/x", "6", title, volume, "4", year, "1-2", "", "An article", issn,
            "42552.73", "OHSUStudent"]


def network() -> Network:
    libraries = (Library("ORUPAC", "Pacific", state="OR", delivery_methods=EMAIL),
                 Library("ORUOHS", "OHSU", state="OR", delivery_methods=EMAIL),
                 Library("WAUMAN", "With a manual map", state="WA", delivery_methods=EMAIL),
                 Library("MDUNLM", "NLM", type="NLM", state="MD", delivery_methods=EMAIL))
    serials = (Serial("0255562", "The New England journal of medicine",
                      ("0028-4793", "1533-4406")),
               Serial("100895536", "The health care manager", ("1525-5794", "1550-512X")),
               Serial("0370534", "Brain : a journal of neurology", ("0006-8950",)),
               Serial("0370535", "Brain (Basel)"),
               Serial("9102982", "Biological mass spectrometry", ("1096-9888",)),
               Serial("9504818", "Journal of mass spectrometry : JMS", ("1096-9888",)))
    holdings = (Holding("ORUOHS", "0255562", ranges=(Range("1", None, 1928, None),)),)
    return Network(regions=(Region("5", "Region 5", ("OR", "WA"), None),),
                   libraries=libraries, serials=serials, holdings=holdings,
                   routing_tables=(RoutingTable("ORUPAC", {1: ("ORUOHS",)}),
                                   RoutingTable("WAUMAN", {1: ("ORUOHS",)},
                                                manual_map=("ORUOHS",))))


@pytest.fixture(scope="module")
def loaded(session_store):
    """One import for the module: replays only read."""
    delete_everything(session_store)
    session_store.import_network(network())
    return session_store


@pytest.fixture
def ohsu_log(tmp_path):
    path = tmp_path / "ohsu.csv"
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(OHSU_HEADER)
        writer.writerow(ohsu_row("N Engl J Med", "372", "2015", "0028-4793 "))      # routed
        writer.writerow(ohsu_row("NEJM", "16 Suppl 2", "9 2016", "15334406"))        # routed
        writer.writerow(ohsu_row("Health Care Manag", "34", "2015-04-01",
                                 "1525-5794; 1550-512X"))                          # routed
        writer.writerow(ohsu_row("The health care manager.", "EPUB", "2016", ""))    # by title
        writer.writerow(ohsu_row("Brain.", "1", "2016", ""))                         # ambiguous
        writer.writerow(ohsu_row("Polymer journal.", "46", "2014", "0032-3896"))      # unknown
        writer.writerow(ohsu_row("Unknown journal", "46", "2014", "Unknown"))         # no title
        writer.writerow(ohsu_row("", "1", "2014", "978-1-58603-454-2"))               # no journal
        writer.writerow(ohsu_row("Nature", "", "", "0028-4793"))                      # no year
        writer.writerow([""] * len(OHSU_HEADER))                                      # blank
    return path


def test_csv_log_in_the_ohsu_layout(ohsu_log):
    requests = replay.read_log(ohsu_log)
    assert len(requests) == 9
    assert requests[0].where == "ohsu.csv:2"
    assert requests[0].params == {"title": "N Engl J Med", "issn": "0028-4793 ",
                                  "date": "2015", "volume": "372"}


def test_xlsx_log_in_the_pacific_layouts(tmp_path):
    openpyxl = pytest.importorskip("openpyxl", reason="openpyxl reads XLSX logs")
    book = openpyxl.Workbook()
    filled = book.active
    filled.title = "BORROWING FILLED"
    filled.append(["Transaction Number", "Request Type", "Photo Journal Title",
                   "Photo Journal Volume", "Photo Journal Issue", "Photo Journal Year", "ISSN"])
    filled.append([314832.0, "Article", "Polymer journal.", "46", None, "2014", "0032-3896 "])
    lending = book.create_sheet("Requests Filled")
    lending.append(["Random # Generator", " Article Title", " Journal Title", "Volume ",
                    " Issue", " Year", "Pages", "ISSN"])
    lending.append([2.0, "Leaders", "The health care manager.", "34", "2", "2015-04-01",
                    "140-146", "1525-5794; 1550-512X"])
    cancelled = book.create_sheet("Requests Cancelled")  # ILLiad's export without a header
    cancelled.append([318128.0, "Lending", "Article", "AIP conference proceedings.", "1608",
                      None, "2014", "92-97", "Juriga", "Adsorption", "New York", None,
                      "Cancelled by ILL Staff", None, "0094-243X", "lacking"])
    book.save(tmp_path / "pacific.xlsx")
    requests = replay.read_log(tmp_path / "pacific.xlsx")
    assert [r.where for r in requests] == ["pacific.xlsx:BORROWING FILLED:2",
                                           "pacific.xlsx:Requests Filled:2",
                                           "pacific.xlsx:Requests Cancelled:1"]
    assert [r.params["issn"] for r in requests] == ["0032-3896 ", "1525-5794; 1550-512X",
                                                    "0094-243X"]
    assert [r.params["date"] for r in requests] == ["2014", "2015-04-01", "2014"]
    assert requests[2].params["title"] == "AIP conference proceedings."


def test_a_log_without_citation_columns_is_refused(tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("a,b\n1,2\n")
    with pytest.raises(Exception, match="no journal title and ISSN columns"):
        replay.read_log(path)


EXPECTED = {"requests": 9, "resolved": 4, "resolved_by": {"issn": 3, "title": 1},
            "routed": 4, "empty_sequences": 0, "unresolved": 5,
            "unresolved_by_reason": {"ISSN not in the network": 1, "ambiguous title": 1,
                                     "title not in the network": 1,
                                     "no ISSN or journal title": 1, "no year or volume": 1}}


@pytest.mark.parametrize("mode", ["store", "graph"])
def test_replay_counts_what_happened_to_each_request(loaded, ohsu_log, mode):
    router = replay.store_router(loaded) if mode == "store" else \
        replay.graph_router(loaded.network())
    summary = replay.replay(router, replay.read_log(ohsu_log), borrower="ORUPAC", at=AT)
    printed = summary.as_dict()
    assert {k: printed[k] for k in EXPECTED} == EXPECTED
    assert printed["unresolved_examples"]["ambiguous title"] == "ohsu.csv:6"
    assert printed["errors"] == []
    assert len(summary.seconds) == 9 and printed["ms_per_request"]["median"] > 0


@pytest.mark.parametrize("mode", ["store", "graph"])
def test_a_borrower_with_a_manual_map_routes_titles_not_in_the_network(loaded, ohsu_log, mode):
    """DOCLINE's N routing (issue 15.6): the unknown ISSN, the unknown title and the
    citation naming no journal go through WAUMAN's manual map; a known journal without a
    year or volume and an ambiguous title still cannot be routed."""
    router = replay.store_router(loaded) if mode == "store" else \
        replay.graph_router(loaded.network())
    printed = replay.replay(router, replay.read_log(ohsu_log), borrower="WAUMAN",
                            at=AT).as_dict()
    assert {k: printed[k] for k in EXPECTED} == {
        "requests": 9, "resolved": 7, "resolved_by": {"issn": 3, "title": 1, "manual map": 3},
        "routed": 7, "empty_sequences": 0, "unresolved": 2,
        "unresolved_by_reason": {"ambiguous title": 1, "no year or volume": 1}}
    assert printed["errors"] == []


@pytest.mark.parametrize("mode", ["store", "graph"])
@pytest.mark.parametrize("issns, title, answer", [
    ("1096-9888", "Journal of mass spectrometry.", (["9504818"], "1096-9888", "issn")),
    ("1096-9888", "J Mass Spectrom", (["9102982", "9504818"], "1096-9888", "issn")),
    ("1096-9888; 1550-512X", None, (["100895536"], "1550-512X", "issn")),
    ("9999-9999", "Brain.", (["0370534", "0370535"], None, "title")),
    ("9999-9999", None, ([], None, "none")),
])
def test_shared_issns_are_narrowed_by_title(loaded, mode, issns, title, answer):
    router = replay.store_router(loaded) if mode == "store" else \
        replay.graph_router(loaded.network())
    fields, _ = openurl_citation({"rft.issn": issns, "rft.jtitle": title, "rft.date": "2000"})
    assert replay.serials_for(router, fields) == answer


def test_replay_records_routing_errors_and_goes_on(loaded, ohsu_log):
    summary = replay.replay(replay.store_router(loaded), replay.read_log(ohsu_log),
                            borrower="ORUXXX", at=AT)
    # the 4 known journals and the 3 citations naming none of the network reach routing
    assert summary.requests == 9 and len(summary.failed) == 7
    assert "ORUXXX" in summary.failed[0][1]


def test_default_borrower_is_a_full_library_in_oregon(loaded):
    assert replay.default_borrower(loaded) == "ORUOHS"
    with pytest.raises(Exception, match="no fully participating library in TX"):
        replay.default_borrower(loaded, state="TX")


def test_command_prints_the_summary(loaded, ohsu_log, capsys, monkeypatch, bolt_server):
    monkeypatch.setenv("GRAPHSVC_NEO4J_URI", bolt_server.uri)
    monkeypatch.setenv("GRAPHSVC_NEO4J_USER", "root")
    monkeypatch.setenv("GRAPHSVC_NEO4J_PASSWORD", bolt_server.password)
    monkeypatch.setenv("GRAPHSVC_NEO4J_DATABASE", bolt_server.database)
    for extra in ([], ["--in-memory"]):
        assert main(["replay", str(ohsu_log), "--at", AT.isoformat(), *extra]) == 0
        printed = json.loads(capsys.readouterr().out)
        assert printed["borrower"] == "ORUOHS" and printed["file"] == "ohsu.csv"
        assert {k: printed[k] for k in EXPECTED} == EXPECTED
