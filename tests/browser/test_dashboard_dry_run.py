"""The dashboard's routing-table panel in headless Chromium: lint, then a dry run of a
proposed table on a walked request history (the dry-run HTTP tests' four requests)."""

from __future__ import annotations

import json

from tests.browser.test_dashboard import css, open_dashboard, wait_for
from tests.dry_run.test_dry_run_http import walk_history
from tests.requests_api.conftest import app, loaded  # noqa: F401


def test_a_coordinator_tries_a_proposed_table(browser, live_server, loaded):  # noqa: F811
    walk_history(live_server.app.test_client())
    open_dashboard(browser, live_server.url)
    browser.find_element("id", "table-libid").send_keys("orubor")
    browser.find_element("id", "table-load").click()
    wait_for(browser, "table")
    table = json.loads(browser.find_element("id", "dry-run-table").get_attribute("value"))
    assert table["cells"] == {"1": ["WAUSEA"], "2": ["ORUOHS"]}
    box = browser.find_element("id", "dry-run-table")
    box.clear()
    box.send_keys(json.dumps({"cells": {"1": ["ORUOHS"]}, "do_not_route": [],
                              "manual_map": []}))
    browser.find_element("id", "dry-run-submit").click()
    wait_for(browser, "dry-run")
    sides = [[c.text for c in r.find_elements("css selector", "th, td")]
             for r in css(browser, "#dry-run-sides tbody tr")]
    assert sides[0] == ["Lenders per request", "3", "2"]
    assert sides[3] == ["Expected fill at the first lender", "80%", "80%"]
    load = {r.get_attribute("data-libid"): [c.text for c in r.find_elements("tag name", "td")]
            for r in css(browser, "#dry-run-load tbody tr")}
    assert load == {"ORUOHS": ["ORUOHS", "0", "4", "+4"], "WAUSEA": ["WAUSEA", "4", "0", "-4"]}
    assert "4 requests of ORUBOR" in browser.find_element("id", "dry-run-facts").text


def test_a_proposed_table_that_is_not_json_says_so(browser, live_server, loaded):  # noqa: F811
    open_dashboard(browser, live_server.url)
    browser.find_element("id", "table-libid").send_keys("ORUBOR")
    browser.find_element("id", "table-load").click()
    wait_for(browser, "table")
    box = browser.find_element("id", "dry-run-table")
    box.clear()
    box.send_keys("{cells: nope")
    browser.find_element("id", "dry-run-submit").click()
    wait_for(browser, "dry-run", "failed")
    assert "not JSON" in browser.find_element("id", "problem").text
