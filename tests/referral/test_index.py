"""The per-graph referral index: cached, exact nearby search, fast on a national network."""

import random

import pytest

from graphsvc.geo import haversine_km
from graphsvc.model import Group, Holding, Library, Network, Serial
from graphsvc.network import add_holding, build_network
from graphsvc.referral import Patron, refer, referral_index
from graphsvc.derived import cached
from graphsvc.referral.index import Nearby

CATEGORIES = ("AFFILIATED", "UNAFFILIATED_HEALTH_PROFESSIONAL", "GENERAL_PUBLIC")
SUBJECTS = ("Oncology", "Pediatrics", "Cardiology", "Nursing", "Psychiatry", "Surgery")


def national_network(n_libraries=3000, n_serials=600, held_each=12, seed=7):
    rng = random.Random(seed)
    libraries = tuple(
        Library(f"L{i:04d}", f"Library {i}", type=rng.choice(("PAL",) * 9 + ("RESOURCE",)),
                state=rng.choice(("OR", "WA", "CA", "TX", "NY", "IL", "FL", "MN")),
                lat=rng.uniform(25.0, 49.0), lon=rng.uniform(-124.0, -67.0),
                serves=tuple(c for c in CATEGORIES if rng.random() < 0.6),
                participation=rng.choice(("FULL",) * 9 + ("CLOSED",)),
                subjects=(rng.choice(SUBJECTS),) if rng.random() < 0.05 else ())
        for i in range(n_libraries))
    serials = tuple(Serial(f"{j:07d}", f"Journal {j}", subjects=(rng.choice(SUBJECTS),))
                    for j in range(n_serials))
    holdings = tuple(Holding(lib.libid, s.nlm_uid) for lib in libraries
                     for s in rng.sample(serials, held_each))
    groups = (Group("ORCON", "Oregon", "CONSORTIUM",
                    tuple(lib.libid for lib in libraries[:200]), ("OR",)),)
    return build_network(Network(libraries=libraries, serials=serials, holdings=holdings,
                                 groups=groups))


@pytest.fixture(scope="module")
def national():
    return national_network()


def test_index_is_built_once_per_graph_and_anew_for_a_copy():
    G = build_network(Network(libraries=(Library("A", "A", lat=45.0, lon=-122.0),)))
    first = referral_index(G)
    assert referral_index(G) is first and cached(G, "referral_index") is first
    copy = G.copy()
    assert referral_index(copy) is not first
    assert referral_index(G, rebuild=True) is not first


def test_index_follows_added_libraries_and_rebuild_sees_new_holdings():
    G = build_network(Network(libraries=(Library("A", "A", lat=45.0, lon=-122.0),),
                              serials=(Serial("1", "J", subjects=("Oncology",)),)))
    assert referral_index(G).strength == {}
    add_holding(G, Holding("A", "1"))
    assert referral_index(G, rebuild=True).strength == {"oncology": {"A": 1}}
    assert referral_index(G).entries["A"].titles == 1
    G.add_node("B", kind="library", name="B", lat=45.1, lon=-122.0)
    assert "B" in referral_index(G).entries


def test_library_without_coordinates_is_placed_at_its_zip():
    G = build_network(Network(libraries=(Library("A", "A", zip="97201"),
                                         Library("B", "B", zip=""))))
    entries = referral_index(G).entries
    assert entries["A"].lat == pytest.approx(45.5, abs=0.1)
    assert entries["B"].xyz is None


def test_nearby_finds_exactly_what_a_full_scan_finds(national):
    index = referral_index(national)
    category = "GENERAL_PUBLIC"
    rng = random.Random(3)
    for _ in range(20):
        lat, lon = rng.uniform(20.0, 55.0), rng.uniform(-130.0, -60.0)
        radius = rng.choice((25.0, 150.0, 800.0))
        nearby = Nearby(index, category, lat, lon, lambda e: True)
        got = [e.libid for _, e in nearby.within(radius)]
        scan = sorted((haversine_km(lat, lon, e.lat, _lon(national, e.libid)), e.libid)
                      for e in index.by_category[category])
        assert got == [libid for km, libid in scan if km <= radius]
        assert [e.libid for _, e in nearby.nearest(7)] == [libid for _, libid in scan[:7]]


def _lon(G, libid):
    return G.nodes[libid]["lon"]


def test_referrals_on_3000_libraries_each_give_five_suggestions(national):
    # Speed is measured by the referral benchmark (docs/BENCHMARKS.md), not asserted here.
    refer(national, Patron(45.5, -122.7, "OR"))  # builds the index
    rng = random.Random(11)
    patrons = [Patron(rng.uniform(26.0, 48.0), rng.uniform(-123.0, -68.0), "OR",
                      rng.choice(CATEGORIES), specialty=rng.choice(("oncologist", None)))
               for _ in range(40)]
    for p in patrons:
        r = refer(national, p)
        assert len(r.suggestions) == 5
        assert len({s.libid for s in r.suggestions}) == 5
