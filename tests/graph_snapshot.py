"""What a test compares to show the graph did (or did not) change: every count and the bundle.

``graph_snapshot(store)`` gives the count of every node label and relationship type (tokens
and requests included, the version node left out) and the exported bundle. The
``graph_unchanged`` fixture (registered for every test in ``tests/conftest.py``) wraps it and
the network version, naming the part that differs::

    def test_something(client, network, graph_unchanged):
        with graph_unchanged("what was tried"):
            client.put(...)   # any number of refused writes
"""

from __future__ import annotations

import contextlib

import pytest

from graphsvc.io.bundle import dump_bundle


# The service's bookkeeping, not the network.
BOOKKEEPING = frozenset({":Meta", ":Change", ":HoldingsWrite", "HOLDINGS_WRITTEN"})


def graph_snapshot(store) -> tuple[dict[str, int], dict]:
    """Nodes per label and relationships per type (the service's bookkeeping left out: the
    network version, its change log, the record of holdings writes), and the exported bundle."""
    census = {k: n for k, n in store.census().items() if k not in BOOKKEEPING}
    return census, dump_bundle(store.export_network())


def assert_unchanged(store, before: tuple, what: str = "") -> None:
    """AssertionError naming the count or bundle section that differs from ``before``
    (a :func:`graph_snapshot` and the network version then)."""
    (census, bundle), version = before
    (census_now, bundle_now), version_now = graph_snapshot(store), store.version()
    assert census_now == census, f"{what}: counts changed"
    for section, records in bundle.items():
        assert bundle_now.get(section) == records, f"{what}: bundle section {section} changed"
    assert bundle_now == bundle, f"{what}: bundle changed"
    assert version_now == version, f"{what}: the network version moved"


@pytest.fixture
def graph_unchanged(store):
    """``with graph_unchanged(what):`` asserts the graph is as it was at the end of the block."""
    @contextlib.contextmanager
    def check(what: str = ""):
        before = (graph_snapshot(store), store.version())
        yield before
        assert_unchanged(store, before, what)
    return check
