"""The dashboard's report panels in headless Chromium: fill rates beside TTA removals, and the
borrowing/lending balance as tables and as a map layer, on a walked request history."""

from __future__ import annotations

from tests.browser.test_dashboard import css, open_dashboard, wait_for
from tests.reports_api.conftest import app, history, loaded  # noqa: F401
from tests.reports_api.test_compliance_http import judged  # noqa: F401


def rows(browser, selector):
    return {r.get_attribute("data-libid"): [td.text for td in r.find_elements("tag name", "td")]
            for r in css(browser, selector)}


def test_fill_rates_beside_removals_and_the_balance_layer(browser, live_server, loaded):
    history(live_server.app.test_client())
    open_dashboard(browser, live_server.url)
    wait_for(browser, "reports")
    lenders = rows(browser, "#lenders tbody tr")
    # WAUSEA: receipted B and C, filled C (100%); reached by A, B, C; A not receipted, B not
    # acted upon; B was a rush request.
    assert lenders["WAUSEA"] == ["WAUSEA", "RML", "2", "50%", "3", "1", "1", "67%", "1"]
    assert lenders["ORUOHS"] == ["ORUOHS", "RESOURCE", "1", "100%", "2", "0", "0", "0%", "0"]
    assert [r.text.split() for r in css(browser, "#balance-regions tbody tr")] == [
        ["5", "3", "2", "0.67"]]
    assert not css(browser, "#balance-layer circle")
    browser.find_element("id", "balance-layer-toggle").click()
    assert {c.get_attribute("data-libid"): c.get_attribute("class")
            for c in css(browser, "#balance-layer circle")} == {
        "ORUBOR": "balance even", "WAUSEA": "balance net-lender", "ORUOHS": "balance net-lender"}


def test_compliance_counts_per_region_with_drill_down(browser, live_server, judged):
    open_dashboard(browser, live_server.url)
    wait_for(browser, "reports")
    counts = {r.get_attribute("data-region"): [td.text for td in
                                               r.find_elements("tag name", "td")]
              for r in css(browser, "#compliance-regions tbody tr")}
    assert counts["5"][:2] == ["5", "4"] and counts["7"] == ["7", "1", "0", "0", "0", "1", "0", "0"]
    browser.find_element("css selector", "#compliance-regions tr[data-region='7'] button").click()
    wait_for(browser, "compliance", "shown")
    items = css(browser, "#compliance-breaches li")
    assert [(i.get_attribute("data-libid"), i.get_attribute("data-code")) for i in items] == [
        ("MAUNON", "FEWER_THAN_25_CURRENT_TITLES")]
    assert "at least 25 current journal subscriptions" in items[0].text
