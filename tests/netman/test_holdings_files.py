"""Holdings files through the service into the real database: DOCLINE CSV and KBART."""

from __future__ import annotations

import csv
import io
from collections import Counter
from pathlib import Path

import pytest

from graphsvc import services
from graphsvc.cli import main
from graphsvc.errors import InvalidInput, NotFound
from graphsvc.io.docline_csv import parse_docline_csv
from graphsvc.model import Holding, Library, Network, Range, Region, Serial
from graphsvc.network import canonical

from tests.netman.conftest import small_network

REPO = Path(__file__).resolve().parents[2]
DOCLINE = (REPO / "../shared/data/docline").resolve()
FILE_2023 = DOCLINE / "library_holdings_MAUTUF_2023-11-30.csv"
FILE_2025 = DOCLINE / "library_holdings_MAUTUF_2025-11-09.csv"
KBART_SAMPLE = REPO / "tests/io_formats/data/kbart_sample.txt"

HEADER = ('"action","record_type","serial_title","nlm_unique_id","holdings_format",'
          '"begin_volume","end_volume","begin_year","end_year","issns"\n')


def real_bytes(path: Path) -> bytes:
    if not path.exists():
        print(f"skipped: real DOCLINE export {path} is absent")
        pytest.skip(f"real data absent: {path}")
    return path.read_bytes()


def record_counts(data: bytes) -> Counter:
    """HOLDING and RANGE rows counted by the csv module, independently of the parser."""
    text = data.decode("utf-8-sig")
    return Counter(r["record_type"] for r in csv.DictReader(io.StringIO(text, newline="")))


def stored(store, libid="MAUTUF") -> set[Holding]:
    return set(store.holdings(libid)[0])


def tufts_with_catalog(store, *files: bytes) -> None:
    """Tufts, and a catalog (as the admin's import brings it) of the files' titles."""
    serials = {s.nlm_uid: s for data in files
               for s in parse_docline_csv(data.decode("utf-8-sig"), libid="MAUTUF").serials}
    store.import_network(Network(regions=(Region("7", "Region 7", ("MA",)),),
                                 libraries=(Library("MAUTUF", "Tufts", state="MA"),),
                                 serials=tuple(serials.values())))


def holding_blocks(text: str, columns: list[str]) -> dict[tuple[str, str], list[dict]]:
    """Each HOLDING row with its RANGE rows, keyed by NLM ID and format, in ``columns``."""
    blocks: dict[tuple[str, str], list[dict]] = {}
    current: list[dict] = []
    for row in csv.DictReader(io.StringIO(text, newline="")):
        if row["record_type"] == "HOLDING":
            current = blocks.setdefault((row["nlm_unique_id"], row["holdings_format"]), [])
        current.append({name: row[name] for name in columns})
    return blocks


def assert_every_field_comes_back(imported: str, exported: str) -> None:
    """Every column of the imported file, row by row (ISSN type labels included)."""
    columns = next(csv.reader(io.StringIO(imported)))
    before, after = holding_blocks(imported, columns), holding_blocks(exported, columns)
    assert after.keys() == before.keys()
    for key, rows in before.items():
        for row, back in zip(rows, after[key], strict=True):
            assert {k: v for k, v in back.items() if v != row[k]} == {}, (key, row)
    assert sum("(CD-ROM)" in rows[0]["issns"] for rows in after.values()) >= 1


def test_real_exports_import_exactly_replace_each_other_and_round_trip(store):
    """One test for both files: each real import costs seconds on the embedded database.
    Each file exported again gives every column of every row back."""
    data_2023, data_2025 = real_bytes(FILE_2023), real_bytes(FILE_2025)
    tufts_with_catalog(store, data_2023, data_2025)
    for data, name, libid in ((data_2023, FILE_2023.name, None),
                              (data_2025, FILE_2025.name, "MAUTUF")):
        counts = record_counts(data)
        outcome = services.import_holdings_file(store, data, name=name, libid=libid)
        holdings = stored(store)
        assert (outcome["holding_rows"], outcome["range_rows"]) == \
            (counts["HOLDING"], counts["RANGE"])
        assert len(holdings) == outcome["holdings"] == counts["HOLDING"]
        assert sum(len(h.ranges) for h in holdings) == counts["RANGE"]
        assert store.library("MAUTUF")["holdings"] == counts["HOLDING"]
        assert_every_field_comes_back(data.decode("utf-8-sig"),
                                      services.export_holdings_csv(store, "MAUTUF"))
    assert outcome["holdings_removed"] == record_counts(data_2023)["HOLDING"]
    expected = set(parse_docline_csv(data_2025.decode("utf-8-sig"), libid="MAUTUF").holdings)
    assert stored(store) == expected
    exported = services.export_holdings_csv(store, "MAUTUF")
    again = services.import_holdings_file(store, exported.encode(), name="out.csv")
    assert stored(store) == expected
    assert again["unmatched"] == [] and again["holdings"] == len(expected)
    assert again["unchanged"] is True and again["holdings_removed"] == 0  # its own export


