"""The write path, tried as a careless and a hostile client would: every write endpoint gets
wrong media types, empty bodies, partial bodies and hostile values, and each time answers a
4xx problem+json and leaves the graph exactly as it was (the count of every node label and
relationship type, the exported bundle and the network version: tests/graph_snapshot.py)."""

from __future__ import annotations

import json

import pytest

from graphsvc.services import subcoordinators
from graphsvc.services.auth import create_token
from tests.netman.conftest import bearer

PROBLEM = "application/problem+json"
NASTY = ["') DETACH DELETE n //", "x' OR 1=1 --", "${libid}", "\u202eCAPURO", "a" * 5000, "",
         "ORUPAC\nMATCH (n) DELETE n"]
HUGE = [10**30, -(10**30), 2**64, 1e308, -1]
LIBRARY = {"libid": "ORUPAC", "name": "Pacific University", "state": "OR"}
TABLE = {"cells": {"1": ["ORUOHS"]}, "do_not_route": [], "manual_map": ["ORUOHS"]}
REQUEST = {"borrower": "ORUPAC", "citation": {"nlm_uid": "0255562", "year": 2015},
           "at": "2026-10-05T10:00:00-04:00", "seed": 7}

# endpoint -> (method, path, a valid JSON body, the media types it reads)
JSON_ONLY = ("application/json",)
ENDPOINTS = {
    "put library": ("PUT", "/v1/libraries/ORUPAC", LIBRARY, JSON_ONLY),
    "patch library": ("PATCH", "/v1/libraries/ORUPAC", {"fills_rush": True},
                      ("application/merge-patch+json", "application/json")),
    "holdings": ("PUT", "/v1/libraries/ORUPAC/holdings", [{"nlm_uid": "7501160"}],
                 ("application/json", "text/csv", "text/tab-separated-values")),
    "routing table": ("PUT", "/v1/libraries/ORUPAC/routing-table", TABLE, JSON_ONLY),
    "manual map": ("PUT", "/v1/libraries/ORUPAC/manual-map", {"manual_map": ["ORUOHS"]},
                   JSON_ONLY),
    "out of office": ("POST", "/v1/libraries/ORUPAC/out-of-office",
                      {"start": "2027-01-04", "end": "2027-01-08"}, JSON_ONLY),
    "imports": ("POST", "/v1/imports", {"libraries": [{**LIBRARY, "name": "Renamed"}]},
                JSON_ONLY),
    "requests": ("POST", "/v1/requests", REQUEST, JSON_ONLY),
    "actions": ("POST", "/v1/requests/{request}/actions",
                {"action": "CANCEL", "lender": None, "at": "2026-10-05T11:00:00-04:00"},
                JSON_ONLY),
    "tta": ("POST", "/v1/tta/run", {"at": "2026-10-06T00:05:00-04:00"}, JSON_ONLY),
    "alerts": ("PUT", "/v1/libraries/ORUPAC/alerts", {"email": "ill@example.org"}, JSON_ONLY),
    "subcoordinators": ("PUT", "/v1/subcoordinators/{token}/libraries",
                        {"libraries": ["ORUPAC", "WAUUHS"]}, JSON_ONLY),
    "merge into": ("POST", "/v1/libraries/CTUYAL/merge-into/MAUTUF", None, ()),  # no body
    "close": ("POST", "/v1/libraries/WAUAWY/close", {"confirm": "WAUAWY"}, JSON_ONLY),
}

