"""The generated network: deterministic, valid as a bundle, and shaped like DOCLINE."""

from __future__ import annotations

import collections
import datetime as dt
import statistics
from pathlib import Path

import pytest

from graphsvc.geo import haversine_km, zip_place
from graphsvc.fields import LIBID
from graphsvc.io.bundle import dump_bundle, load_bundle
from graphsvc.io.generate import generate_network, load_regions, read_journals
from graphsvc.model import MAX_PER_CELL
from graphsvc.network import build_network, to_bundle

DATA_DIR = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"


@pytest.fixture(scope="module")
def net():
    return generate_network(libraries=150, serials=300, seed=2)


@pytest.fixture(scope="module")
def real_net():
    if not (DATA_DIR / "hospitals").is_dir():
        pytest.skip(f"shared data folder {DATA_DIR} is absent")
    return generate_network(libraries=120, serials=200, seed=4, data_dir=DATA_DIR)


def test_regions_are_the_seven_nnlm_regions():
    regions = {r.code: r for r in load_regions()}
    assert sorted(regions) == list("1234567")
    states = [s for r in regions.values() for s in r.states]
    assert len(states) == len(set(states)) == 59  # 50 states, DC, 8 territories/associations
    assert {"PR", "VI"} <= set(regions["2"].states)
    assert {"AS", "GU", "MP", "FM", "MH", "PW"} <= set(regions["5"].states)
    assert regions["5"].rml == "WAUUHS" and "IA" in regions["6"].states


@pytest.mark.parametrize("seed", [1, 5, 9])
def test_generated_network_round_trips_through_a_bundle(seed):
    net = generate_network(libraries=40, serials=60, seed=seed)
    dumped = dump_bundle(net)
    assert load_bundle(dumped) == net
    assert dump_bundle(load_bundle(dumped)) == dumped


def test_same_seed_same_network_other_seed_other_network(net):
    assert generate_network(libraries=150, serials=300, seed=2) == net
    other = generate_network(libraries=150, serials=300, seed=3)
    assert other.libraries != net.libraries and other.holdings != net.holdings


def test_counts_are_as_asked(net):
    assert len(net.libraries) == 150 and len(net.serials) == 300
    assert len(net.holdings) == 150 * 30
    assert len(generate_network(libraries=30, serials=40, holdings=500).holdings) == 500


def test_every_region_has_libraries_and_its_rml(net):
    region_of = {s: r.code for r in net.regions for s in r.states}
    per_region = collections.Counter(region_of[lib.state] for lib in net.libraries)
    assert set(per_region) == set("1234567")
    types = {lib.libid: lib.type for lib in net.libraries}
    assert all(types[r.rml] == "RML" for r in net.regions)


def test_libids_are_valid_unique_and_start_with_the_state(net):
    libids = [lib.libid for lib in net.libraries]
    assert len(libids) == len(set(libids))
    assert all(LIBID.match(libid) for libid in libids)
    assert all(lib.libid[:2] == lib.state and lib.libid[2] == "U" for lib in net.libraries)


def test_library_mix_is_realistic(net):
    libs = {lib.libid: lib for lib in net.libraries}
    nlm = libs["MDUNLM"]
    assert (nlm.type, nlm.state, nlm.zip, nlm.fills_rush, nlm.fills_urgent) == \
        ("NLM", "MD", "20894", True, True)
    types = collections.Counter(lib.type for lib in net.libraries)
    assert types["PAL"] > 100 and 2 <= types["RESOURCE"] <= 20 and types["OTHER"] > 5
    participation = collections.Counter(lib.participation for lib in net.libraries)
    assert participation["FULL"] > 110 and participation["CLOSED"] > 0
    assert all(0 <= lib.base_fee <= 15 for lib in net.libraries)
    assert any(lib.out_of_office for lib in net.libraries)
    assert any(lib.subjects for lib in net.libraries)
    assert any("FAX" in lib.delivery_methods for lib in net.libraries)


def test_timezones_fit_the_state(net):
    zones = {lib.state: set() for lib in net.libraries}
    for lib in net.libraries:
        zones[lib.state].add(lib.timezone)
    assert zones["CA"] == {"America/Los_Angeles"} and zones["NY"] == {"America/New_York"}


def test_groups_follow_g1_and_g2(net):
    libids = {lib.libid for lib in net.libraries}
    groups = {g.code: g for g in net.groups}
    assert all(len(g.members) >= 11 and g.code not in libids for g in groups.values())
    free = groups["FREESHARE"]
    full = [lib for lib in net.libraries if lib.participation == "FULL" and lib.type != "NLM"]
    assert free.kind == "LIBRARY_GROUP" and abs(len(free.members) - len(full) / 3) <= 1
    fees = {lib.libid: lib.base_fee for lib in net.libraries}
    assert all(fees[m] == 0 for m in free.members)
    states = {lib.libid: lib.state for lib in net.libraries}
    assert len({states[m] for m in free.members}) > 10  # cross-regional
    consortia = [g for g in groups.values() if g.kind == "CONSORTIUM"]
    assert consortia and all(g.serves_states for g in consortia)
    assert all(states[m] in g.serves_states for g in consortia for m in g.members)


