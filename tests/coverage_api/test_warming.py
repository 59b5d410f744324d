"""The coverage index is built in the background for each loaded network version."""

from __future__ import annotations

import time

from graphsvc.coverage.index import coverage_index
from graphsvc.derived import cached
from graphsvc.services import coverage as coverage_service
from graphsvc.services import coverage_warm
from tests.coverage_api.network import T1


def until(check, timeout=20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.05)
    return False


def test_warm_loads_the_graph_then_builds_its_index(loaded):
    assert until(lambda: coverage_service.warm(loaded))
    G = loaded.network(max_age=1.0)
    assert cached(G, "coverage_index") is not None
    assert set(coverage_index(G).titles[T1].holders) == {"WAUUHS", "ORUOHS", "CAUUCS", "WACSPO"}


def test_the_app_starts_a_warmer_unless_testing(loaded):
    from api import create_app

    assert "coverage_warmer" not in create_app({"TESTING": True, "STORE": loaded}).extensions
    loaded.network_cache.clear()  # as after a new network version: no graph, no index
    app = create_app({"TESTING": True, "COVERAGE_WARM": True, "STORE": loaded})
    thread, stop = app.extensions["coverage_warmer"]
    try:
        assert thread.is_alive() and thread.name == "coverage-warmer"
        assert until(lambda: (G := loaded.network_ready()) is not None
                     and cached(G, "coverage_index") is not None)
    finally:
        stop.set()
        thread.join(timeout=10)
    assert not thread.is_alive()


def test_a_process_handed_its_index_by_another_builds_none_and_says_when_to_ask_again(
        loaded, monkeypatch):
    from api import create_app

    monkeypatch.setitem(coverage_warm._handed, "until", 0.0)  # restored after the test
    loaded.network_cache.clear()  # a graph with no index, as a worker forked before it
    G = loaded.network(max_age=1.0)
    coverage_service.expect_index(60)  # the master builds it (api/preload.py)
    assert not coverage_service.warm(loaded)
    client = create_app({"TESTING": True, "STORE": loaded}).test_client()
    answer = client.get("/v1/coverage/summary")
    assert answer.status_code == 503 and answer.headers["Retry-After"] == "2"
    assert answer.get_json()["title"] == "Not ready"
    assert cached(G, "coverage_index") is None  # neither the warmer nor the request built it
    coverage_service.expect_index(0)  # not handed after all (the wait is over): built here
    assert coverage_service.warm(loaded) and cached(G, "coverage_index") is not None
    assert client.get("/v1/coverage/summary").status_code == 200
