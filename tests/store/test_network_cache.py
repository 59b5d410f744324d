"""NetworkCache on its own (no database): what a request waits for, and what it does not."""

from __future__ import annotations

import threading
import time

import networkx as nx
import pytest

from graphsvc.errors import StoreUnavailable
from graphsvc.store.cache import MIN_VERSION, UNANSWERED_S, NetworkCache
from tests.coverage_api.test_warming import until


class SlowDatabase:
    """The version and the change log of a database whose version reads can be held up."""

    def __init__(self, version: int = 1):
        self.version_now = version
        self.answer = threading.Event()
        self.answer.set()
        self.reads = 0

    def version(self) -> int:
        self.reads += 1
        assert self.answer.wait(10), "the test never let the version read answer"
        return self.version_now

    def load(self, version: int) -> nx.MultiDiGraph:
        G = nx.MultiDiGraph()
        G.graph["version"] = version
        return G

    def catch_up(self, G: nx.MultiDiGraph, since: int) -> bool:
        G.graph["version"] = self.version_now
        return True


def _held(db: SlowDatabase) -> NetworkCache:
    cache = NetworkCache(db.version, db.load, db.catch_up)
    cache.get()  # loaded at the database's version, which is now known
    return cache


def test_an_old_version_reading_is_read_again_without_holding_up_the_request():
    db = SlowDatabase()
    cache = _held(db)
    G = cache.ready(max_age=1.0)
    reads = db.reads
    db.answer.clear()  # the database is slow to answer from now on (a write in progress)
    db.version_now = 2
    cache._checked -= 2.0  # the last reading is two seconds old
    started = time.monotonic()
    assert cache.ready(max_age=1.0) is G and G.graph["version"] == 1
    assert cache.ready(max_age=1.0) is G  # a second request meanwhile: no second reading
    assert time.monotonic() - started < 1.0
    assert until(lambda: db.reads == reads + 1)  # the reading runs in the background
    db.answer.set()
    assert until(lambda: G.graph["version"] == 2)  # and the graph is brought up to it
    assert cache.ready(max_age=1.0) is G


def test_a_fresh_reading_is_not_read_again():
    db = SlowDatabase()
    cache = _held(db)
    reads = db.reads
    for _ in range(5):
        cache.ready(max_age=60.0)
    time.sleep(0.05)
    assert db.reads == reads


def test_a_reader_that_must_see_a_newer_version_reads_it_at_once():
    db = SlowDatabase()
    cache = _held(db)
    db.version_now = 3
    token = MIN_VERSION.set(3)
    try:
        G = cache.ready(max_age=60.0)  # the reading is fresh, but older than what is asked
    finally:
        MIN_VERSION.reset(token)
    assert G is not None and G.graph["version"] == 3


def test_after_its_own_write_a_process_reads_no_version_on_a_requests_path():
    """The write's version is known to be the database's at least: readers get the graph the
    write patched at once, and any newer version is read in the background."""
    db = SlowDatabase()
    cache = _held(db)
    db.version_now = 2
    cache.written(2)
    assert cache.apply(2, lambda G: None)  # the write put itself in this process's graph
    db.answer.clear()
    started = time.monotonic()
    G = cache.ready(max_age=1.0)
    assert G is not None and G.graph["version"] == 2 and time.monotonic() - started < 1.0
    db.answer.set()


def test_a_database_that_does_not_answer_is_reported_by_the_requests():
    """While the background readings fail, requests read the version themselves and so report
    the outage (503 over HTTP), as they did before the readings moved to the background."""
    db = SlowDatabase()
    cache = _held(db)
    G = cache.ready(max_age=1.0)

    def away():
        raise StoreUnavailable("the graph database is unavailable")

    cache._version = away
    cache._checked -= 2.0
    assert cache.ready(max_age=1.0) is G  # this request is answered; the reading fails behind
    assert until(lambda: cache._unanswered)
    with pytest.raises(StoreUnavailable):
        cache.ready(max_age=1.0)
    cache._version = db.version  # back: the next request's own reading answers
    assert cache.ready(max_age=1.0) is G and not cache._unanswered


def test_a_reading_that_hangs_in_the_background_is_read_by_the_requests_in_the_end():
    db = SlowDatabase()
    cache = _held(db)
    db.answer.clear()
    cache._checked -= 1.0 + UNANSWERED_S  # the background readings have not answered since
    released = threading.Timer(0.3, db.answer.set)
    released.start()
    started = time.monotonic()
    assert cache.ready(max_age=1.0) is not None
    assert time.monotonic() - started >= 0.2  # it waited for its own reading
