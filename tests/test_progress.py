"""Long commands draw a progress bar on a terminal and stay quiet when piped."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys

import pytest

from graphsvc.cli import main
from graphsvc.io.bundle import dump_bundle
from tests.store.test_store import literal_network
from tests.test_cli import cli_store  # noqa: F401  (fixture)

GENERATE = ["generate", "--libraries", "20", "--serials", "30", "--seed", "2"]


def _graphsvc(args, **kwargs):
    return subprocess.run([sys.executable, "-m", "graphsvc.cli", *args], check=True,
                          timeout=120, **kwargs)


def test_generate_piped_has_no_bar(tmp_path):
    done = _graphsvc([*GENERATE, "--out", str(tmp_path / "n.json")], capture_output=True,
                     text=True)
    assert "wrote" in done.stdout
    assert done.stderr == ""


def test_generate_on_a_terminal_draws_a_bar(tmp_path):
    main_fd, terminal = pty.openpty()
    try:
        _graphsvc([*GENERATE, "--out", str(tmp_path / "n.json")], stdout=subprocess.PIPE,
                  stderr=terminal)
        os.close(terminal)
        drawn = b""
        while True:
            try:
                chunk = os.read(main_fd, 4096)
            except OSError:  # the terminal closed: everything was read
                break
            if not chunk:
                break
            drawn += chunk
    finally:
        os.close(main_fd)
    assert b"2/2" in drawn and b"write" in drawn


@pytest.mark.parametrize("terminal", [False, True])
def test_import_shows_rows_only_on_a_terminal(cli_store, tmp_path, capsys, monkeypatch,  # noqa: F811
                                              terminal):
    monkeypatch.setattr("graphsvc.progress.on_terminal", lambda file=None: terminal)
    source = tmp_path / "in.json"
    source.write_text(json.dumps(dump_bundle(literal_network())))
    assert main(["import", str(source)]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["libraries"] == 5
    assert ("row" in captured.err) is terminal
