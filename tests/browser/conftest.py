"""Fixtures for pages in a real browser: ``live_server`` (the app over HTTP on a loopback port)
and ``browser`` (headless Chromium through Selenium, one per test session).

``live_server`` serves the ``app`` fixture, so a test module can override ``app`` (say, with
``AUTH_REQUIRED`` off) and still use it. ``browser`` skips, saying why, when Debian's
``chromium`` and ``chromedriver`` are not installed (``apt-get install chromium
chromium-driver``); the browser never reaches the network: pages load only this server.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

import pytest

from tests.browser.live import serving

CHROME_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-quic", "--no-first-run", "--disable-component-update",
                "--disable-sync", "--disable-dev-shm-usage", "--window-size=1200,1000")


@pytest.fixture
def live_server(app):
    """The test's app served over real HTTP: ``live_server.url`` is ``http://127.0.0.1:PORT``."""
    with serving(app) as server:
        yield server


@pytest.fixture(scope="session")
def screenshots(request, tmp_path_factory) -> Path:
    """Where screenshots go: ``--screenshots DIR`` (``make screenshots``: the README's
    docs/), else a scratch folder, so that ``make test`` leaves the tracked images alone."""
    chosen = request.config.getoption("--screenshots")
    folder = Path(chosen) if chosen else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _chromium() -> tuple[str, str] | None:
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    return (binary, driver) if binary and driver else None


@pytest.fixture(scope="session")
def browser():
    """A headless Chromium WebDriver with a fresh profile, closed after the session."""
    found = _chromium()
    if found is None:
        reason = "chromium/chromedriver not installed (apt-get install chromium chromium-driver)"
        print(f"skipping browser tests: {reason}", file=sys.stderr)
        pytest.skip(reason)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    binary, driver_path = found
    with tempfile.TemporaryDirectory(prefix="graphsvc-chromium-") as profile:
        options = webdriver.ChromeOptions()
        options.binary_location = binary
        for flag in (*CHROME_FLAGS, f"--user-data-dir={profile}"):
            options.add_argument(flag)
        driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
        driver.set_page_load_timeout(30)
        try:
            yield driver
        finally:
            driver.quit()
