"""`graphsvc db start|stop|status`: the embedded Bolt server's own process."""

from __future__ import annotations

import json
import os
import stat

import pytest

from graphsvc.cli import main
from graphsvc.store import embedded


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("GRAPHSVC_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("GRAPHSVC_NEO4J_URI", raising=False)
    yield tmp_path
    embedded.stop(tmp_path, timeout=5)


def test_start_status_second_start_and_stop(data_dir, capsys):
    assert main(["db", "status"]) == 3
    assert main(["db", "start"]) == 0
    server = embedded.status(data_dir)
    assert server is not None and server.uri.startswith("bolt://127.0.0.1:")
    assert embedded.start(data_dir) == server  # reused, not a second server
    mode = stat.S_IMODE(os.stat(data_dir / embedded.PASSWORD_FILE).st_mode)
    assert mode == 0o600
    assert main(["db", "stop"]) == 0
    assert embedded.status(data_dir) is None
    assert "not running" in (capsys.readouterr().out.splitlines()[0])
    assert embedded.start(data_dir).password == server.password  # kept between starts


def test_stale_state_file_is_detected_and_replaced(data_dir):
    (data_dir / embedded.STATE_FILE).write_text(json.dumps(
        {"pid": 2**22 + 12345, "bolt_port": 1, "http_port": 2, "database": "graphsvc"}))
    assert embedded.status(data_dir) is None
    assert not (data_dir / embedded.STATE_FILE).exists()
    server = embedded.start(data_dir)
    assert server.pid != 2**22 + 12345 and embedded.status(data_dir) == server


def _service_login_works(server) -> bool:
    import neo4j

    with neo4j.GraphDatabase.driver(server.uri, auth=server.service_auth) as driver:
        try:
            driver.execute_query("RETURN 1 AS one", database_=server.database)
        except neo4j.exceptions.AuthError:
            return False
    return True


def test_a_server_started_before_the_service_user_gets_it_at_the_next_start(data_dir):
    """A server left running by a graphsvc of before the service's user (no such user, no
    ``service_user`` in its state file): the next start makes the user, so `serve` logs in."""
    from graphsvc.store import service_user

    server = embedded.start(data_dir)
    service_user._Admin(server.http_port, server.password).server_command(
        f"drop user {service_user.SERVICE_USER}")
    state_path = data_dir / embedded.STATE_FILE
    state = json.loads(state_path.read_text())
    state_path.write_text(json.dumps({k: v for k, v in state.items() if k != "service_user"}))
    assert not _service_login_works(server)
    assert embedded.start(data_dir) == server  # the same server, now with the user
    assert _service_login_works(server)
    assert json.loads(state_path.read_text())["service_user"] is True


def test_a_stop_with_a_client_still_connected_is_clean_and_keeps_what_was_written(data_dir,
                                                                                   caplog):
    """A running service keeps its driver's connections open: the server still stops at once
    on SIGTERM, having closed its database, and is not killed 30 s later."""
    from graphsvc.store.neo4j import Neo4jStore
    from tests.hardening.network import hardening_network

    server = embedded.start(data_dir)
    store = Neo4jStore(server.uri, server.auth, database=server.database)
    try:
        store.ensure_schema()
        store.import_network(hardening_network())
        with caplog.at_level("WARNING", logger="graphsvc.store.embedded"):
            assert embedded.stop(data_dir, timeout=20)
        assert not [r for r in caplog.records if "killed" in r.getMessage()]
    finally:
        store.close()
    again = embedded.start(data_dir)
    reopened = Neo4jStore(again.uri, again.auth, database=again.database)
    try:
        assert reopened.counts()["libraries"] == len(hardening_network().libraries)
    finally:
        reopened.close()
