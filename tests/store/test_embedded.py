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
