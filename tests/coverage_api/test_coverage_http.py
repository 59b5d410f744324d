"""Coverage over HTTP on the literal network of ``network.py`` in the real database.

Every expected value is counted by hand from the network's docstring, on 2026-06-01.
"""

from __future__ import annotations

import pytest

from tests.coverage_api.network import T1, T2, T3, T4

AT = "2026-06-01"


def get(client, path, **query):
    return client.get(path, query_string={"at": AT, **query})


def runs(pairs):
    return [year for first, last in pairs for year in range(first, last + 1)]


# --- one title -------------------------------------------------------------------------------

def test_serial_holders_with_ranges_and_status(client, loaded):
    body = get(client, f"/v1/coverage/serials/{T1}").json
    assert (body["nlm_uid"], body["title"], body["at"]) == (T1, "Journal One", AT)
    assert [(h["libid"], h["region"], h["active"], h["inactive_reason"]) for h in body["holders"]] \
        == [("CAUUCS", "6", True, None), ("ORUOHS", "5", True, None),
            ("WACSPO", "5", False, "CLOSED"), ("WAUUHS", "5", True, None)]
    wauuhs = body["holders"][-1]
    assert wauuhs["ranges"] == [{"begin_volume": "1", "end_volume": None, "begin_year": 1990,
                                 "end_year": 2000}]
    assert body["active_holders"] == 3


def test_serial_active_holders_per_year_by_region(client, loaded):
    body = get(client, f"/v1/coverage/serials/{T1}").json
    # The closed WACSPO's 1980 starts the span but never counts.
    assert (body["first_year"], body["last_year"], len(body["years"])) == (1980, 2026, 47)
    by_year = {y["year"]: (y["holders"], y["by_region"]) for y in body["years"]}
    assert by_year[1985] == (0, {})
    assert by_year[1992] == (1, {"5": 1})
    assert by_year[1997] == (2, {"5": 2})
    assert by_year[2003] == (1, {"5": 1})
    assert by_year[2007] == (2, {"5": 1, "6": 1})
    assert by_year[2026] == (1, {"5": 1})
    assert body["gap_years"] == runs([(1980, 1989)])
    singles = [(s["year"], s["libid"]) for s in body["single_holder_years"]]
    assert singles == ([(y, "WAUUHS") for y in range(1990, 1995)]
                       + [(y, "ORUOHS") for y in runs([(2001, 2004), (2011, 2026)])])


def test_serial_weak_years_of_each_region(client, loaded):
    regions = {r["region"]: r for r in get(client, f"/v1/coverage/serials/{T1}").json["regions"]}
    assert regions["5"]["gap_years"] == runs([(1980, 1989)])
    assert regions["5"]["single_holder_years"] == runs([(1990, 1994), (2001, 2026)])
    assert regions["6"]["gap_years"] == runs([(1980, 2004), (2011, 2026)])
    assert regions["6"]["single_holder_years"] == runs([(2005, 2010)])


def test_serial_level_2_holder_is_listed_but_not_counted(client, loaded):
    body = get(client, f"/v1/coverage/serials/{T2}").json
    assert [(h["libid"], h["active"], h["level_2"]) for h in body["holders"]] == \
        [("CACLAX", False, True), ("ORCPRO", True, False)]
    assert body["gap_years"] == [] and len(body["single_holder_years"]) == 27


def test_unknown_title_is_404_problem(client, loaded):
    response = get(client, "/v1/coverage/serials/9999999")
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"
    assert response.json["errors"][0]["field"] == "nlm_uid"


# --- summaries -------------------------------------------------------------------------------

def test_region_summary(client, loaded):
    body = get(client, "/v1/coverage/summary", region="5").json
    assert (body["region"], body["state"], body["at"]) == ("5", None, AT)
    assert (body["libraries"], body["titles"], body["holdings"]) == (4, 3, 6)
    assert body["single_holder_titles"] == [{"nlm_uid": T2, "title": "Journal Two",
                                             "libid": "ORCPRO"}]
    assert body["titles_held_only_outside"] == 1
    assert body["titles_held_only_outside_listed"] == [T3]
    assert sorted((r["libid"], r["last_reviewed"]) for r in body["not_reviewed"]) == \
        [("ORCPRO", None), ("ORUOHS", "2024-03-01"), ("WACSPO", "2020-01-01")]
    assert body["level_2_holdings"] == []
    assert body["routing_problems"] == [{"borrower": "ORCPRO", "cell": 2, "entry": "WACSPO",
                                         "library": "WACSPO", "problem": "CLOSED"}]
    assert body["below_standard"] == [] and body["lenders_with_requests"] == 0


