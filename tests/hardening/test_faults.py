"""Database faults, on a separate embedded server (the session's one is left alone): the
server is killed in the middle of an import and of request traffic, then started again on
the same ports. The import leaves nothing behind; reads answer 503 with Retry-After within
seconds; /v1/ready says not ready; once the server is back the same app answers again.

Routing answers 503 too while the database is down: the cached network graph is not
used blind (its version check needs the database; an ISSN lookup would fail anyway).
"""

from __future__ import annotations

import threading
import time

import pytest
import requests

from graphsvc.errors import StoreError, StoreUnavailable
from graphsvc.io.generate import generate_network
from graphsvc.network import canonical
from graphsvc.store import embedded
from graphsvc.store.neo4j import Neo4jStore
from tests.browser.live import serving
from tests.hardening.leaks import assert_no_internals
from tests.hardening.network import ROUTING_BODY, hardening_network

QUICK = 6.0  # seconds within which a read must answer 503 while the database is down


@pytest.fixture(scope="module")
def fault_server(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("fault-db")
    server = embedded.start(data_dir)
    yield data_dir, server
    embedded.stop(data_dir, timeout=5)


def kill(data_dir) -> None:
    embedded.stop(data_dir, timeout=0.1)  # SIGTERM, then SIGKILL after 0.1 s: a crash


def restart_on_same_ports(data_dir, server, monkeypatch):
    ports = iter([server.bolt_port, server.http_port])
    monkeypatch.setattr(embedded, "_free_port", lambda: next(ports))
    again = embedded.start(data_dir)
    assert again.bolt_port == server.bolt_port
    return again


def timed_get(url: str) -> tuple[requests.Response, float]:
    start = time.monotonic()
    response = requests.get(url, timeout=60)
    return response, time.monotonic() - start


def test_killed_database_mid_import_and_mid_traffic(fault_server, monkeypatch):
    data_dir, server = fault_server
    store = Neo4jStore(server.uri, server.auth, database=server.database,
                       timeout=3.0, max_retry_time=2.0)  # as api/extensions.py builds it
    store.ensure_schema()
    store.import_network(hardening_network())
    before = canonical(store.export_network())
    from api import create_app

    app = create_app({"TESTING": True, "STORE": store})
    with serving(app) as live:
        assert requests.get(f"{live.url}/v1/libraries", timeout=30).status_code == 200
        assert requests.post(f"{live.url}/v1/routing/lender-sequence", json=ROUTING_BODY,
                             timeout=30).status_code == 200

        failures: list[Exception] = []

        def big_import():
            try:
                store.import_network(generate_network(libraries=300, serials=600, seed=3))
            except (StoreUnavailable, StoreError) as exc:  # which one depends on the moment
                failures.append(exc)

        importer = threading.Thread(target=big_import)
        importer.start()
        time.sleep(1.0)
        assert importer.is_alive(), "the import ended before the database was killed"
        kill(data_dir)

        response, took = timed_get(f"{live.url}/v1/libraries")
        assert response.status_code == 503 and took < QUICK, (response.status_code, took)
        assert response.headers["Content-Type"] == "application/problem+json"
        assert int(response.headers["Retry-After"]) > 0
        ready, took = timed_get(f"{live.url}/v1/ready")
        assert ready.status_code == 503 and took < QUICK and ready.headers["Retry-After"]
        routed = requests.post(f"{live.url}/v1/routing/lender-sequence", json=ROUTING_BODY,
                               timeout=60)
        assert routed.status_code == 503 and routed.headers["Retry-After"]
        for answer in (response, ready, routed):
            assert_no_internals(answer.text)  # a 503 used to name 127.0.0.1:<port>
        importer.join(timeout=60)
        assert failures, "the import did not fail although the database died under it"

        restart_on_same_ports(data_dir, server, monkeypatch)
        deadline = time.monotonic() + 60
        while requests.get(f"{live.url}/v1/ready", timeout=60).status_code != 200:
            assert time.monotonic() < deadline, "the service did not recover"
            time.sleep(0.5)
        assert requests.get(f"{live.url}/v1/libraries", timeout=60).status_code == 200
        routed = requests.post(f"{live.url}/v1/routing/lender-sequence", json=ROUTING_BODY,
                               timeout=60)
        assert routed.status_code == 200 and routed.json()["lenders"]
    assert canonical(store.export_network()) == before  # nothing of the killed import
    store.close()
