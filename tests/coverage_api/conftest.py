"""The literal coverage network loaded into the real database, with a year of requests."""

from __future__ import annotations

import datetime as dt

import pytest

from graphsvc.model import Citation, RoutingRequest
from graphsvc.services import requests as request_service
from graphsvc.store.neo4j import delete_everything
from tests.coverage_api.network import T1, coverage_network

PACIFIC = dt.timezone(dt.timedelta(hours=-7))


def at(day: int, hour: int) -> dt.datetime:
    return dt.datetime(2026, 5, day, hour, tzinfo=PACIFIC)


def _request(store, borrower: str, year: int, day: int) -> str:
    question = RoutingRequest(borrower, Citation(nlm_uid=T1, year=year), at=at(day, 9), seed=1)
    return request_service.create_request(store, question)["id"]


def request_history(store) -> None:
    """ORUOHS receives two requests and fills one (50%); WAUUHS receives one and fills it."""
    filled = _request(store, "ORCPRO", 2015, 4)
    request_service.act(store, filled, "RECEIVE", lender="ORUOHS", at=at(4, 10))
    request_service.act(store, filled, "FILL", lender="ORUOHS", at=at(4, 11))
    unfilled = _request(store, "ORCPRO", 2016, 5)
    request_service.act(store, unfilled, "RECEIVE", lender="ORUOHS", at=at(5, 10))
    request_service.act(store, unfilled, "NOT_FILL", lender="ORUOHS", reason="NOS",
                        at=at(5, 11))
    by_rml = _request(store, "ORUOHS", 1995, 6)
    request_service.act(store, by_rml, "RECEIVE", lender="WAUUHS", at=at(6, 10))
    request_service.act(store, by_rml, "FILL", lender="WAUUHS", at=at(6, 11))


@pytest.fixture(scope="module")
def loaded(session_store):
    """The network, loaded once per test module (the tests only read it)."""
    delete_everything(session_store)
    session_store.import_network(coverage_network())
    return session_store


@pytest.fixture(scope="module")
def with_requests(loaded):
    request_history(loaded)
    return loaded


@pytest.fixture
def app(loaded):
    from api import create_app

    return create_app({"TESTING": True, "STORE": loaded})


@pytest.fixture
def cli_env(bolt_server, monkeypatch):
    """``graphsvc`` commands run against the test database."""
    user, password = bolt_server.auth
    monkeypatch.setenv("GRAPHSVC_NEO4J_URI", bolt_server.uri)
    monkeypatch.setenv("GRAPHSVC_NEO4J_USER", user)
    monkeypatch.setenv("GRAPHSVC_NEO4J_PASSWORD", password)
    monkeypatch.setenv("GRAPHSVC_NEO4J_DATABASE", bolt_server.database or "")
