"""The dashboard's library upkeep in headless Chromium, with a coordinator's token: merge a
library into another (previewed first), close one, assign a holdings subcoordinator."""

from __future__ import annotations

from graphsvc.services.auth import create_token
from tests.browser.test_dashboard import css, open_dashboard, wait_for
from tests.netman.test_closures import merging  # noqa: F401


def type_into(browser, field_id, text):
    field = browser.find_element("id", field_id)
    field.clear()
    field.send_keys(text)


def click(browser, button_id):
    browser.find_element("id", button_id).click()


def test_merge_close_and_subcoordinators_from_the_dashboard(browser, live_server, merging):
    secret, _ = create_token(merging, "coordinator", region="5")
    sub_secret, _ = create_token(merging, "subcoordinator", region="5")
    sub_id = merging.subcoordinators()[0]["hash"][:12]
    open_dashboard(browser, live_server.url)
    type_into(browser, "admin-token", secret)

    type_into(browser, "merge-source", "oruold")
    type_into(browser, "merge-target", "ORUNEW")
    click(browser, "merge-preview")
    wait_for(browser, "merge", "previewed")
    preview = browser.find_element("id", "merge-result").text
    assert "Would move 2 holdings of ORUOLD to ORUNEW: 1 titles added, 1 combined" in preview
    assert "WAUSEA's routing table, cell 2 (group GROUPA)" in preview
    assert merging.library("ORUOLD")["library"].participation == "FULL"  # a dry run
    click(browser, "merge-confirm")
    wait_for(browser, "merge")
    assert "ORUOLD is CLOSED" in browser.find_element("id", "merge-result").text
    assert merging.library("ORUOLD")["library"].participation == "CLOSED"

    type_into(browser, "close-libid", "ORUNEW")
    type_into(browser, "close-confirm", "ORUNEX")
    click(browser, "close-preview")
    wait_for(browser, "close", "failed")
    assert "confirm" in browser.find_element("id", "problem").text
    type_into(browser, "close-confirm", "ORUNEW")
    click(browser, "close-preview")
    wait_for(browser, "close", "previewed")
    assert "ORUNEW: 3 holdings would be deleted" in browser.find_element("id", "close-result").text
    click(browser, "close-submit")
    wait_for(browser, "close")
    assert merging.library("ORUNEW")["holdings"] == 0
    type_into(browser, "close-libid", "MAUTUF")
    type_into(browser, "close-confirm", "MAUTUF")
    click(browser, "close-preview")
    wait_for(browser, "close", "failed")  # region 7: not this coordinator's
    assert "may not change MAUTUF" in browser.find_element("id", "problem").text

    type_into(browser, "subs-id", sub_id)
    type_into(browser, "subs-libraries", "ORUNEW, WAUSEA")
    click(browser, "subs-assign")
    wait_for(browser, "subs")
    rows = [[td.text for td in r.find_elements("tag name", "td")]
            for r in css(browser, "#subs tbody tr")]
    assert rows == [[sub_id, "5", "ORUNEW, WAUSEA"]]
    assert sub_secret  # the subcoordinator's own token is never typed here