def test_other_region_summary(client, loaded):
    body = get(client, "/v1/coverage/summary", region="6").json
    assert (body["libraries"], body["titles"], body["holdings"]) == (3, 4, 5)
    assert body["single_holder_titles"] == [] and body["titles_held_only_outside"] == 0
    assert body["not_reviewed"] == [] and body["routing_problems"] == []
    assert body["level_2_holdings"] == [{"libid": "CACLAX", "nlm_uid": T2, "format": "PRINT"}]


def test_state_and_whole_network_summary(client, loaded):
    oregon = get(client, "/v1/coverage/summary", state="OR").json
    assert (oregon["libraries"], oregon["titles"], oregon["holdings"]) == (2, 3, 3)
    assert [t["nlm_uid"] for t in oregon["single_holder_titles"]] == [T2]
    assert oregon["titles_held_only_outside_listed"] == [T3]
    both = get(client, "/v1/coverage/summary", region="5", state="CA").json
    assert (both["libraries"], both["titles"]) == (0, 0)
    network = get(client, "/v1/coverage/summary").json
    assert (network["libraries"], network["titles"], network["holdings"]) == (7, 4, 11)
    # T2's only counted holder is ORCPRO; T3 has two holders, so it is not single.
    assert [(t["nlm_uid"], t["libid"]) for t in network["single_holder_titles"]] == \
        [(T2, "ORCPRO")]


def test_summary_lists_are_paged_with_their_totals(client, loaded):
    whole = get(client, "/v1/coverage/summary", region="5").json
    assert whole["totals"] == {"single_holder_titles": 1, "not_reviewed": 3,
                               "level_2_holdings": 0, "routing_problems": 1,
                               "below_standard": 0}
    assert (whole["offset"], whole["limit"]) == (0, 100)
    pages = [get(client, "/v1/coverage/summary", region="5", offset=n, limit=1).json
             for n in range(4)]
    assert [p["not_reviewed"] for p in pages] == [[r] for r in whole["not_reviewed"]] + [[]]
    assert all(p["totals"] == whole["totals"] for p in pages)
    assert pages[0]["routing_problems"] == whole["routing_problems"]
    assert pages[1]["routing_problems"] == [] and pages[1]["libraries"] == whole["libraries"]
    for bad in ({"limit": 0}, {"offset": -1}, {"limit": "many"}):
        response = get(client, "/v1/coverage/summary", **bad)
        assert response.status_code == 422
        assert response.json["errors"][0]["field"] == next(iter(bad))


def test_unknown_region_is_404_and_bad_state_422(client, loaded):
    response = get(client, "/v1/coverage/summary", region="9")
    assert response.status_code == 404 and response.json["errors"][0]["field"] == "region"
    for state in ("Oregon", "ZZ"):
        response = get(client, "/v1/coverage/summary", state=state)
        assert response.status_code == 422 and response.json["errors"][0]["field"] == "state"
    for path in ("/v1/coverage/libraries.geojson", "/v1/libraries"):
        response = get(client, path, region="9")
        assert response.status_code == 404 and response.json["errors"][0]["field"] == "region"


# --- what-if -----------------------------------------------------------------------------------

def what_if(client, **offline):
    return client.post("/v1/coverage/what-if", json={"offline": offline, "at": AT})