def test_routing_tables_follow_the_rules(net):
    kinds = {lib.libid: lib for lib in net.libraries}
    members = {g.code: set(g.members) for g in net.groups}
    for table in net.routing_tables:
        entries = [e for cell in table.cells.values() for e in cell]
        assert len(entries) == len(set(entries)) and table.libid not in entries
        assert set(table.cells) <= set(range(1, 10))
        assert all(len(cell) <= MAX_PER_CELL for cell in table.cells.values())
        assert all(table.libid in members[e] for e in entries if e in members)  # R17
        free = [c for c, cell in table.cells.items() if "FREESHARE" in cell]
        assert all(c >= 6 and table.cells[c] == ("FREESHARE",) for c in free)
        assert kinds[table.libid].participation == "FULL"
        assert len(table.manual_map) <= 9
    full = sum(lib.participation == "FULL" and lib.type != "NLM" for lib in net.libraries)
    assert len(net.routing_tables) > full * .7
    points_at = {e for t in net.routing_tables for cell in t.cells.values() for e in cell}
    assert any(kinds[e].participation == "CLOSED" for e in points_at if e in kinds)
    assert any(t.do_not_route for t in net.routing_tables)
    assert any(t.manual_map for t in net.routing_tables)
    assert any("FREESHARE" in e for t in net.routing_tables for e in t.cells.values())


def test_holdings_have_every_shape(net):
    ranges = [r for h in net.holdings for r in h.ranges]
    assert any(r.begin_volume and r.end_volume is None and r.end_year is None for r in ranges)
    assert any(r.begin_volume and r.begin_year is None and r.end_year is None for r in ranges)
    assert any(r.begin_year and r.begin_volume is None and r.end_volume is None for r in ranges)
    assert any(r.end_year for r in ranges)
    assert any(h.ranges[0].is_level_2 and len(h.ranges) == 1 for h in net.holdings)
    assert any(len(h.ranges) > 1 for h in net.holdings)
    assert {h.embargo_months for h in net.holdings} == {0, 6, 12}
    assert all(h.embargo_months == 0 for h in net.holdings if h.format == "PRINT")
    formats = collections.defaultdict(set)
    for h in net.holdings:
        formats[h.libid, h.nlm_uid].add(h.format)
    assert any(f == {"PRINT", "ELECTRONIC"} for f in formats.values())
    days = [h.last_modified for h in net.holdings]
    assert min(days) >= dt.date(2023, 10, 1) and max(days) <= dt.date(2026, 10, 1)


def test_popularity_is_skewed_and_big_libraries_hold_more(net):
    holders = collections.Counter(h.nlm_uid for h in net.holdings)
    assert max(holders.values()) > 10 * statistics.median(holders.values())
    held = collections.Counter(h.libid for h in net.holdings)
    types = {lib.libid: lib.type for lib in net.libraries}
    pal = statistics.median(held[lib] for lib in types if types[lib] == "PAL")
    assert all(held[lib] > 5 * pal for lib in types if types[lib] == "RML")


def test_read_journals_keeps_lettered_ids_and_valid_issns(tmp_path):
    path = tmp_path / "J_Medline.txt"
    path.write_text("--------\nJrId: 7\nJournalTitle: Acarologia\nISSN (Print): 0044-586X\n"
                    "ISSN (Online): \nNlmId: 14510400R\n--------\nJrId: 8\n"
                    "JournalTitle: Other\nISSN (Print): 12-34\nISSN (Online): 1399-6576\n"
                    "NlmId: 0370270\n--------\nJournalTitle: No id\n")
    assert read_journals(path) == [("14510400R", "Acarologia", ("0044-586X",)),
                                   ("0370270", "Other", ("1399-6576",))]


def test_real_data_network_uses_real_titles_and_hospitals(real_net):
    dumped = dump_bundle(real_net)
    assert load_bundle(dumped) == real_net
    real_ids = {uid for uid, _, _ in read_journals(DATA_DIR / "nlm" / "J_Sequence.txt")}
    assert all(s.nlm_uid in real_ids for s in real_net.serials)
    assert sum("Hospital" in lib.name or "Medical Center" in lib.name
               for lib in real_net.libraries) > 50
    for lib in real_net.libraries[:40]:
        centroid = zip_place(lib.zip)
        assert haversine_km(lib.lat, lib.lon, centroid["lat"], centroid["lon"]) <= 50


def test_generated_network_survives_the_graph_contract(net):
    back = to_bundle(build_network(net))
    assert back.libraries == net.libraries and back.groups == net.groups
    assert set(back.holdings) == set(net.holdings)
    assert {t.libid: t for t in back.routing_tables} == {t.libid: t for t in net.routing_tables}


def test_libraries_at_real_hospitals_carry_their_address_and_phone(shared_data):
    import re

    network = generate_network(libraries=30, serials=10, seed=1, data_dir=shared_data)
    reached = [lib for lib in network.libraries if lib.phone]
    assert len(reached) >= 20
    assert all(re.fullmatch(r"\(\d{3}\) \d{3}-\d{4}", lib.phone) and lib.address
               for lib in reached)
