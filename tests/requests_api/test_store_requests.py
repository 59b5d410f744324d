"""RequestsStore on the real database: round trip, optimistic lock, due reads, no bump."""

from __future__ import annotations

import datetime as dt

import pytest

from graphsvc.errors import Conflict, NotFound
from graphsvc.requests import Step, apply_action, new_request
from graphsvc.store.requests import request_from, request_props
from tests.requests_api.conftest import network

UTC = dt.UTC
MONDAY = dt.datetime(2026, 10, 5, 14, tzinfo=UTC)  # 10:00 Eastern


def tracked(rid="R1", **changes):
    return new_request(rid, "ORUBOR", [Step("WAUSEA", "CELL", 1), Step("MDUNLM", "NLM")],
                       at=MONDAY, nlm_uid="0255562", **changes)


@pytest.fixture
def loaded(store):
    store.import_network(network())
    return store


def test_properties_round_trip_every_field():
    req = apply_action(tracked(need_by=dt.date(2026, 10, 9), max_cost=12.5,
                               service_level="URGENT"),
                       "RECEIVE", lender="WAUSEA", at=MONDAY + dt.timedelta(hours=1))
    req = apply_action(req, "CANCEL", at=MONDAY + dt.timedelta(hours=2))
    props = request_props(req, version=4)
    assert all(v is not None for v in props.values())
    assert request_from(props) == (req, 4)


def test_stored_request_reads_back_equal_without_bumping_the_network(loaded):
    version = loaded.version()
    req = tracked()
    assert loaded.create_requests([req]) == 1
    assert loaded.request("R1") == (req, 1)
    assert loaded.request("R2") is None
    assert loaded.version() == version


def test_unknown_borrower_stores_nothing(loaded):
    stray = new_request("R2", "ORUXXX", [Step("WAUSEA", "CELL", 1)], at=MONDAY)
    with pytest.raises(NotFound, match="ORUXXX"):
        loaded.create_requests([tracked(), stray])
    assert loaded.request("R1") is None


def test_a_write_after_someone_else_changed_the_request_is_a_conflict(loaded):
    loaded.create_requests([tracked()])

    def receive(req):
        return apply_action(req, "RECEIVE", lender="WAUSEA", at=MONDAY + dt.timedelta(hours=1))

    def meddling(req):
        loaded.update_request("R1", receive)  # commits between our read and our write
        return receive(req)

    with pytest.raises(Conflict, match="changed while"):
        loaded.update_request("R1", meddling)
    stored, version = loaded.request("R1")
    assert (stored.status, version, len(stored.history)) == ("RECEIVED", 2, 2)


def test_due_requests_reads_only_requests_past_their_deadline(loaded):
    loaded.create_requests([tracked("R1"), tracked("R2", service_level="RUSH")])
    tuesday_run = dt.datetime(2026, 10, 6, 4, 5, tzinfo=UTC)
    assert [r.id for r, _ in loaded.due_requests(tuesday_run)] == ["R2"]
    assert sorted(r.id for r, _ in loaded.due_requests(tuesday_run + dt.timedelta(days=1))) == \
        ["R1", "R2"]
