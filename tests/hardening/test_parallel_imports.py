"""Issue 14.6: parallel imports of one bundle. Transient write conflicts are retried inside
the store; what still collides answers 503 with Retry-After, never 500, and no response
quotes the database's internals."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from neo4j.exceptions import TransientError

from graphsvc.errors import StoreBusy
from graphsvc.io.bundle import dump_bundle
from graphsvc.io.generate import generate_network
from graphsvc.store.neo4j import Neo4jStore
from tests.graph_snapshot import graph_snapshot
from tests.hardening.leaks import assert_no_internals


def test_four_parallel_imports(live, admin, loaded):
    bundle = dump_bundle(generate_network(libraries=30, serials=30, holdings=300, seed=4))

    def send(_):
        return requests.post(f"{live.url}/v1/imports", json=bundle, headers=admin, timeout=300)

    with ThreadPoolExecutor(max_workers=4) as pool:
        answers = list(pool.map(send, range(4)))
    for answer in answers:
        assert answer.status_code in (200, 409, 503), answer.text[:300]
        assert_no_internals(answer.text)
        if answer.status_code != 200:
            assert answer.headers["Content-Type"] == "application/problem+json"
            assert int(answer.headers["Retry-After"]) > 0
    assert 200 in [a.status_code for a in answers]
    after = graph_snapshot(loaded)
    assert send(0).status_code == 200
    assert graph_snapshot(loaded) == after  # the parallel ones duplicated nothing


def _collision() -> TransientError:
    """The error ArcadeDB sends when two transactions changed one page (built as the driver
    builds it from the server's answer)."""
    return TransientError._hydrate_neo4j(
        code="Neo.TransientError.Transaction.DeadlockDetected",
        message="Concurrent modification on page PageId(graphsvc/39/0) slot 150")


@pytest.fixture
def impatient(bolt_server, loaded):
    """A store whose driver gives up retrying at once, so that its own retries show."""
    store = Neo4jStore(bolt_server.uri, bolt_server.auth, database=bolt_server.database,
                       max_retry_time=0.0)
    yield store
    store.close()


def test_a_transient_conflict_is_retried_inside_the_store(impatient):
    attempts = []

    def work(tx):
        attempts.append(1)
        if len(attempts) == 1:
            raise _collision()
        return impatient.run(tx, "network/version")

    impatient.write(work)
    assert len(attempts) == 2


def test_a_conflict_that_persists_is_busy_without_internals(impatient):
    attempts = []

    def work(tx):
        attempts.append(1)
        raise _collision()

    with pytest.raises(StoreBusy) as caught:
        impatient.write(work)
    assert len(attempts) > 1
    assert_no_internals(str(caught.value))
    assert caught.value.retry_after > 0