# endpoint -> partial or hostile bodies (JSON), each refused with a 4xx
BAD_BODIES = {
    "put library": [{"libid": "ORUPAC"}, {"name": "x", "state": "OR"}, {**LIBRARY, "type": "GOD"},
                    {**LIBRARY, "libid": "ORUOHS"}, {**LIBRARY, "lat": 1e308},
                    {**LIBRARY, "base_fee": -1}, [LIBRARY], None, "ORUPAC",
                    *({**LIBRARY, "name": text} for text in NASTY if len(text) > 300 or not text),
                    *({**LIBRARY, "state": text} for text in NASTY)],
    "patch library": [{"name": None}, {"state": None}, {"libid": "ORUOHS"}, {"type": "GOD"},
                      {"colour": "red"}, [], None, 42, {"out_of_office": [{"start": "x"}]},
                      *({"zip": text} for text in NASTY if text),
                      *({"base_fee": n} for n in HUGE)],
    "holdings": [[], {}, None, [{"format": "PRINT"}], [{"nlm_uid": "9999999", "title": "X",
                                                       "issns": ["0028-4793"]}],
                 [{"nlm_uid": "7501160"}, {"nlm_uid": "7501160"}],
                 *([{"nlm_uid": text}] for text in NASTY),
                 *([{"nlm_uid": "7501160", "ranges": [{"begin_year": n}]}] for n in HUGE),
                 *([{"nlm_uid": "7501160", "embargo_months": n}] for n in HUGE)],
    "routing table": [{}, {"cells": {"1": ["ORUOHS"]}}, {"cells": {}, "do_not_route": []},
                      {"cells": {}, "manual_map": []}, [], None,
                      {**TABLE, "libid": "ORUOHS"}, {**TABLE, "manual_map": ["ORUOHS"] * 10},
                      *({**TABLE, "cells": {"1": [text]}} for text in NASTY),
                      *({**TABLE, "cells": {str(n): ["ORUOHS"]}} for n in HUGE)],
    "manual map": [{}, {"manual_map": None}, {"manual_map": ["ORUQQQ"]}, [], None,
                   *({"manual_map": [text]} for text in NASTY)],
    "out of office": [{}, {"start": "2027-01-04"}, {"start": "2027-01-08", "end": "2027-01-04"},
                      {"start": "tomorrow", "end": "2027-01-08"}, [], None,
                      *({"start": n, "end": n} for n in HUGE)],
    "imports": [{"libraries": [{"libid": "ORUNEW"}]}, {"colour": []}, [], None,
                {"serials": [{"nlm_uid": "9999996", "title": "NEJM?", "issns": ["0028-4793"]}]},
                {"holdings": [{"libid": "ORUPAC", "nlm_uid": "0255562",
                               "embargo_months": -1}]},
                *({"libraries": [{**LIBRARY, "libid": text}]} for text in NASTY)],
    "requests": [{}, {"borrower": "ORUPAC"}, {**REQUEST, "borrower": "ORUXXX"}, [], None,
                 *({**REQUEST, "citation": {"nlm_uid": text}} for text in NASTY),
                 *({**REQUEST, "seed": n} for n in HUGE if n != -1)],
    "actions": [{}, {"action": "FILL"}, {"action": "EXPLODE", "lender": "ORUPAC"}, [], None,
                *({"action": "RECEIVE", "lender": text} for text in NASTY)],
    "tta": [{"at": "soon"}, {"at": 12}, [], None, {"colour": "red"}],
    "alerts": [{"email": "not an address"}, {"webhook_url": "ftp://example.org/x"},
               {"secret": "short"}, [], None, {"colour": "red"},
               *({"email": text} for text in NASTY if text)],
    "subcoordinators": [{}, {"libraries": None}, {"libraries": "ORUPAC"}, [], None, ["ORUPAC"],
                        {"libraries": ["ORUQQQ"]}, {"libraries": ["MAUTUF"]},  # unknown; region 7
                        {"libraries": ["ORUPAC"], "region": "7"}, {"libraries": [["ORUPAC"]]},
                        {"libraries": ["ORUPAC", 1]}, {"libraries": ["ORUPAC"] * 10_001},
                        *({"libraries": [text]} for text in NASTY),
                        *({"libraries": [n]} for n in HUGE)],
    "merge into": [{}, {"confirm": "CTUYAL"}, [], "x"],
    "close": [{}, {"confirm": "ORUOHS"}, {"confirm": None}, [], None,
              *({"confirm": text} for text in NASTY)],
}
MEDIA_TYPES = ["text/plain", "application/x-www-form-urlencoded", None, "application/xml",
               "multipart/form-data", "text/csv"]


@pytest.fixture
def admin(network, make_token):
    return bearer(make_token("admin"))


@pytest.fixture
def request_id(client, network, admin):
    """A NEW request of ORUPAC at WAUUHS (which then delivers by email)."""
    client.patch("/v1/libraries/WAUUHS", json={"delivery_methods": ["EMAIL_PDF"]},
                 headers=admin)
    client.put("/v1/libraries/ORUPAC/routing-table", headers=admin,
               json={"cells": {"1": ["WAUUHS"]}, "do_not_route": [], "manual_map": []})
    response = client.post("/v1/requests", json=REQUEST, headers=admin)
    assert response.status_code == 201, response.json
    return response.json["id"]


@pytest.fixture
def ids(request_id, network):
    """The ids the paths name: a request, and a region 5 subcoordinator token that has ORUPAC
    (so a replacement wrongly accepted would show in the graph)."""
    create_token(network, "subcoordinator", region="5")
    token = network.subcoordinators(region="5")[0]["hash"][:12]
    subcoordinators.assign(network, None, token, ["ORUPAC"])
    return {"request": request_id, "token": token}


def send(client, endpoint, headers, ids, *, data, content_type):
    method, path, _, _ = ENDPOINTS[endpoint]
    extra = {"content_type": content_type} if content_type else {}
    return client.open(path.format(**ids), method=method, data=data, headers=headers, **extra)