def test_what_if_region_offline_matches_the_hand_count(client, loaded):
    body = what_if(client, regions=["5"]).json
    assert body["counts"] == {
        "offline_libraries": 4, "titles_affected": 3, "titles_losing_last_holder": 1,
        "titles_losing_years": 2, "title_years_lost": 27 + 15 + 16,
        "titles_dropping_to_one": 2, "title_years_dropping_to_one": 21 + 6,
        "borrowers_cut_off_in_cells_1_3": 2, "borrowers_cut_off": 1}
    lost = {t["nlm_uid"]: t for t in body["lost"]}
    assert list(lost) == [T2, T1]  # a title losing its last holder comes first
    assert (lost[T2]["holders_before"], lost[T2]["holders_after"]) == (1, 0)
    assert lost[T2]["last_holder_lost"] and lost[T2]["backups"] == []
    assert lost[T2]["lost_years"] == [{"first": 2000, "last": 2026, "libid": None}]
    # T1 before: WAUUHS 1990-2000, ORUOHS 1995-, CAUUCS 2005-2010 (WACSPO is closed).
    assert lost[T1]["lost_years"] == [{"first": 1990, "last": 2004, "libid": None},
                                      {"first": 2011, "last": 2026, "libid": None}]
    assert lost[T1]["single_years"] == [{"first": 2005, "last": 2010, "libid": "CAUUCS"}]
    dropped = {t["nlm_uid"]: t for t in body["dropped_to_one"]}
    assert list(dropped) == [T4, T1]  # 21 single years before 6
    assert dropped[T4]["single_years"] == [{"first": 2000, "last": 2020, "libid": "CACLAX"}]
    assert (dropped[T4]["holders_before"], dropped[T4]["holders_after"]) == (3, 1)


def test_what_if_backups_and_area(client, loaded):
    body = what_if(client, regions=["5"]).json
    area = body["area"]
    assert [lib["libid"] for lib in area["libraries"]] == ["ORCPRO", "ORUOHS", "WACSPO", "WAUUHS"]
    assert (area["states"], area["regions"]) == (["OR", "WA"], ["5"])
    lat, lon = area["centroid"]
    assert 46.5 < lat < 46.7 and -121.4 < lon < -121.2
    t1 = next(t for t in body["lost"] if t["nlm_uid"] == T1)
    t4 = next(t for t in body["dropped_to_one"] if t["nlm_uid"] == T4)
    # From the centroid: San Francisco about 8.85 degrees south (~985 km), Los Angeles ~1420 km.
    assert [(b["libid"], b["state"]) for b in t1["backups"]] == [("CAUUCS", "CA")]
    assert 980 < t1["backups"][0]["distance_km"] < 995
    assert [b["libid"] for b in t4["backups"]] == ["CACLAX"]
    assert 1410 < t4["backups"][0]["distance_km"] < 1430


def test_what_if_borrowers_cut_off(client, loaded):
    body = what_if(client, regions=["5"]).json
    # CACLAX reaches only ORUOHS in cells 1-3 but CAUUCS in cell 5; NVCREN only region 5.
    assert body["borrowers_cut_off_in_cells_1_3"] == [
        {"libid": "CACLAX", "name": "Los Angeles Medical Library", "lenders_before": 1},
        {"libid": "NVCREN", "name": "Reno Medical Library", "lenders_before": 2}]
    assert [b["libid"] for b in body["borrowers_cut_off"]] == ["NVCREN"]


def test_what_if_one_library_and_a_state(client, loaded):
    body = what_if(client, libraries=["ORCPRO"]).json
    assert [t["nlm_uid"] for t in body["lost"]] == [T2] and body["dropped_to_one"] == []
    assert body["counts"]["titles_affected"] == 2  # T2 and T4; T4 keeps WAUUHS and CACLAX
    assert body["borrowers_cut_off"] == []
    oregon = what_if(client, states=["OR"]).json
    assert [lib["libid"] for lib in oregon["area"]["libraries"]] == ["ORCPRO", "ORUOHS"]
    # T1 after Oregon: WAUUHS 1990-2000 and CAUUCS 2005-2010 remain.
    t1 = next(t for t in oregon["lost"] if t["nlm_uid"] == T1)
    assert t1["lost_years"] == [{"first": 2001, "last": 2004, "libid": None},
                                {"first": 2011, "last": 2026, "libid": None}]
    assert t1["single_years"] == [{"first": 1995, "last": 2000, "libid": "WAUUHS"},
                                  {"first": 2005, "last": 2010, "libid": "CAUUCS"}]


@pytest.mark.parametrize("offline, status, field", [
    ({}, 422, "offline.libraries"),
    ({"states": ["Oregon"]}, 422, "offline.states.0"),
    ({"states": ["OR", "ZZ"]}, 422, "offline.states.1"),
    ({"libraries": ["ORUXXX"], "regions": ["9"]}, 404, "libraries"),
])
def test_what_if_refuses_bad_bodies(client, loaded, offline, status, field):
    response = what_if(client, **offline)
    assert response.status_code == status
    assert response.mimetype == "application/problem+json"
    assert response.json["errors"][0]["field"] == field
    if status == 404:
        assert [e["field"] for e in response.json["errors"]] == ["libraries", "regions"]


