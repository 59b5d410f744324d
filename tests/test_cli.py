"""The `graphsvc` command on the test database: import, export, generate."""

from __future__ import annotations

import json

import pytest

from graphsvc.cli import main
from graphsvc.io.bundle import dump_bundle
from graphsvc.network import canonical
from tests.store.test_store import literal_network


@pytest.fixture
def cli_store(store, bolt_server, monkeypatch):
    monkeypatch.setenv("GRAPHSVC_NEO4J_URI", bolt_server.uri)
    monkeypatch.setenv("GRAPHSVC_NEO4J_USER", "root")
    monkeypatch.setenv("GRAPHSVC_NEO4J_PASSWORD", bolt_server.password)
    monkeypatch.setenv("GRAPHSVC_NEO4J_DATABASE", bolt_server.database)
    return store


def test_import_then_export_bundle_round_trips(cli_store, tmp_path):
    source = tmp_path / "in.json"
    source.write_text(json.dumps(dump_bundle(literal_network())))
    assert main(["import", str(source)]) == 0
    assert main(["import", str(source)]) == 0  # idempotent
    assert cli_store.counts()["libraries"] == 5
    target = tmp_path / "out.json"
    assert main(["export", "bundle", str(target)]) == 0
    from graphsvc.io.bundle import load_bundle

    assert canonical(load_bundle(json.loads(target.read_text()))) == canonical(literal_network())


def test_bad_bundle_exits_non_zero_names_the_record_and_changes_nothing(cli_store, tmp_path,
                                                                        capsys):
    data = dump_bundle(literal_network())
    data["libraries"][1]["state"] = "QQ"
    source = tmp_path / "bad.json"
    source.write_text(json.dumps(data))
    assert main(["import", str(source)]) == 2
    assert "libraries[1]" in capsys.readouterr().err
    assert cli_store.counts()["libraries"] == 0


def test_generate_is_deterministic(tmp_path):
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    for path in (a, b):
        assert main(["generate", "--libraries", "30", "--serials", "50", "--seed", "3",
                     "--out", str(path)]) == 0
    assert a.read_text() == b.read_text()
    assert len(json.loads(a.read_text())["libraries"]) == 30
