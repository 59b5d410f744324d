"""Referral rules (PNR plan s. 5), each on a small literal network around a patron in Portland."""

import dataclasses
import datetime as dt
import json

import pytest

from graphsvc.errors import InvalidInput, NotFound
from graphsvc.geo import haversine_km
from graphsvc.model import DateRange, Group, Holding, Library, Network, Region, Serial
from graphsvc.network import build_network
from graphsvc.referral import Patron, patron_from_zip, refer

UHP = ("UNAFFILIATED_HEALTH_PROFESSIONAL",)
PUBLIC = ("GENERAL_PUBLIC",)
HERE = (45.52, -122.68)
KM_PER_DEGREE = 111.19508


def lib(libid, km_north, *, state="OR", serves=UHP, **kw):
    """A library ``km_north`` kilometres due north of the patron (south when negative)."""
    return Library(libid, f"Library {libid}", city="Portland", state=state,
                   lat=HERE[0] + km_north / KM_PER_DEGREE, lon=HERE[1], serves=serves, **kw)


def network(*libraries, groups=(), serials=(), holdings=(), regions=()):
    return build_network(Network(regions=regions, libraries=libraries, groups=groups,
                                 serials=serials, holdings=holdings))


def patron(**kw):
    kw.setdefault("state", "OR")
    return Patron(*HERE, **kw)


def holds(libid, *uids):
    return tuple(Holding(libid, uid) for uid in uids)


def by_libid(referral):
    return {s.libid: s for s in referral.suggestions}


# --- candidates ---------------------------------------------------------------------------

def test_only_libraries_serving_the_category_are_candidates():
    G = network(lib("PUB", 1, serves=PUBLIC), lib("UHP1", 2), lib("UHP2", 3), lib("UHP3", 4))
    assert refer(G, patron()).libids == ("UHP1", "UHP2", "UHP3")
    assert refer(G, patron(category="GENERAL_PUBLIC")).libids == ("PUB",)


@pytest.mark.parametrize("participation", ["CLOSED", "NON_PARTICIPANT", "NLM_ONLY"])
def test_inactive_libraries_are_not_suggested(participation):
    G = network(lib("GONE", 1, participation=participation), lib("A", 2), lib("B", 3),
                lib("C", 4))
    assert "GONE" not in refer(G, patron()).libids


def test_library_out_of_office_at_the_time_asked_is_left_out():
    away = (DateRange(dt.date(2024, 3, 1), dt.date(2024, 3, 8)),)
    G = network(lib("AWAY", 1, out_of_office=away, timezone="America/Los_Angeles"),
                lib("A", 2), lib("B", 3), lib("C", 4))
    during = dt.datetime(2024, 3, 8, 12, tzinfo=dt.UTC)
    # 07:00 UTC on the 9th is still the 8th in Portland
    evening = dt.datetime(2024, 3, 9, 7, tzinfo=dt.UTC)
    after = dt.datetime(2024, 3, 9, 9, tzinfo=dt.UTC)
    assert "AWAY" not in refer(G, patron(), at=during).libids
    assert "AWAY" not in refer(G, patron(), at=evening).libids
    assert refer(G, patron(), at=after).libids[0] == "AWAY"
    assert refer(G, patron()).libids[0] == "AWAY"


# --- NEAREST ------------------------------------------------------------------------------

def test_nearest_is_the_closest_candidate_with_its_great_circle_distance():
    far = Library("FAR", "Seattle", state="WA", lat=47.61, lon=-122.33, serves=UHP)
    G = network(far, lib("MID", 40), lib("NEAR", -3.2), lib("NOPE", 1, serves=PUBLIC))
    first = refer(G, patron()).suggestions[0]
    assert (first.libid, first.reasons, first.distance_km) == ("NEAR", ("NEAREST",), 3.2)
    assert first.explanation == (
        "nearest library that serves unaffiliated health professionals, 3.2 km",)
    seattle = by_libid(refer(G, patron()))["FAR"]
    assert seattle.distance_km == round(haversine_km(*HERE, 47.61, -122.33), 1)