# --- GeoJSON -----------------------------------------------------------------------------------

def test_geojson_of_a_region(client, loaded):
    response = client.get("/v1/coverage/libraries.geojson", query_string={"region": "6"})
    assert response.status_code == 200 and response.mimetype == "application/geo+json"
    body = response.get_json(force=True)
    assert body["type"] == "FeatureCollection"
    features = {f["id"]: f for f in body["features"]}
    assert sorted(features) == ["CACLAX", "CAUUCS", "NVCREN"]
    assert features["NVCREN"]["geometry"] == {"type": "Point", "coordinates": [-119.81, 39.53]}
    assert features["CAUUCS"]["properties"] == {
        "libid": "CAUUCS", "name": "UCSF Library", "type": "RESOURCE",
        "participation": "FULL", "state": "CA", "region": "6"}


def test_geojson_marks_holders_of_a_title(client, loaded):
    response = client.get("/v1/coverage/libraries.geojson", query_string={"nlm_uid": T2})
    body = response.get_json(force=True)
    holds = {f["id"]: (f["properties"]["holds"], f["properties"]["formats"])
             for f in body["features"]}
    assert len(holds) == 7
    assert {k for k, (held, _) in holds.items() if held} == {"CACLAX", "ORCPRO"}
    assert holds["CACLAX"] == (True, ["PRINT"]) and holds["WAUUHS"] == (False, [])
    only = client.get("/v1/coverage/libraries.geojson",
                      query_string={"nlm_uid": T2, "holders_only": "true", "region": "6"})
    assert [f["id"] for f in only.get_json(force=True)["features"]] == ["CACLAX"]
    missing = client.get("/v1/coverage/libraries.geojson", query_string={"nlm_uid": "9999999"})
    assert missing.status_code == 404


def test_openapi_documents_every_coverage_endpoint(client):
    spec = client.get("/v1/openapi.json").json
    paths = spec["paths"]
    assert {"200", "404"} <= set(paths["/v1/coverage/serials/{nlm_uid}"]["get"]["responses"])
    assert {"200", "404", "422"} <= set(paths["/v1/coverage/summary"]["get"]["responses"])
    post = paths["/v1/coverage/what-if"]["post"]
    assert {"200", "404", "422"} <= set(post["responses"]) and "requestBody" in post
    geo = paths["/v1/coverage/libraries.geojson"]["get"]["responses"]["200"]
    assert "application/geo+json" in geo["content"]
    assert "/dashboard" not in paths


def test_title_search_by_words_and_identifier(client, loaded):
    found = client.get("/v1/coverage/titles", query_string={"q": "journal"}).json["titles"]
    # Most holders first: T1 four (closed WACSPO still holds it), T4 three, T3 two, T2 one.
    assert [(t["nlm_uid"], t["holders"]) for t in found] == [(T1, 4), (T4, 3), (T3, 2), (T2, 1)]
    found = client.get("/v1/coverage/titles", query_string={"q": "two JOURNAL"}).json["titles"]
    assert found == [{"nlm_uid": T2, "title": "Journal Two", "holders": 1}]
    assert client.get("/v1/coverage/titles", query_string={"q": T3}).json["titles"][0] == \
        {"nlm_uid": T3, "title": "Journal Three", "holders": 2}
    assert client.get("/v1/coverage/titles", query_string={"q": ""}).status_code == 422


def test_last_copies_at_risk_per_region(client, loaded):
    body = get(client, "/v1/coverage/last-copies").json
    assert body["at"] == AT
    regions = {r["region"]: r for r in body["regions"]}
    assert set(regions) == {"5", "6"}
    assert (regions["5"]["titles"], regions["5"]["libraries"]) == (1, 1)
    assert regions["5"]["listed"] == [{"nlm_uid": T2, "title": "Journal Two", "libid": "ORCPRO"}]
    assert (regions["6"]["titles"], regions["6"]["listed"]) == (0, [])
    # The same titles as the whole network's summary calls single-holder, split by region.
    network = get(client, "/v1/coverage/summary").json["single_holder_titles"]
    assert sum(r["titles"] for r in body["regions"]) == len(network)
    assert get(client, "/v1/coverage/last-copies", at="9999-99-99").status_code == 422
