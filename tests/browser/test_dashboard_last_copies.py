"""The dashboard's "Last copies at risk" table in headless Chromium, on the literal coverage
network (T2's only active holder is ORCPRO, in Region 5)."""

from __future__ import annotations

from tests.browser.test_dashboard import css, open_dashboard, wait_for
from tests.coverage_api.conftest import app, loaded  # noqa: F401


def test_last_copies_per_region(browser, live_server, loaded):  # noqa: F811
    open_dashboard(browser, live_server.url)
    wait_for(browser, "last-copies")
    rows = {r.get_attribute("data-region"): [c.text for c in r.find_elements("tag name", "td")]
            for r in css(browser, "#last-copies tbody tr")}
    assert rows["5"] == ["5", "1", "1", "Journal Two (ORCPRO)"]
    assert rows["6"][:3] == ["6", "0", "0"]