def test_titles_not_yet_known_are_unmatched_and_never_become_serials(network):
    text = HEADER + ('"","HOLDING","Journal of testing","NLM_9999999","Print","","","","",'
                     '"1234-5678 (Print)"\n"","RANGE","","","","1","","2001",""\n'
                     '"","HOLDING","JAMA renamed here","NLM_7501160","Electronic","","","","",'
                     '"0028-4793 (Print)"\n')
    before = network.keys()["serials"]
    outcome = services.import_holdings_file(network, text.encode(), name="x.csv",
                                            libid="MAUTUF")
    assert outcome["unmatched"] == [{"line": 2, "nlm_uid": "9999999",
                                     "title": "Journal of testing", "issns": ["1234-5678"]}]
    holdings, serials = network.holdings("MAUTUF")
    assert [(h.nlm_uid, h.format) for h in holdings] == [("7501160", "ELECTRONIC")]
    assert serials["7501160"] == Serial("7501160", "JAMA", ("0098-7484", "1538-3598"))
    assert network.keys()["serials"] == before
    assert network.serial_for_issn("1234-5678") is None
    assert network.serial_for_issn("0028-4793") == "0255562"


def test_a_file_of_unknown_titles_only_or_no_holdings_changes_nothing(network):
    unknown = HEADER + '"","HOLDING","Journal of testing","NLM_9999999","Print","","","","",""\n'
    before = canonical(network.export_network())
    for text in (unknown, HEADER):
        with pytest.raises(InvalidInput) as caught:
            services.import_holdings_file(network, text.encode(), name="x.csv", libid="WAUUHS")
        assert caught.value.problems[0]["field"] in ("nlm_unique_id", "body")
    assert canonical(network.export_network()) == before


def test_a_bad_file_changes_nothing_and_lists_every_bad_line(network):
    before = canonical(network.export_network())
    version = network.version()
    text = HEADER + ('"","HOLDING","A","NLM_7501160","Paper","","","","",""\n'
                     '"","RANGE","","","","","","2010","2001"\n'
                     '"","HOLDING","B","NLM_0255562","Print","","","","",""\n'
                     '"","HOLDING","C","7501160","Print","","","","",""\n')
    with pytest.raises(InvalidInput) as caught:
        services.import_holdings_file(network, text.encode(), name="bad.csv", libid="MAUTUF")
    assert {(p["line"], p["field"]) for p in caught.value.problems} == {
        (2, "holdings_format"), (3, "end_year"), (5, "nlm_unique_id")}
    assert canonical(network.export_network()) == before and network.version() == version


def test_cli_bad_file_exits_non_zero_listing_lines_and_changes_nothing(network, cli_env,
                                                                       tmp_path, capsys):
    before = canonical(network.export_network())
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + '"","HOLDING","A","NLM_1","Paper","","","","",""\n'
                            '"","RANGE","","","","9","2","",""\n')
    assert main(["import", str(bad), "--libid", "MAUTUF"]) == 2
    err = capsys.readouterr().err
    assert "2 holdings_format" in err and "3 end_volume" in err
    assert canonical(network.export_network()) == before


