"""Issue 14.9 and the data directory of 14.10, on a separate embedded server: stopped and
started again it takes its old ports when they are free; when they are taken it answers on
new ones and a running app follows it without a restart. Its files are the owner's only."""

from __future__ import annotations

import socket
import stat
import time

import pytest
import requests

from graphsvc.store import embedded
from graphsvc.store.neo4j import Neo4jStore
from tests.browser.live import serving
from tests.hardening.network import hardening_network


@pytest.fixture(scope="module")
def restart_dir(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("restart-db")
    yield data_dir
    embedded.stop(data_dir, timeout=5)


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _ready_within(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while requests.get(f"{url}/v1/ready", timeout=30).status_code != 200:
        assert time.monotonic() < deadline, "the app did not follow the restarted database"
        time.sleep(0.5)


def test_restarted_database_is_followed_by_a_running_app(restart_dir):
    first = embedded.start(restart_dir)
    store = Neo4jStore(first.uri, first.auth, database=first.database, timeout=3.0,
                       max_retry_time=2.0, relocate=embedded.locator(restart_dir))
    store.ensure_schema()
    store.import_network(hardening_network())
    from api import create_app

    app = create_app({"TESTING": True, "STORE": store})
    with serving(app) as live:
        assert requests.get(f"{live.url}/v1/libraries", timeout=30).status_code == 200

        embedded.stop(restart_dir)
        again = embedded.start(restart_dir)  # its ports are free again: the same ones
        assert (again.bolt_port, again.http_port) == (first.bolt_port, first.http_port)
        _ready_within(live.url)

        embedded.stop(restart_dir)
        with socket.socket() as squatter:  # another process took the old Bolt port
            squatter.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            squatter.bind(("127.0.0.1", first.bolt_port))
            squatter.listen()
            moved = embedded.start(restart_dir)
            assert moved.bolt_port != first.bolt_port
            _ready_within(live.url)
            answer = requests.get(f"{live.url}/v1/libraries", timeout=30)
            assert answer.status_code == 200 and answer.json()["count"] == 6
    assert store.uri == moved.uri
    store.close()

    assert _mode(restart_dir) == 0o700
    files = [p for p in restart_dir.rglob("*") if p.is_file()]
    assert files and {p.name: _mode(p) for p in files if _mode(p) & 0o077} == {}