# --- AFFILIATION --------------------------------------------------------------------------

def test_own_library_comes_first_whatever_it_serves():
    G = network(lib("OWN", 90, serves=()), lib("A", 1), lib("B", 2), lib("C", 3))
    r = refer(G, patron(category="AFFILIATED", affiliation="OWN"))
    own = r.suggestions[0]
    assert (own.libid, own.reasons, own.distance_km) == ("OWN", ("AFFILIATION",), 90.0)
    assert own.explanation == ("your own library, 90.0 km",)
    assert r.libids[1:4] == ("A", "B", "C")


def test_affiliated_patron_elsewhere_needs_libraries_serving_unaffiliated_professionals():
    G = network(lib("OWN", 5, serves=("AFFILIATED",)), lib("THEIRS", 1, serves=("AFFILIATED",)),
                lib("A", 2), lib("B", 3))
    assert refer(G, patron(category="AFFILIATED", affiliation="OWN")).libids == \
        ("OWN", "A", "B")


def test_unknown_affiliation_is_not_found_naming_the_field():
    G = network(lib("A", 1))
    with pytest.raises(NotFound) as caught:
        refer(G, patron(category="AFFILIATED", affiliation="NOSUCH"))
    assert caught.value.problems[0]["field"] == "affiliation"
    assert "NOSUCH" in caught.value.message


def test_closed_affiliation_is_left_out_with_a_note():
    G = network(lib("OWN", 1, participation="CLOSED"), lib("A", 2), lib("B", 3), lib("C", 4))
    r = refer(G, patron(category="AFFILIATED", affiliation="OWN"))
    assert "OWN" not in r.libids
    assert "Library OWN (OWN) is not taking requests" in r.note


def test_affiliated_patron_without_affiliation_gets_a_note():
    G = network(lib("A", 1), lib("B", 2), lib("C", 3))
    r = refer(G, patron(category="AFFILIATED"))
    assert r.libids == ("A", "B", "C")
    assert "No affiliation was given" in r.note


# --- LARGE_COLLECTION ---------------------------------------------------------------------

def test_resource_library_in_the_state_is_the_large_collection():
    G = network(lib("PAL", 1), lib("BIGPAL", 2), lib("RES", 50, type="RESOURCE"),
                lib("WARES", 10, state="WA", type="RESOURCE"),
                serials=(Serial("1", "J1"), Serial("2", "J2")),
                holdings=holds("BIGPAL", "1", "2"))
    r = by_libid(refer(G, patron()))
    assert r["RES"].reasons == ("LARGE_COLLECTION",)
    assert r["RES"].explanation == ("resource library in OR, holds 0 titles, 50.0 km",)
    assert "LARGE_COLLECTION" not in r["BIGPAL"].reasons + r["WARES"].reasons


def test_without_a_resource_library_one_of_the_largest_collections_nearest_first():
    """MEDIUM is the largest within 300 km, but with 3 titles it is not among the largest
    tenth of the network: HUGE is, within 600 km."""
    serials = tuple(Serial(str(i), f"J{i}") for i in range(6))
    G = network(lib("SMALL", 1), lib("MEDIUM", 100), lib("HUGE", 320), lib("NONE", 2),
                serials=serials,
                holdings=holds("SMALL", "1") + holds("MEDIUM", "1", "2", "3")
                + holds("HUGE", *"012345"))
    r = by_libid(refer(G, patron()))
    assert r["HUGE"].reasons == ("LARGE_COLLECTION",)
    assert r["HUGE"].explanation == ("one of the largest collections in the network (holds 6 "
                                     "titles), the largest within 600 km, 320.0 km",)
    assert "LARGE_COLLECTION" not in r["MEDIUM"].reasons


def test_large_collection_search_widens_when_nothing_is_held_nearby():
    G = network(lib("A", 1), lib("B", 2), lib("FAR", 700), serials=(Serial("1", "J1"),),
                holdings=holds("FAR", "1"))
    far = by_libid(refer(G, patron()))["FAR"]
    assert far.reasons == ("LARGE_COLLECTION",)
    assert far.explanation[0].startswith("one of the largest collections in the network "
                                         "(holds 1 title), the largest within 1200 km")


