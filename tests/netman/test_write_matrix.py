"""Every write endpoint x every kind of caller: 401, 403 or success, all problem+json."""

from __future__ import annotations

import pytest

from tests.netman.conftest import bearer

PROBLEM = "application/problem+json"
CSV_BODY = ('"action","record_type","serial_title","nlm_unique_id","holdings_format",'
            '"begin_volume","end_volume","begin_year","end_year","issns"\n'
            '"","HOLDING","JAMA","NLM_7501160","Print","","","","",""\n'
            '"","RANGE","","","","1","","1990",""\n')
KBART_BODY = ("publication_title\tprint_identifier\tonline_identifier\tdate_first_issue_online\t"
              "num_first_vol_online\tdate_last_issue_online\tnum_last_vol_online\t"
              "embargo_info\nJAMA\t0098-7484\t\t1998-01-07\t279\t\t\t\n")
LIBRARY = {"libid": "ORUPAC", "name": "Pacific University (renamed)", "state": "OR"}
BUNDLE = {"libraries": [{"libid": "ORUNEW", "name": "New", "state": "OR"}]}

# name -> (method, path, keyword arguments of the test client's request)
ENDPOINTS = {
    "library": ("PUT", "/v1/libraries/ORUPAC", {"json": LIBRARY}),
    "holdings-json": ("PUT", "/v1/libraries/ORUPAC/holdings",
                      {"json": [{"nlm_uid": "7501160", "format": "PRINT"}]}),
    "holdings-csv": ("PUT", "/v1/libraries/ORUPAC/holdings",
                     {"data": CSV_BODY, "content_type": "text/csv"}),
    "holdings-kbart": ("PUT", "/v1/libraries/ORUPAC/holdings",
                       {"data": KBART_BODY, "content_type": "text/tab-separated-values"}),
    "routing-table": ("PUT", "/v1/libraries/ORUPAC/routing-table",
                      {"json": {"cells": {"1": ["ORUOHS"], "7": ["FREESHARE"]},
                                "do_not_route": ["CTUYAL"], "manual_map": []}}),
    "manual-map": ("PUT", "/v1/libraries/ORUPAC/manual-map",
                   {"json": {"manual_map": ["ORUOHS", "WAUUHS"]}}),
    "imports": ("POST", "/v1/imports", {"json": BUNDLE}),
}
ADMIN_ONLY = {"imports"}

# caller -> (token scope or None for no token, or "bad" for an unknown token)
CALLERS = {
    "no token": None,
    "bad token": "bad",
    "library own": {"role": "library", "libid": "ORUPAC"},
    "library other": {"role": "library", "libid": "ORUOHS"},
    "coordinator in region": {"role": "coordinator", "region": "5"},
    "coordinator other region": {"role": "coordinator", "region": "7"},
    "admin": {"role": "admin"},
}


def expected_status(endpoint: str, caller: str) -> int:
    if caller in ("no token", "bad token"):
        return 401
    if caller == "admin":
        return 200
    if endpoint in ADMIN_ONLY or caller in ("library other", "coordinator other region"):
        return 403
    return 200


def secret_for(caller: str, make_token) -> str | None:
    scope = CALLERS[caller]
    if scope is None or scope == "bad":
        return scope and "not-a-token-the-store-knows"
    return make_token(**scope)


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_write_endpoint_by_caller(endpoint, caller, client, network, make_token):
    method, path, kwargs = ENDPOINTS[endpoint]
    before = network.version()
    response = client.open(path, method=method, headers=bearer(secret_for(caller, make_token)),
                           **kwargs)
    status = expected_status(endpoint, caller)
    assert response.status_code == status, response.get_data(as_text=True)
    if status == 200:
        assert network.version() > before
        return
    assert response.mimetype == PROBLEM and response.json["status"] == status
    assert network.version() == before
    if status == 401:
        assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_reads_need_no_token(client, network):
    for path in ("/v1/libraries/ORUPAC", "/v1/libraries/ORUPAC/holdings",
                 "/v1/libraries/ORUPAC/routing-table", "/v1/libraries/ORUPAC/manual-map",
                 "/v1/libraries/ORUPAC/routing-table/lint"):
        assert client.get(path).status_code == 200, path


def test_coordinator_may_not_move_a_library_out_of_its_region(client, network, make_token):
    secret = make_token("coordinator", region="5")
    moved = {**LIBRARY, "state": "MA"}
    response = client.put("/v1/libraries/ORUPAC", json=moved, headers=bearer(secret))
    assert response.status_code == 403 and response.mimetype == PROBLEM
    assert network.library("ORUPAC")["library"].state == "OR"


def test_coordinator_may_create_a_library_in_its_region_only(client, network, make_token):
    secret = make_token("coordinator", region="7")
    ours = {"libid": "MAUNEW", "name": "New in MA", "state": "MA"}
    theirs = {"libid": "ORUNEW", "name": "New in OR", "state": "OR"}
    assert client.put("/v1/libraries/MAUNEW", json=ours, headers=bearer(secret)).status_code \
        == 201
    assert client.put("/v1/libraries/ORUNEW", json=theirs,
                      headers=bearer(secret)).status_code == 403
    assert network.library("ORUNEW") is None


def test_malformed_authorization_header_is_401(client, network):
    response = client.put("/v1/libraries/ORUPAC", json=LIBRARY,
                          headers={"Authorization": "Basic dXNlcjpwdw=="})
    assert response.status_code == 401 and response.mimetype == PROBLEM


def test_auth_can_be_switched_off_for_other_areas_tests(store, network):
    from api import create_app

    client = create_app({"TESTING": True, "STORE": store, "AUTH_REQUIRED": False}).test_client()
    assert client.put("/v1/libraries/ORUPAC", json=LIBRARY).status_code == 200  # no token
    assert store.library("ORUPAC")["library"].name == LIBRARY["name"]
