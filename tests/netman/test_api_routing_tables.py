"""Routing tables, manual maps and lint over HTTP, checked against the stored network."""

from __future__ import annotations

import pytest

from tests.netman.conftest import bearer

PROBLEM = "application/problem+json"
TABLE = "/v1/libraries/ORUPAC/routing-table"


def full(table: dict) -> dict:
    """A whole table for a PUT (cells, Do Not Route and manual map are all required)."""
    return {"cells": {}, "do_not_route": [], "manual_map": [], **table}


@pytest.fixture
def admin(network, make_token):
    return bearer(make_token("admin"))


def test_put_then_get_a_routing_table(client, network, admin):
    body = {"cells": {"1": ["ORUOHS", "WAUUHS"], "7": ["FREESHARE"]},
            "do_not_route": ["CTUYAL"], "manual_map": ["ORUOHS"]}
    assert client.put(TABLE, json=body, headers=admin).status_code == 200
    assert client.get(TABLE).json == {"libid": "ORUPAC", **body}


@pytest.mark.parametrize(("body", "field"), [
    ({"cells": {"1": ["ORUQQQ"]}}, "cells.1[0]"),                  # unknown LIBID
    ({"cells": {"1": ["NOGROUP"]}}, "cells.1[0]"),                 # unknown group
    ({"cells": {"2": ["NEWENG"]}}, "cells.2[0]"),                  # not a member (R17)
    ({"cells": {"1": ["ORUOHS"], "3": ["ORUOHS"]}}, "cells.3[0]"),  # in two cells
    ({"cells": {"1": ["ORUOHS", "ORUOHS"]}}, "cells.1[1]"),
    ({"cells": {"10": ["ORUOHS"]}}, "cells.10.key"),
    ({"cells": {"1": ["x y"]}}, "cells.1.value.0"),
    ({"cells": {"1": ["ORUOHS"] * 21}}, "cells.1.value"),
    ({"do_not_route": ["ORUQQQ"]}, "do_not_route[0]"),
    ({"manual_map": ["ORUQQQ"]}, "manual_map[0]"),
    ({"manual_map": ["ORUOHS"] * 10}, "manual_map"),
    ({"libid": "ORUOHS"}, "libid"),
    ({"cells": {}, "colour": "red"}, "colour"),
])
def test_bad_tables_are_422_naming_the_field_and_change_nothing(client, network, admin, body,
                                                                 field):
    before = network.version()
    response = client.put(TABLE, json=full(body), headers=admin)
    assert response.status_code == 422 and response.mimetype == PROBLEM
    assert field in [p["field"] for p in response.json["errors"]], response.json
    assert network.version() == before


def test_manual_map_alone_keeps_the_cells(client, network, admin):
    client.put(TABLE, json=full({"cells": {"1": ["ORUOHS"]}}), headers=admin)
    response = client.put("/v1/libraries/ORUPAC/manual-map",
                          json={"manual_map": ["WAUUHS", "ORUOHS"]}, headers=admin)
    assert response.json == {"libid": "ORUPAC", "manual_map": ["WAUUHS", "ORUOHS"]}
    assert client.get(TABLE).json["cells"] == {"1": ["ORUOHS"]}
    assert client.get("/v1/libraries/ORUPAC/manual-map").json["manual_map"] == \
        ["WAUUHS", "ORUOHS"]
    bad = client.put("/v1/libraries/ORUPAC/manual-map", json={"manual_map": ["ORUQQQ"]},
                     headers=admin)
    assert bad.status_code == 422 and bad.json["errors"][0]["field"] == "manual_map[0]"


def test_unknown_library_is_404(client, network, admin):
    assert client.get("/v1/libraries/ORUXXX/routing-table").status_code == 404
    assert client.put("/v1/libraries/ORUXXX/routing-table", json=full({}),
                      headers=admin).status_code == 404
    assert client.get("/v1/libraries/ORUXXX/routing-table/lint").status_code == 404


def lint_codes(client, at="2026-12-25") -> set:
    found = client.get(f"{TABLE}/lint?at={at}").json["findings"]
    return {(f["cell"], f["entry"], f["code"]) for f in found}


def test_lint_reports_inactive_entries_shared_group_cells_and_empty_cells(client, network,
                                                                          admin):
    body = {"cells": {"1": ["ORUCLO", "WAUAWY"], "3": ["ORUOHS", "FREESHARE"]}}
    assert client.put(TABLE, json=full(body), headers=admin).status_code == 200
    assert lint_codes(client) == {
        (1, "ORUCLO", "CLOSED"), (1, "WAUAWY", "OUT_OF_OFFICE"),
        (3, "FREESHARE", "GROUP_SHARES_CELL"), (2, None, "EMPTY_CELL")}
    assert (1, "WAUAWY", "OUT_OF_OFFICE") not in lint_codes(client, at="2026-11-23")


def test_lint_checks_most_requested_titles_only_with_request_history(client, network, admin):
    client.put(TABLE, json=full({"cells": {"1": ["WAUUHS"], "2": ["ORUOHS"]}}), headers=admin)
    assert client.get(f"{TABLE}/lint").json["top_titles"] == []
    network.driver.execute_query(
        "MATCH (s:Serial {nlm_uid: '7501160'}) "
        "UNWIND range(1, 3) AS i CREATE (r:Request {borrower: 'ORUPAC'})-[:FOR_TITLE]->(s)",
        database_=network.database)
    body = client.get(f"{TABLE}/lint").json
    assert body["top_titles"] == ["7501160"]
    assert {(f["cell"], f["code"]) for f in body["findings"]} == {(1, "FEW_TOP_TITLES")}