# --- SUBJECT_EXPERTISE --------------------------------------------------------------------

def test_library_declaring_the_subject_is_the_expert():
    serials = (Serial("1", "Cancer J", subjects=("Medical Oncology",)),)
    G = network(lib("A", 1), lib("B", 2), lib("HOLDER", 3),
                lib("CANCER", 30, subjects=("Oncology",)),
                serials=serials, holdings=holds("HOLDER", "1"))
    r = by_libid(refer(G, patron(specialty="Oncologists")))
    assert r["CANCER"].reasons == ("SUBJECT_EXPERTISE",)
    assert r["CANCER"].explanation == ("declares subject expertise in oncology, 30.0 km",)


def test_subject_strength_counts_titles_held_on_the_subject_nearest_first_among_equals():
    serials = (Serial("1", "Peds", subjects=("Pediatrics",)),
               Serial("2", "Peds Nursing", subjects=("Pediatric Nursing",)),
               Serial("3", "Heart", subjects=("Cardiology",)),
               Serial("4", "Heart 2", subjects=("Cardiology",)),
               Serial("5", "Heart 3", subjects=("Cardiology",)))
    G = network(lib("ONE", 1), lib("TWO_FAR", 20), lib("TWO_NEAR", 10), lib("HEART", 2),
                serials=serials,
                holdings=holds("ONE", "1") + holds("TWO_FAR", "1", "2")
                + holds("TWO_NEAR", "1", "2") + holds("HEART", "3", "4", "5"))
    r = by_libid(refer(G, patron(specialty="pediatrician")))
    assert r["TWO_NEAR"].reasons == ("SUBJECT_EXPERTISE",)
    assert r["HEART"].reasons == ("LARGE_COLLECTION",)
    assert r["TWO_NEAR"].explanation == (
        "strongest pediatrics collection nearby (2 titles), 10.0 km",)
    assert "SUBJECT_EXPERTISE" not in r["TWO_FAR"].reasons


def test_specialty_nobody_covers_gets_a_note():
    G = network(lib("A", 1), lib("B", 2), lib("C", 3))
    r = refer(G, patron(specialty="Toxicologist"))
    assert all("SUBJECT_EXPERTISE" not in s.reasons for s in r.suggestions)
    assert "No library with subject expertise in toxicologist was found." in r.note


# --- CONSORTIUM ---------------------------------------------------------------------------

def consortium_network():
    return network(
        lib("A", 1), lib("B", 2), lib("C", 3), lib("M_NEAR", 40),
        lib("M_FAR", 60), lib("M_PUBLIC", 20, serves=PUBLIC),
        groups=(Group("ORCON", "Oregon Consortium", "CONSORTIUM",
                      ("M_NEAR", "M_FAR", "M_PUBLIC"), ("OR",)),
                Group("WACON", "Washington Consortium", "CONSORTIUM", ("C",), ("WA",)),
                Group("ORGRP", "Oregon group", "LIBRARY_GROUP", ("A",), ("OR",))))


def test_consortium_serving_the_state_sends_its_nearest_member_serving_the_category():
    r = by_libid(refer(consortium_network(), patron()))
    assert r["M_NEAR"].reasons == ("CONSORTIUM",)
    assert r["M_NEAR"].explanation == (
        "nearest member of the consortium Oregon Consortium (ORCON), 40.0 km",)
    assert "M_PUBLIC" not in r
    assert r["M_FAR"].reasons == ("NEAREST",)
    assert r["C"].reasons == ("NEAREST",)


def test_named_consortium_is_used_wherever_the_patron_is():
    r = by_libid(refer(consortium_network(), patron(state="OR", consortium="WACON")))
    assert r["C"].reasons == ("CONSORTIUM",)
    assert r["M_NEAR"].reasons == ("NEAREST",)