def refused(response, *statuses):
    assert response.status_code in statuses, (response.status_code, response.get_data()[:300])
    assert response.mimetype == PROBLEM and response.json["status"] == response.status_code
    return response.json


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_every_bad_write_is_refused_and_changes_nothing(endpoint, client, network, admin, ids,
                                                        graph_unchanged):
    _, _, good, accepted = ENDPOINTS[endpoint]
    text = json.dumps(good if good is not None else {})
    with graph_unchanged(endpoint):
        for media_type in MEDIA_TYPES:
            if media_type in accepted:
                continue
            problem = refused(send(client, endpoint, admin, ids, data=text,
                                   content_type=media_type), 415)
            assert problem["errors"][0]["field"] == "Content-Type"
        for media_type in accepted:
            problem = refused(send(client, endpoint, admin, ids, data=b"",
                                   content_type=media_type), 422)
            assert problem["errors"][0]["field"] == "body"
            refused(send(client, endpoint, admin, ids, data=b"{",
                         content_type=accepted[0]), 400, 422)
        for body in BAD_BODIES[endpoint]:
            response = send(client, endpoint, admin, ids, data=json.dumps(body),
                            content_type=accepted[0] if accepted else "application/json")
            assert response.status_code // 100 == 4, (body, response.status_code)
            refused(response, 400, 403, 404, 409, 415, 422)


def test_the_good_bodies_do_write(client, network, admin, ids):
    """The bodies the refusals start from are accepted as they are (so each refusal is due to
    what was changed in it)."""
    for endpoint, (_, _, good, accepted) in ENDPOINTS.items():
        version = network.version()
        response = send(client, endpoint, admin, ids,
                        data=json.dumps(good) if good is not None else b"",
                        content_type=accepted[0] if accepted else None)
        assert response.status_code in (200, 201), (endpoint, response.json)
        if endpoint not in ("tta", "actions", "requests", "alerts", "subcoordinators"):
            assert network.version() > version, endpoint  # (tokens are not the network)
    assert network.subcoordinators(region="5")[0]["libraries"] == ["ORUPAC", "WAUUHS"]


def test_deletes_by_the_wrong_token_or_of_an_unknown_library_change_nothing(
        client, network, make_token, graph_unchanged):
    other = bearer(make_token("library", libid="ORUOHS"))
    admin = bearer(make_token("admin"))
    with graph_unchanged():
        for path in ("/v1/libraries/WAUUHS/holdings", "/v1/libraries/WAUAWY/out-of-office"):
            refused(client.delete(path), 401)
            refused(client.delete(path, headers=other), 403)
            refused(client.delete(path.replace("WAU", "ORX"), headers=admin), 404, 422)


def test_holdings_are_emptied_only_by_delete(client, network, admin):
    assert network.library("WAUUHS")["holdings"] == 1
    header_only = ('"action","record_type","serial_title","nlm_unique_id","holdings_format",'
                   '"begin_volume","end_volume","begin_year","end_year","issns"\n')
    for data, kind in (("[]", "application/json"), (header_only, "text/csv")):
        response = client.put("/v1/libraries/WAUUHS/holdings", data=data, content_type=kind,
                              headers=admin)
        assert refused(response, 422)["errors"][0]["field"] == "body"
    assert network.library("WAUUHS")["holdings"] == 1
    response = client.delete("/v1/libraries/WAUUHS/holdings", headers=admin)
    assert response.status_code == 200 and response.json["holdings_removed"] == 1
    assert network.library("WAUUHS")["holdings"] == 0


def test_a_routing_table_put_without_its_lists_keeps_them(client, network, admin,
                                                          graph_unchanged):
    path = "/v1/libraries/ORUPAC/routing-table"
    assert client.put(path, json={**TABLE, "do_not_route": ["CTUYAL"]},
                      headers=admin).status_code == 200
    with graph_unchanged():
        for missing in ("cells", "do_not_route", "manual_map"):
            body = {k: v for k, v in TABLE.items() if k != missing}
            problem = refused(client.put(path, json=body, headers=admin), 422)
            assert missing in [p["field"] for p in problem["errors"]]
    stored = client.get(path).json
    assert stored["do_not_route"] == ["CTUYAL"] and stored["manual_map"] == ["ORUOHS"]


def test_openapi_says_what_writes_read_and_refuse(client, store):
    spec = client.get("/v1/openapi.json").json
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            if "requestBody" in operation:
                assert operation["requestBody"]["required"] is True, (method, path)
                assert {"415", "422"} <= set(operation["responses"]), (method, path)
    patch = spec["paths"]["/v1/libraries/{libid}"]["patch"]
    assert set(patch["requestBody"]["content"]) == {"application/merge-patch+json",
                                                    "application/json"}
    table = spec["components"]["schemas"]["RoutingTable"]
    assert {"cells", "do_not_route", "manual_map"} <= set(table["required"])
    assert "delete" in spec["paths"]["/v1/libraries/{libid}/holdings"]
    assert {"post", "delete"} <= set(spec["paths"]["/v1/libraries/{libid}/out-of-office"])