def test_cli_import_and_export(network, cli_env, tmp_path, capsys):
    source = tmp_path / "in.csv"
    source.write_text(HEADER + '"","HOLDING","JAMA","NLM_7501160","Print","","","","",""\n'
                               '"","RANGE","","","","250","","1983",""\n')
    assert main(["import", str(source), "--libid", "MAUTUF"]) == 0
    assert '"holdings": 1' in capsys.readouterr().out
    out = tmp_path / "out.csv"
    assert main(["export", "holdings", "MAUTUF", str(out)]) == 0
    parsed = parse_docline_csv(out.read_text())
    assert parsed.libid == "MAUTUF"
    assert set(parsed.holdings) == stored(network) == {
        Holding("MAUTUF", "7501160", "PRINT", (Range("250", None, 1983, None),))}


def test_delete_rows_update_instead_of_replace(network):
    network.replace_holdings("WAUUHS", [
        Holding("WAUUHS", "0255562", "PRINT"), Holding("WAUUHS", "7501160", "PRINT")])
    text = HEADER + ('"DELETE","HOLDING","JAMA","NLM_7501160","Print","","","","",""\n'
                     '"ADD","HOLDING","JAMA","NLM_7501160","Electronic","","","","",""\n')
    outcome = services.import_holdings_file(network, text.encode(), name="u.csv",
                                            libid="WAUUHS")
    assert outcome["deletions"] == 1
    assert {(h.nlm_uid, h.format) for h in stored(network, "WAUUHS")} == {
        ("0255562", "PRINT"), ("7501160", "ELECTRONIC")}


def test_unknown_library_and_unknown_suffix(network):
    with pytest.raises(NotFound):
        services.import_holdings_file(network, HEADER.encode(), name="x.csv", libid="MAUXXX")
    with pytest.raises(InvalidInput) as caught:
        services.import_holdings_file(network, b"", name="x.xlsx", libid="MAUTUF")
    assert caught.value.problems[0]["field"] == "file"
    with pytest.raises(InvalidInput) as caught:
        services.import_holdings_file(network, b"", name="x.txt")
    assert caught.value.problems[0]["field"] == "libid"


# ---------------------------------------------------------------- KBART

KBART_SERIALS = (
    Serial("0255562", "NEJM", ("0028-4793", "1533-4406")),
    Serial("2985213R", "Lancet", ("0140-6736", "1474-547X")),
    Serial("7501160", "JAMA", ("0098-7484", "1538-3598")),
    Serial("8900488", "BMJ", ("0959-8138", "1756-1833")),
    Serial("0372351", "Ann Intern Med", ("0003-4819", "1539-3704")),
    Serial("0376422", "Pediatrics", ("0031-4005", "1098-4275")),
    Serial("0147763", "Circulation", ("0009-7322", "1524-4539")),
    Serial("9418450", "Acad Emerg Med", ("1069-6563", "1553-2712")),
    Serial("9502015", "Nat Med", ("1078-8956", "1546-170X")),
    Serial("0401260", "Radiology", ("0033-8419", "1527-1315")),
    Serial("1300217", "Anesthesiology", ("0003-3022", "1528-1175")),
    Serial("0354343", "J Dent Res", ("0022-0345", "1544-0591")),
    Serial("0370270", "Acta Anaesthesiol Scand", ("0001-5172", "1399-6576")),
    Serial("8309333", "J Clin Oncol", ("0732-183X", "1527-7755")))


def test_kbart_sample_replaces_only_electronic_holdings(network):
    base = small_network()
    network.import_network(Network(serials=KBART_SERIALS))
    print_holding = Holding("MAUTUF", "0255562", "PRINT", (Range("1", None, 1812, None),))
    network.replace_holdings("MAUTUF", [
        print_holding, Holding("MAUTUF", "0401260", "ELECTRONIC", (Range(),))])
    outcome = services.import_holdings_file(network, KBART_SAMPLE.read_bytes(),
                                            name=KBART_SAMPLE.name, libid="mautuf")
    assert (outcome["rows"], outcome["matched_rows"], outcome["holdings"] - 1) == (17, 15, 13)
    assert len(outcome["unmatched"]) + len(outcome["skipped"]) == 2
    holdings = stored(network)
    assert print_holding in holdings and len(holdings) == 14
    assert {h.format for h in holdings - {print_holding}} == {"ELECTRONIC"}
    assert len(network.export_network().serials) == len(base.serials) + len(KBART_SERIALS) - 2
