"""/v1/docs in headless Chromium: the API reference renders endpoints and their examples,
from files this server serves (no CDN)."""

from __future__ import annotations

import pytest


@pytest.fixture
def app(store):
    from api import create_app

    return create_app({"TESTING": True, "STORE": store, "AUTH_REQUIRED": False})


def test_the_api_reference_renders_endpoints_with_examples(browser, live_server):
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(f"{live_server.url}/v1/docs")
    WebDriverWait(browser, 30).until(lambda b: b.find_elements(
        "css selector", ".opblock-summary-path[data-path='/v1/requests/events']"))
    paths = {e.get_attribute("data-path")
             for e in browser.find_elements("css selector", ".opblock-summary-path")}
    assert {"/v1/routing/lender-sequence", "/v1/requests", "/v1/referrals"} <= paths
    block = browser.find_element("xpath", "//*[@data-path='/v1/routing/lender-sequence']"
                                          "/ancestor::div[contains(@class, 'opblock-post')]")
    block.find_element("css selector", ".opblock-summary").click()
    WebDriverWait(browser, 10).until(lambda b: "NCUSRC" in block.text)
    opened = block.text
    assert "0028-4793" in opened and "lenders" in opened  # the example request and answer
    links = {a.text: a.get_attribute("href") for a in browser.find_elements(
        "css selector", "header.site nav a")}
    assert links["Dashboard"].endswith("/dashboard") and links["API docs"].endswith("/v1/docs")
    scripts = [s.get_attribute("src") for s in browser.find_elements("css selector", "script")]
    assert all(src.startswith(live_server.url) for src in scripts if src)
