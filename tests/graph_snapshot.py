"""The whole graph in a comparable form, to show that a refused write changed nothing.

``take(store)`` reads the count of every node label and relationship type (tokens, requests
and the version node included), the exported bundle and the network version;
``assert_unchanged(store, before)`` compares them and says which part differs. The
``graph_unchanged`` fixture wraps both::

    def test_something(client, network, graph_unchanged):
        with graph_unchanged():
            client.put(...)   # any number of refused writes
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

import pytest

from graphsvc import services


@dataclass(frozen=True)
class Snapshot:
    labels: dict
    relationships: dict
    bundle: dict
    version: int


def take(store) -> Snapshot:
    """The census, exported bundle and version of the stored graph now."""
    census = store.census()
    return Snapshot(census["labels"], census["relationships"], services.export_bundle(store),
                    store.version())


def assert_unchanged(store, before: Snapshot, what: str = "") -> None:
    """AssertionError naming the part of the graph that differs from ``before``."""
    after = take(store)
    for part in ("labels", "relationships", "version"):
        assert getattr(after, part) == getattr(before, part), f"{what}: {part} changed"
    for section, records in before.bundle.items():
        assert after.bundle.get(section) == records, f"{what}: bundle {section} changed"
    assert after.bundle == before.bundle, f"{what}: bundle changed"


@pytest.fixture
def graph_unchanged(store):
    """``with graph_unchanged(what):`` asserts the graph is the same at the end of the block."""
    @contextlib.contextmanager
    def check(what: str = ""):
        before = take(store)
        yield before
        assert_unchanged(store, before, what)
    return check
