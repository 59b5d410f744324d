"""Settings are read without side effects; starting the embedded database is an explicit step."""

from __future__ import annotations

import pytest

from api.config import from_env
from graphsvc.cli import main
from graphsvc.commands import bench
from graphsvc.errors import StoreUnavailable
from graphsvc.settings import DatabaseSettings, read_settings
from graphsvc.store.connect import start_database


def test_reading_settings_starts_no_database(tmp_path, monkeypatch):
    monkeypatch.delenv("GRAPHSVC_NEO4J_URI", raising=False)
    monkeypatch.setenv("GRAPHSVC_DATA_DIR", str(tmp_path / "var"))
    assert read_settings().data_dir == tmp_path / "var"
    with pytest.raises(StoreUnavailable, match="GRAPHSVC_NEO4J_URI"):
        from_env()
    assert not (tmp_path / "var").exists()  # no server, no password file, nothing


def test_a_configured_database_is_used_as_it_is(tmp_path):
    database = DatabaseSettings("bolt://db.example:7687", "neo4j", "secret", "graph")
    settings = read_settings({"GRAPHSVC_DATA_DIR": str(tmp_path),
                              **database.as_environment()})
    assert settings.database == database
    assert start_database(settings) == database
    assert not any(tmp_path.iterdir())


def test_bench_outside_a_checkout_says_so(tmp_path, monkeypatch):
    monkeypatch.setattr(bench, "REPO", tmp_path)
    with pytest.raises(SystemExit, match="source checkout"):
        main(["bench", "--scale", "tiny", "--no-doc"])


def test_snapshots_live_in_the_data_dir_unless_named_or_turned_off(tmp_path):
    data = {"GRAPHSVC_DATA_DIR": str(tmp_path / "var")}
    assert read_settings(data).snapshot_dir == tmp_path / "var" / "snapshots"
    named = {**data, "GRAPHSVC_SNAPSHOT_DIR": str(tmp_path / "snaps")}
    assert read_settings(named).snapshot_dir == tmp_path / "snaps"
    assert read_settings({**data, "GRAPHSVC_SNAPSHOT_DIR": ""}).snapshot_dir is None


def test_serve_settings_are_whole_numbers_named_when_wrong():
    import pytest

    from graphsvc.settings import read_settings

    assert read_settings({}).requests_per_connection == 100
    assert read_settings({"GRAPHSVC_REQUESTS_PER_CONNECTION": "0"}).requests_per_connection == 0
    assert read_settings({"GRAPHSVC_INDEX_LAG_S": "5"}).index_lag_s == 5
    with pytest.raises(ValueError, match="GRAPHSVC_REQUESTS_PER_CONNECTION must be a whole "
                                         "number of answers"):
        read_settings({"GRAPHSVC_REQUESTS_PER_CONNECTION": "-1"})
    with pytest.raises(ValueError, match="GRAPHSVC_INDEX_LAG_S must be a whole number of "
                                         "seconds"):
        read_settings({"GRAPHSVC_INDEX_LAG_S": "soon"})
