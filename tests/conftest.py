"""Fixtures: one embedded Bolt server per test session, an emptied store per test, the app."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphsvc.store import embedded
from graphsvc.store.neo4j import Neo4jStore, delete_everything

pytest_plugins = ["tests.graph_snapshot"]  # the graph_unchanged fixture

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def pytest_addoption(parser):
    parser.addoption("--screenshots", metavar="DIR", default=None,
                     help="folder for the browser tests' screenshots (`make screenshots` "
                          "passes docs/); default: a scratch folder of the run")


@pytest.fixture(scope="session")
def bolt_server(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("arcadedb")
    server = embedded.start(data_dir)
    yield server
    embedded.stop(data_dir, timeout=5)  # a throw-away database: no need to wait long


@pytest.fixture(scope="session")
def session_store(bolt_server):
    store = Neo4jStore(bolt_server.uri, bolt_server.auth, database=bolt_server.database)
    store.ensure_schema()
    yield store
    store.close()


@pytest.fixture
def store(session_store):
    delete_everything(session_store)
    return session_store


@pytest.fixture
def app(store):
    from api import create_app

    return create_app({"TESTING": True, "STORE": store})


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def shared_data():
    if not SHARED_DATA.is_dir():
        pytest.skip(f"real data folder {SHARED_DATA} is absent")
    return SHARED_DATA
