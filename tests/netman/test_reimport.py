"""Issue 14.4: an import states the network for what it names. Importing the demo bundle
again, or any of its sections again, leaves every count and the exported bundle as one import
left them (libraries + routing tables together used to duplicate routing links)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graphsvc.store.neo4j import delete_everything
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


def _fewer_issns(bundle: dict) -> tuple[dict, dict]:
    """The bundle with its first serial of two ISSNs keeping only the first; that serial."""
    serial = next(s for s in bundle["serials"] if len(s.get("issns", ())) >= 2)
    fewer = {**serial, "issns": serial["issns"][:1]}
    return dict(bundle, serials=[fewer if s is serial else s for s in bundle["serials"]]), fewer


def _fresh_snapshot(client, store, make_token, bundle: dict) -> tuple:
    """The snapshot of ``bundle`` imported into an empty database; then empty it again."""
    delete_everything(store)
    _import(client, bearer(make_token("admin")), bundle)
    snapshot = graph_snapshot(store)
    delete_everything(store)
    return snapshot


@pytest.mark.parametrize("subset", [False, True], ids=["whole bundle", "serials only"])
def test_reimporting_a_serial_with_fewer_issns_states_its_issns(client, store, make_token,
                                                                subset):
    """The serial's ISSN links after the import are the bundle's: the dropped ISSN names no
    serial any more, and counts and bundle equal one import of the new bundle."""
    changed, serial = _fewer_issns(DEMO)
    expected = _fresh_snapshot(client, store, make_token, changed)
    admin = bearer(make_token("admin"))
    _import(client, admin, DEMO)
    dropped = next(s for s in DEMO["serials"] if s["nlm_uid"] == serial["nlm_uid"])["issns"][1]
    assert store.serials_by_issn([dropped])
    _import(client, admin, {"serials": changed["serials"]} if subset else changed)
    assert not store.serials_by_issn([dropped])
    kept = store.serials_by_issn(serial["issns"][:1])
    assert [s.nlm_uid for found in kept.values() for s in found] == [serial["nlm_uid"]]
    assert _without_tokens(graph_snapshot(store)) == _without_tokens(expected)
    _import(client, admin, changed)  # and once more: nothing moves
    assert _without_tokens(graph_snapshot(store)) == _without_tokens(expected)


def _without_tokens(snapshot: tuple) -> tuple:
    census, bundle = snapshot
    return {k: n for k, n in census.items() if k != ":Token"}, bundle


def test_the_difference_import_states_a_serials_issns(client, store, make_token):
    """``graphsvc import`` into a populated database writes the differences only: a serial
    whose ISSNs shrank is among them, and its dropped ISSN goes (the undo would put it back)."""
    from graphsvc.services.network import import_large_bundle

    changed, serial = _fewer_issns(DEMO)
    expected = _fresh_snapshot(client, store, make_token, changed)
    _import(client, bearer(make_token("admin")), DEMO)
    answer = import_large_bundle(store, changed)
    assert answer["path"] == "differences" and answer["serials"] == 1, answer
    assert _without_tokens(graph_snapshot(store)) == _without_tokens(expected)
    assert import_large_bundle(store, changed)["serials"] == 0
    assert _without_tokens(graph_snapshot(store)) == _without_tokens(expected)


def test_reimporting_serials_without_their_title_change_removes_the_link(client, store,
                                                                         make_token):
    old = {"nlm_uid": "0000001", "title": "Old title", "issns": ["1111-1111"]}
    new = {"nlm_uid": "0000002", "title": "New title", "issns": ["2222-2222"]}
    linked = {"serials": [{**old, "continued_by": "0000002"}, {**new, "continues": "0000001"}]}
    unlinked = {"serials": [old, new]}
    expected = _fresh_snapshot(client, store, make_token, unlinked)
    admin = bearer(make_token("admin"))
    _import(client, admin, linked)
    assert graph_snapshot(store)[0]["CONTINUES"] == 1
    _import(client, admin, unlinked)
    assert _without_tokens(graph_snapshot(store)) == _without_tokens(expected)
    _import(client, admin, {"serials": [{**new, "continues": "0000001"}]})  # one end says it
    assert graph_snapshot(store)[0]["CONTINUES"] == 1