@pytest.mark.parametrize("code", ["NOSUCH", "ORGRP"])
def test_named_consortium_must_be_a_consortium(code):
    with pytest.raises(NotFound) as caught:
        refer(consortium_network(), patron(consortium=code))
    assert caught.value.problems[0]["field"] == "consortium"


# --- composition --------------------------------------------------------------------------

def test_one_library_carries_every_reason_it_earns():
    G = network(lib("RES", 1, type="RESOURCE", subjects=("Nursing",)), lib("B", 2), lib("C", 3),
                groups=(Group("ORCON", "Oregon Consortium", "CONSORTIUM", ("RES",), ("OR",)),))
    first = refer(G, patron(specialty="nurse")).suggestions[0]
    assert first.reasons == ("NEAREST", "LARGE_COLLECTION", "SUBJECT_EXPERTISE", "CONSORTIUM")
    assert len(first.explanation) == 4
    assert first.score == pytest.approx(20 - 0.30103, abs=1e-3)


def test_at_least_three_distinct_libraries_even_when_limit_is_smaller():
    G = network(*(lib(f"L{i}", i) for i in range(1, 8)))
    assert refer(G, patron(), limit=1).libids == ("L1", "L2", "L3")
    assert refer(G, patron(), limit=5).libids == ("L1", "L2", "L3", "L4", "L5")
    assert len(refer(G, patron(), limit=50).suggestions) == 7


def test_reasons_rank_above_fillers_and_limit_cuts_fillers_first():
    G = network(lib("N1", 1), lib("N2", 2), lib("N3", 3), lib("N4", 4),
                lib("RES", 900, type="RESOURCE"))
    r = refer(G, patron(), limit=3)
    assert r.libids == ("N1", "RES", "N2")
    assert [s.reasons for s in r.suggestions] == [("NEAREST",), ("LARGE_COLLECTION",),
                                                  ("NEAREST",)]
    assert r.suggestions[2].explanation[0].startswith("another nearby library")
    assert r.suggestions[0].score > r.suggestions[1].score > r.suggestions[2].score


@pytest.mark.parametrize("n, note", [
    (0, "Only 0 libraries could be found for unaffiliated health professionals."),
    (1, "Only 1 library could be found for unaffiliated health professionals."),
    (2, "Only 2 libraries could be found for unaffiliated health professionals."),
])
def test_fewer_than_three_libraries_are_noted(n, note):
    G = network(*(lib(f"L{i}", i) for i in range(1, n + 1)), lib("X", 1, serves=PUBLIC))
    r = refer(G, patron())
    assert len(r.suggestions) == n
    assert note in r.note


def test_three_libraries_need_no_count_note_but_prices_vary():
    r = refer(network(lib("A", 1), lib("B", 2), lib("C", 3)), patron())
    assert r.note == "Prices and services vary: make arrangements with each library directly."


def keys_of(value):
    if isinstance(value, dict):
        for key, inner in value.items():
            yield key
            yield from keys_of(inner)
    elif isinstance(value, (list, tuple)):
        for inner in value:
            yield from keys_of(inner)


def test_no_price_fee_cost_or_charge_in_the_result():
    G = network(lib("A", 1, base_fee=11.0, type="RESOURCE", subjects=("Oncology",)),
                lib("B", 2, base_fee=0.0), lib("C", 3, base_fee=25.0),
                lib("OWN", 4, base_fee=9.0))
    r = refer(G, patron(category="AFFILIATED", affiliation="OWN", specialty="oncology"))
    serialised = json.loads(json.dumps(dataclasses.asdict(r)))
    keys = set(keys_of(serialised))
    assert keys >= {"suggestions", "note", "libid", "distance_km", "reasons"}
    assert not [k for k in keys if any(w in k.lower() for w in ("fee", "price", "cost", "charge"))]
    assert set(serialised["suggestions"][0]) == {
        "libid", "name", "city", "state", "distance_km", "reasons", "score", "explanation"}


# --- outside every served area ------------------------------------------------------------

