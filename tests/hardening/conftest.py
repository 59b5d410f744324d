"""Hardening fixtures: the small network loaded, an admin token, the app over real HTTP."""

from __future__ import annotations

import pytest

from graphsvc.services.auth import create_token
from tests.browser.live import serving
from tests.hardening.network import hardening_network


@pytest.fixture
def loaded(store):
    store.import_network(hardening_network())
    return store


@pytest.fixture
def admin_secret(loaded):
    secret, _ = create_token(loaded, "admin")
    return secret


@pytest.fixture
def admin(admin_secret):
    return {"Authorization": f"Bearer {admin_secret}"}


@pytest.fixture
def live(app, loaded):
    """The app (real database, the network loaded) on a loopback port: ``live.url``."""
    with serving(app) as server:
        yield server
