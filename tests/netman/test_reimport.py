"""Issue 14.4: an import states the network for what it names. Importing the demo bundle
again, or any of its sections again, leaves every count and the exported bundle as one import
left them (libraries + routing tables together used to duplicate routing links)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.graph_snapshot import graph_snapshot
from tests.netman.conftest import bearer

_FULL = json.loads((Path(__file__).resolve().parents[2] / "seeds" / "demo.json").read_text())
_TITLES = {s["nlm_uid"] for s in _FULL["serials"][:20]}  # every library and table, few titles
DEMO = dict(_FULL, serials=[s for s in _FULL["serials"] if s["nlm_uid"] in _TITLES],
            holdings=[h for h in _FULL["holdings"] if h["nlm_uid"] in _TITLES])


@pytest.fixture
def admin(store, make_token):
    return bearer(make_token("admin"))


def _import(client, admin, bundle):
    answer = client.post("/v1/imports", json=bundle, headers=admin)
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()


@pytest.mark.parametrize("sections", [
    ("regions", "libraries", "groups", "serials", "holdings", "routing_tables"),
    ("libraries", "routing_tables"),
    ("libraries", "groups", "routing_tables"),
    ("serials", "holdings"),
    ("regions",),
], ids="+".join)
def test_importing_again_changes_nothing(client, admin, store, sections):
    _import(client, admin, DEMO)
    once = graph_snapshot(store)
    assert once[0]["ROUTES_TO"] > 0 and once[0]["MANUAL"] > 0
    counted = _import(client, admin, {name: DEMO[name] for name in sections})
    assert counted == {name: len(DEMO[name]) if name in sections else 0 for name in DEMO}
    assert graph_snapshot(store) == once