REGIONS = (Region("PNR", "Pacific Northwest Region", ("OR", "WA", "GU"), rml="WARML"),)


def test_patron_in_a_territory_without_members_gets_nearest_and_the_rml():
    rml = Library("WARML", "Regional library", type="RML", state="WA", lat=47.65, lon=-122.31,
                  serves=("AFFILIATED",))
    G = network(lib("A", 1), lib("B", 2), lib("C", 3), rml, regions=REGIONS)
    guam = Patron(13.44, 144.79, "GU", "GENERAL_PUBLIC")
    r = refer(G, guam)
    assert r.libids == ("WARML",)
    assert r.suggestions[0].explanation[0].startswith(
        "Regional Medical Library for Pacific Northwest Region, ")
    assert "No DOCLINE library near you serves the general public: listed are the nearest " \
        "libraries and your Regional Medical Library." in r.note
    r = refer(G, Patron(13.44, 144.79, "GU"))
    assert set(r.libids) == {"A", "B", "C", "WARML"}
    assert by_libid(r)["A"].reasons == ("NEAREST",)
    assert by_libid(r)["A"].distance_km > 8000


def test_patron_far_from_everyone_without_a_state_uses_the_nearest_librarys_region():
    rml = Library("WARML", "Regional library", type="RML", state="WA", lat=47.65, lon=-122.31,
                  serves=UHP)
    G = network(lib("A", 1), rml, regions=REGIONS)
    r = refer(G, Patron(21.3, -157.8))
    assert r.libids == ("A", "WARML")
    assert by_libid(r)["WARML"].reasons == ("LARGE_COLLECTION",)
    assert "No DOCLINE library near you serves" in r.note


def test_patron_near_members_gets_no_outside_note_and_no_rml():
    rml = Library("WARML", "Regional library", type="RML", state="WA", lat=47.65, lon=-122.31,
                  serves=("AFFILIATED",))
    r = refer(network(lib("A", 1), lib("B", 2), lib("C", 3), rml, regions=REGIONS), patron())
    assert "WARML" not in r.libids
    assert "No DOCLINE library" not in r.note


def test_far_patron_without_a_region_map_gets_the_nearest_libraries_only():
    r = refer(network(lib("A", 1), lib("B", 2), lib("C", 3)), Patron(13.44, 144.79, "GU"))
    assert r.libids == ("C", "B", "A")  # from Guam, north is nearer
    assert "listed are the nearest libraries." in r.note


# --- input --------------------------------------------------------------------------------

@pytest.mark.parametrize("bad, field", [
    (dict(category="DOCTOR"), "category"), (dict(state="Oregon"), "state"),
    (dict(lat=200.0), "lat"), (dict(lon=float("nan")), "lon"),
])
def test_impossible_patrons_are_invalid_input(bad, field):
    fields = dict(lat=HERE[0], lon=HERE[1], state="OR") | bad
    with pytest.raises(InvalidInput) as caught:
        refer(network(lib("A", 1)), Patron(**fields))
    assert caught.value.problems[0]["field"] == field


@pytest.mark.parametrize("limit", [0, -3, 2.5, True, "5"])
def test_limit_must_be_a_positive_whole_number(limit):
    with pytest.raises(InvalidInput) as caught:
        refer(network(lib("A", 1)), patron(), limit=limit)
    assert caught.value.problems[0]["field"] == "limit"


def test_lower_case_state_is_accepted():
    G = network(lib("A", 1), lib("RES", 5, type="RESOURCE"))
    assert "LARGE_COLLECTION" in by_libid(refer(G, patron(state=" or")))["RES"].reasons


def test_patron_from_zip_places_the_patron_at_the_zip_centroid():
    p = patron_from_zip("97201", category="GENERAL_PUBLIC", specialty="nurse")
    assert (p.state, p.category, p.specialty) == ("OR", "GENERAL_PUBLIC", "nurse")
    assert haversine_km(p.lat, p.lon, *HERE) < 5
    with pytest.raises(NotFound):
        patron_from_zip("00000")
