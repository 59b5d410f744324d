"""The help-desk page in headless Chromium: fill the form, read the suggestions and the map."""

from __future__ import annotations

import contextlib

import pytest

from tests.referral_api.network import PORTLAND


@pytest.fixture
def loaded(store):
    store.import_network(PORTLAND)
    return store


def wait_until_answered(browser, timeout=15):
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(browser, timeout).until(
        lambda b: b.find_element("tag name", "body").get_attribute("data-state") == "done")


def ask(browser, url, *, where, category=None, specialty="", affiliation=""):
    from selenium.webdriver.support.ui import Select

    browser.get(f"{url}/help-desk")
    browser.find_element("id", "where").send_keys(where)
    if category:
        Select(browser.find_element("id", "category")).select_by_value(category)
    browser.find_element("id", "specialty").send_keys(specialty)
    browser.find_element("id", "affiliation").send_keys(affiliation)
    browser.find_element("id", "submit").click()
    wait_until_answered(browser)


def shown_suggestions(browser):
    items = browser.find_elements("css selector", "#results li.suggestion")
    return [{"libid": li.get_attribute("data-libid"),
             "name": li.find_element("css selector", ".name").text,
             "reasons": [b.get_attribute("data-reason")
                         for b in li.find_elements("css selector", ".badge")],
             "explanation": [e.text for e in li.find_elements("css selector", ".explanation li")]}
            for li in items]


def test_a_help_desk_answer_lists_libraries_with_reasons_and_a_map(browser, live_server, loaded,
                                                                    screenshots):
    ask(browser, live_server.url, where="97201", specialty="oncologist")
    shown = shown_suggestions(browser)
    assert len(shown) == 5
    assert (shown[0]["libid"], shown[0]["reasons"]) == ("ORCLEG", ["NEAREST"])
    assert shown[0]["name"] == "Legacy Good Samaritan Library"
    by_libid = {s["libid"]: s for s in shown}
    assert by_libid["ORCSAL"]["reasons"] == ["SUBJECT_EXPERTISE"]
    assert by_libid["ORCSAL"]["explanation"] == ["declares subject expertise in oncology, 69.6 km"]
    assert by_libid["ORUOHS"]["reasons"] == ["LARGE_COLLECTION"]
    assert "Portland, OR (ZIP 97201)" in browser.find_element("id", "located").text
    assert "Prices and services vary" in browser.find_element("id", "note").text
    markers = browser.find_elements("css selector", "#map g.library")
    assert sorted(m.get_attribute("data-libid") for m in markers) == sorted(by_libid)
    assert browser.find_element("css selector", "#map .scale-label").text.endswith(" km")
    outlines = browser.find_elements("css selector", "#map g.states path.state")
    assert len(outlines) >= 50  # the state outlines under the libraries, as on the dashboard
    links = {a.text: a.get_attribute("href") for a in browser.find_elements(
        "css selector", "header.site nav a")}
    assert links["Dashboard"].endswith("/dashboard") and links["API docs"].endswith("/v1/docs")
    size = browser.get_window_size()
    browser.set_window_size(1200, 1450)
    browser.save_screenshot(str(screenshots / "help-desk.png"))
    browser.set_window_size(size["width"], size["height"])


def test_a_place_and_an_affiliation(browser, live_server, loaded):
    ask(browser, live_server.url, where="Bend, OR", category="AFFILIATED", affiliation="orckai")
    shown = shown_suggestions(browser)
    assert (shown[0]["libid"], shown[0]["reasons"]) == ("ORCKAI", ["AFFILIATION"])
    assert "ORCBEN" in [s["libid"] for s in shown]


def test_an_unknown_zip_is_shown_against_its_field(browser, live_server, loaded):
    ask(browser, live_server.url, where="00000")
    problem = browser.find_element("id", "problem")
    assert problem.is_displayed()
    assert problem.find_element("css selector", "li[data-field=zip]").text == \
        "zip: unknown ZIP code '00000'"
    assert browser.find_element("id", "where").get_attribute("aria-invalid") == "true"
    assert not browser.find_element("id", "answer").is_displayed()


def test_the_page_loads_nothing_from_elsewhere(browser, live_server, loaded):
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(f"{live_server.url}/help-desk")
    asked_for = browser.execute_script(
        "return [...document.querySelectorAll('script[src], link[href], img[src]')]"
        ".map(e => e.src || e.href)")
    assert asked_for and all(u.startswith(live_server.url) for u in asked_for)
    # What scripts fetched as well. Chromium may list resource timings a moment after the
    # load event (once, in CI, none were listed yet): give them a few seconds to appear.
    def fetched(b):
        return b.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")

    with contextlib.suppress(TimeoutException):
        WebDriverWait(browser, 5).until(fetched)
    assert all(u.startswith(live_server.url) for u in fetched(browser))


def test_copy_as_text_gives_a_plain_answer_with_contacts(browser, live_server, store):
    from tests.referral_api.test_contact_details import CONTACT, with_contact

    store.import_network(with_contact(PORTLAND, "ORCLEG"))
    ask(browser, live_server.url, where="97201")
    first = browser.find_element("css selector", "#results li.suggestion .contact").text
    assert CONTACT["address"] in first and CONTACT["phone"] in first
    browser.find_element("id", "copy-text").click()
    text = browser.find_element("id", "answer-text").get_attribute("value")
    assert text.startswith("Patron placed at Portland, OR (ZIP 97201).")
    assert "1. Legacy Good Samaritan Library (ORCLEG)" in text
    assert "Portland, OR, 0.2 km away" in text
    assert f"{CONTACT['address']}, Portland, OR" in text and f"Phone {CONTACT['phone']}" in text
    assert "- nearest library that serves unaffiliated health professionals, 0.2 km" in text
    assert text.rstrip().endswith("make arrangements with each library directly.")
    assert "Prices and services vary" in text
    assert browser.find_element("tag name", "body").get_attribute("data-copied")
