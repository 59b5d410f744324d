"""The coordinators' dashboard in headless Chromium: the map, the summary, a title search and
a what-if, on the literal coverage network (hand-counted) and on the demo network
(the README's screenshots dashboard.png and dashboard-what-if.png, written to docs/ only by
``make screenshots``).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from graphsvc import services
from tests.coverage_api.network import T1, T2, coverage_network

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "seeds" / "demo.json"


def wait_for(browser, name, value="done", timeout=20):
    from selenium.webdriver.support.ui import WebDriverWait

    def reached(b):
        state = b.find_element("tag name", "body").get_attribute(f"data-{name}")
        if value != "failed":
            assert state != "failed", f"{name} failed: {b.find_element('id', 'problem').text}"
        return state == value

    WebDriverWait(browser, timeout).until(reached)


def css(browser, selector):
    return browser.find_elements("css selector", selector)


def stat(browser, name, prefix="stat"):
    return browser.find_element("css selector", f"#{prefix}-{name} dd").text


def attribute_set(browser, selector, attribute):
    return {e.get_attribute(attribute) for e in css(browser, selector)}


def open_dashboard(browser, url):
    browser.get(f"{url}/dashboard")
    wait_for(browser, "map", "ready")
    wait_for(browser, "summary")


def search_title(browser, text):
    field = browser.find_element("id", "title-q")
    field.clear()
    field.send_keys(text)
    browser.find_element("id", "title-submit").click()
    wait_for(browser, "title")


def run_what_if(browser, *, regions="", states="", libraries="", outcome="done"):
    for name, value in (("regions", regions), ("states", states), ("libraries", libraries)):
        field = browser.find_element("id", f"offline-{name}")
        field.clear()
        field.send_keys(value)
    browser.find_element("id", "what-if-submit").click()
    wait_for(browser, "what-if", outcome)


# --- the literal network, counted by hand ------------------------------------------------------

@pytest.fixture
def literal(store):
    store.import_network(coverage_network())
    return store


def test_map_and_summary(browser, live_server, literal):
    open_dashboard(browser, live_server.url)
    assert len(css(browser, "#states path.state")) >= 50  # us-atlas: 50 states and DC
    assert attribute_set(browser, "#libraries circle.library", "data-libid") == {
        "WAUUHS", "ORUOHS", "ORCPRO", "WACSPO", "CAUUCS", "CACLAX", "NVCREN"}
    # Coloured by region: both Portland libraries share region 5's colour, Reno has region 6's.
    fill = {c.get_attribute("data-libid"): c.get_attribute("fill")
            for c in css(browser, "#libraries circle.library")}
    assert fill["ORUOHS"] == fill["ORCPRO"] == fill["WAUUHS"] != fill["NVCREN"] == fill["CACLAX"]
    assert (stat(browser, "libraries"), stat(browser, "titles"), stat(browser, "holdings")) == \
        ("7", "4", "11")
    from selenium.webdriver.support.ui import Select

    Select(browser.find_element("id", "scope-region")).select_by_value("5")
    browser.find_element("id", "scope-submit").click()
    wait_for(browser, "summary")
    assert [stat(browser, n) for n in ("libraries", "titles", "holdings", "single_holder_titles",
                                       "titles_held_only_outside", "not_reviewed",
                                       "routing_problems")] == ["4", "3", "6", "1", "1", "3", "1"]
    assert attribute_set(browser, "#states path.in-scope", "data-state") == {"OR", "WA"}


def test_a_summary_not_ready_yet_is_asked_again_after_retry_after(browser, live_server,
                                                                  literal, monkeypatch):
    """Right after a start the summary may be 503 with Retry-After (the network is loading):
    the page says it is waiting, asks again, and shows the summary once it comes."""
    from selenium.webdriver.support.ui import WebDriverWait

    from graphsvc.errors import NotReady
    from graphsvc.services import coverage as coverage_service

    summary, asked = coverage_service.summary, []

    def loading_at_first(*args, **kwargs):
        asked.append(1)
        if len(asked) <= 2:
            raise NotReady("the network is still loading")
        return summary(*args, **kwargs)

    monkeypatch.setattr(coverage_service, "summary", loading_at_first)
    browser.get(f"{live_server.url}/dashboard")
    box = browser.find_element("id", "problem")
    WebDriverWait(browser, 20).until(lambda b: box.get_attribute("data-waiting") == "true")
    assert "still loading" in box.text and "Asking again in 2 s" in box.text
    wait_for(browser, "summary")
    assert len(asked) == 3 and not box.is_displayed()
    assert stat(browser, "libraries") == "7"


def test_long_summary_lists_come_page_by_page(browser, live_server, literal):
    open_dashboard(browser, live_server.url)
    browser.execute_script("document.body.dataset.summaryPage = '1'")
    from selenium.webdriver.support.ui import Select

    Select(browser.find_element("id", "scope-region")).select_by_value("5")
    browser.find_element("id", "scope-submit").click()
    wait_for(browser, "summary")
    assert stat(browser, "not_reviewed") == "3"
    browser.find_element("xpath", "//summary[starts-with(., 'Not reviewed')]").click()
    shown = "#list-not_reviewed li"
    more = browser.find_element("css selector", "#list-not_reviewed button.more")
    assert len(css(browser, shown)) == 1 and more.text == "Show 1 more of 2"
    for count in (2, 3):
        more.click()
        from selenium.webdriver.support.ui import WebDriverWait

        WebDriverWait(browser, 10).until(lambda b, n=count: len(css(b, shown)) == n)
    assert not more.is_displayed()
    assert [li.text.split()[0] for li in css(browser, shown)] == ["ORCPRO", "ORUOHS", "WACSPO"]


def test_numbers_and_dates_are_shown_in_the_readers_locale(browser, live_server, literal):
    open_dashboard(browser, live_server.url)
    shown = browser.execute_script(
        "return [graphsvcFormat.number(1650000), graphsvcFormat.date('2026-10-05'),"
        " new Date(Date.UTC(2026, 9, 5, 12)).toLocaleDateString(navigator.language,"
        " {year: 'numeric', month: 'short', day: 'numeric'})]")
    assert re.fullmatch(r"1\D650\D000", shown[0]), shown
    assert shown[1] == shown[2] and "2026" in shown[1] and shown[1] != "2026-10-05"
    browser.find_element("xpath", "//summary[starts-with(., 'Not reviewed')]").click()
    reviewed = [li.text.rsplit(" — ", 1)[1] for li in css(
        browser, "#summary-lists details[open] li")]
    assert reviewed and all(r == "never" or ("20" in r and not re.search(r"\d{4}-\d\d", r))
                            for r in reviewed), reviewed


def test_title_search_colours_holders_and_charts_years(browser, live_server, literal):
    open_dashboard(browser, live_server.url)
    search_title(browser, "journal two")
    assert browser.find_element("id", "title-name").text == f"Journal Two ({T2})"
    # CACLAX's Level 2 holding is a holding on the map, but not an active holder in the chart.
    assert attribute_set(browser, "#libraries circle.holder", "data-libid") == {"ORCPRO",
                                                                                "CACLAX"}
    assert len(css(browser, "#libraries circle.not-holder")) == 5
    assert [r.get_attribute("data-libid") for r in css(browser, "#holders tbody tr")] == \
        ["CACLAX", "ORCPRO"]
    search_title(browser, T1)
    bars = [b for b in css(browser, "#year-chart rect.bar") if float(b.get_attribute("height"))]
    # 1990-2026 have holders: 37 years; 1995-2000 two in region 5; 2005-2010 one in each region.
    assert len(bars) == 37 + 6
    assert len(css(browser, "#year-chart rect.gap")) == 10  # 1980-1989


def test_what_if_lists_lost_titles_and_draws_the_area(browser, live_server, literal):
    open_dashboard(browser, live_server.url)
    run_what_if(browser, regions="5")
    assert (stat(browser, "titles_losing_last_holder", "count"),
            stat(browser, "title_years_lost", "count"),
            stat(browser, "borrowers_cut_off_in_cells_1_3", "count")) == ("1", "58", "2")
    assert [r.get_attribute("data-nlm-uid") for r in css(browser, "#lost tbody tr")] == [T2, T1]
    lost_t1 = css(browser, "#lost tbody tr")[1].text
    assert "1990–2004, 2011–2026" in lost_t1 and "CAUUCS 988 km" in lost_t1
    assert attribute_set(browser, "#libraries circle.offline", "data-libid") == {
        "WAUUHS", "ORUOHS", "ORCPRO", "WACSPO"}
    assert attribute_set(browser, "#libraries circle.backup", "data-libid") == {"CAUUCS",
                                                                                "CACLAX"}
    assert attribute_set(browser, "#states path.affected", "data-state") == {"OR", "WA"}
    assert attribute_set(browser, "#borrowers li", "data-libid") == {"CACLAX", "NVCREN"}
    run_what_if(browser, regions="9", outcome="failed")
    assert "unknown region '9'" in browser.find_element("id", "problem").text


# --- the demo network, for the README's screenshots ---------------------------------------------

@pytest.fixture
def demo(store):
    if not DEMO.exists():
        pytest.skip(f"{DEMO} is absent (make demo)")
    services.import_bundle(store, json.loads(DEMO.read_text(encoding="utf-8")))
    return store


def fit_page(browser, width=1280, most=2400):
    """Make the window as tall as the page (up to ``most``) so a screenshot shows it all."""
    height = browser.execute_script("return document.documentElement.scrollHeight")
    browser.set_window_size(width, min(most, height + 140))
    browser.execute_script("window.scrollTo(0, 0)")


def test_screenshots_on_the_demo_network(browser, live_server, demo, screenshots):
    size = browser.get_window_size()
    try:
        browser.set_window_size(1280, 1200)
        open_dashboard(browser, live_server.url)
        assert len(css(browser, "#libraries circle.library")) >= 140
        holdings = demo.counts()["holdings"]
        assert holdings > 1000  # shown with the reader's thousands separator
        assert re.fullmatch(r"\d{1,3}(\D\d{3})+", stat(browser, "holdings")), holdings
        search_title(browser, "international journal of cardiology")
        assert "cardiology" in browser.find_element("id", "title-name").text.lower()
        assert len(css(browser, "#libraries circle.holder")) >= 10
        assert css(browser, "#year-chart rect.bar")
        fit_page(browser)
        browser.save_screenshot(str(screenshots / "dashboard.png"))

        browser.set_window_size(1280, 1200)
        open_dashboard(browser, live_server.url)
        run_what_if(browser, regions="5")
        assert int(re.sub(r"\D", "", stat(browser, "titles_affected", "count"))) > 0
        assert css(browser, "#libraries circle.offline")
        assert browser.find_element("id", "what-if-result").is_displayed()
        fit_page(browser, most=1900)
        browser.save_screenshot(str(screenshots / "dashboard-what-if.png"))
    finally:
        browser.set_window_size(size["width"], size["height"])
    for name in ("dashboard.png", "dashboard-what-if.png"):
        assert (screenshots / name).stat().st_size > 20_000
