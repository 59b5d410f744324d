"""Network-management fixtures: a small literal network, tokens, the CLI on the test database."""

from __future__ import annotations

import datetime as dt

import pytest

from graphsvc.model import DateRange, Group, Holding, Library, Network, Range, Region, Serial
from graphsvc.services.auth import create_token


def small_network() -> Network:
    """Region 5 (OR, WA) and 7 (MA); FREESHARE has the three region-5 libraries."""
    return Network(
        regions=(Region("5", "Region 5", ("OR", "WA"), "WAUUHS"),
                 Region("7", "Region 7", ("MA", "CT"), None)),
        libraries=(
            Library("WAUUHS", "UW Health Sciences", type="RML", state="WA"),
            Library("ORUPAC", "Pacific University", state="OR"),
            Library("ORUOHS", "OHSU", state="OR"),
            Library("ORUCLO", "Closed Library", state="OR", participation="CLOSED"),
            Library("WAUAWY", "Away Library", state="WA",
                    out_of_office=(DateRange(dt.date(2026, 12, 20), dt.date(2027, 1, 5)),)),
            Library("MAUTUF", "Tufts", type="RESOURCE", state="MA"),
            Library("CTUYAL", "Yale", state="CT")),
        groups=(Group("FREESHARE", "FreeShare", members=("ORUOHS", "ORUPAC", "WAUUHS")),
                Group("NEWENG", "New England", members=("CTUYAL", "MAUTUF"))),
        serials=(Serial("0255562", "The New England journal of medicine",
                        ("0028-4793", "1533-4406")),
                 Serial("7501160", "JAMA", ("0098-7484", "1538-3598"))),
        holdings=(Holding("WAUUHS", "0255562", "PRINT", (Range("1", None, 1980, None),)),
                  Holding("ORUOHS", "7501160", "ELECTRONIC", (Range(None, None, 1998, None),))))


@pytest.fixture
def network(store):
    store.import_network(small_network())
    return store


@pytest.fixture
def make_token(store):
    """``make_token(role, region=None, libid=None)``: a new secret, stored hashed."""
    def make(role: str, *, region: str | None = None, libid: str | None = None) -> str:
        secret, _ = create_token(store, role, region=region, libid=libid)
        return secret
    return make


def bearer(secret: str | None) -> dict:
    return {"Authorization": f"Bearer {secret}"} if secret else {}


@pytest.fixture
def cli_env(bolt_server, session_store, monkeypatch):
    """``graphsvc`` commands run against the test database."""
    user, password = bolt_server.auth
    monkeypatch.setenv("GRAPHSVC_NEO4J_URI", bolt_server.uri)
    monkeypatch.setenv("GRAPHSVC_NEO4J_USER", user)
    monkeypatch.setenv("GRAPHSVC_NEO4J_PASSWORD", password)
    monkeypatch.setenv("GRAPHSVC_NEO4J_DATABASE", bolt_server.database or "")
