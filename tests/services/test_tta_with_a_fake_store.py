"""A service rule tested on a small in-memory fake of one area of the store contract.

Only for unit tests of a service's own rule: integration tests use the real store on the
embedded database (tests/requests_api).
"""

from __future__ import annotations

from graphsvc.requests import TrackedRequest, new_request
from graphsvc.services.requests import run_tta
from graphsvc.store.contract import RequestHistory
from tests.requests.conftest import et, steps


class FakeRequestHistory:
    """Requests with versions in a dict; ``lose_race`` names requests another action changed
    between the TTA read and its write, so the store refuses to write them."""

    def __init__(self, *requests: TrackedRequest, lose_race: frozenset[str] = frozenset()):
        self.stored = {r.id: (r, 1) for r in requests}
        self.lose_race = lose_race

    def create_requests(self, requests):
        self.stored.update((r.id, (r, 1)) for r in requests)
        return len(self.stored)

    def request(self, request_id):
        return self.stored.get(request_id)

    def update_request(self, request_id, change):
        req, version = self.stored[request_id]
        self.stored[request_id] = (change(req), version + 1)
        return self.stored[request_id][0]

    def due_requests(self, at):
        return [(r, v) for r, v in self.stored.values() if r.is_open]

    def save_requests(self, changed):
        written = set()
        for req, version in changed:
            if req.id not in self.lose_race and self.stored[req.id][1] == version:
                self.stored[req.id] = (req, version + 1)
                written.add(req.id)
        return written

    def requests_between(self, frm, to):
        return [r for r, _ in self.stored.values()]

    def recent_load(self, *, since):
        return {}

    def most_requested_titles(self, libid, *, limit):
        return []

    def request_queue(self, *, libids=None, borrower=None, lender=None, statuses=None,
                      updated_since=None, before=None, limit=50):
        return sorted((r for r, _ in self.stored.values()),
                      key=lambda r: (r.created_at, r.id), reverse=True)[:limit]

    def request_events(self, *, since, libids, limit):
        return []


def routed(request_id: str) -> TrackedRequest:
    return new_request(request_id, "ORUBOR", steps("WAUSEA", "ORUOHS"), at=et(2026, 10, 5),
                       service_level="RUSH")


def test_a_request_that_lost_its_race_is_not_reported_as_moved():
    store = FakeRequestHistory(routed("R1"), routed("R2"), lose_race=frozenset({"R2"}))
    assert isinstance(store, RequestHistory)
    run = et(2026, 10, 6, 0, 5)

    result = run_tta(store, at=run)

    assert result == {"at": run.isoformat(), "count": 1, "moved": [
        {"id": "R1", "reason": "REMOVED_NOT_RECEIPTED", "from": "WAUSEA", "status": "NEW",
         "lender": "ORUOHS"}]}
    assert store.stored["R1"][0].lender == "ORUOHS"
    assert store.stored["R2"][0].lender == "WAUSEA"  # left for the next run
    store.lose_race = frozenset()
    again = run_tta(store, at=run)  # R2 moves now; R1 is not moved twice
    assert [(m["id"], m["lender"]) for m in again["moved"]] == [("R2", "ORUOHS")]
