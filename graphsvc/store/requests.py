"""Request lifecycle storage (mixed into :class:`~graphsvc.store.neo4j.Neo4jStore`).

A tracked request is one ``(:Request)`` node whose properties hold the whole record: the
lender sequence computed once (``seq_libid``, ``seq_via``, ``seq_cell`` with 0 for no cell),
the history as parallel lists (``ev_at``, ``ev_action``, ``ev_libid``, ``ev_via``,
``ev_reason``; "" for none) and a ``version`` for optimistic locking. Instants are stored as
UTC ISO text with microseconds, so text order is time order. ``due_at`` is the current
lender's next deadline (the TTA query reads only the due requests) and ``updated_at`` the
last event (the report query reads only requests with history in its window).

Around the node: ``-[:BORROWED_BY]->(:Library)``, ``-[:FOR_TITLE]->(:Serial)`` when the title
is stored, and one ``-[:ROUTED_TO {step, via, cell, routed_at, received_at, outcome, reason,
at}]->(:Library)`` per lender reached.

Request writes do not bump the network version: requests are not part of the network that
routing reads.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from graphsvc.errors import Conflict, NotFound
from graphsvc.requests import Event, Step, TrackedRequest, due_times, lender_steps
from graphsvc.requests.feed import feed_events, parties, reached

_UTC = dt.UTC


def utc_text(at: dt.datetime) -> str:
    """An aware instant as sortable UTC ISO text.

    >>> utc_text(dt.datetime(2026, 10, 2, 10, tzinfo=dt.timezone(dt.timedelta(hours=-4))))
    '2026-10-02T14:00:00.000000+00:00'
    """
    return at.astimezone(_UTC).isoformat(timespec="microseconds")


def _instant(text: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(text) if text else None


def _drop_none(props: dict) -> dict:
    return {k: v for k, v in props.items() if v is not None}


def request_props(req: TrackedRequest, *, version: int) -> dict:
    """The node properties of ``req`` (no nulls anywhere, lists of one type)."""
    due = _next_deadline(req)
    h = req.history
    return _drop_none({
        "id": req.id, "status": req.status, "borrower": req.borrower, "nlm_uid": req.nlm_uid,
        "service_level": req.service_level, "year": req.year, "volume": req.volume,
        "need_by": req.need_by.isoformat() if req.need_by else None,
        "created_at": utc_text(req.created_at),
        "position": -1 if req.position is None else req.position,
        "cancel_requested": req.cancel_requested, "max_cost": req.max_cost,
        "routed_at": utc_text(req.routed_at) if req.routed_at else None,
        "received_at": utc_text(req.received_at) if req.received_at else None,
        "due_at": utc_text(due) if due else None,
        "updated_at": utc_text(h[-1].at) if h else utc_text(req.created_at),
        "version": version, "lender": req.lender, "reached": reached(req),
        "parties": parties(req),
        "seq_libid": [s.libid for s in req.sequence], "seq_via": [s.via for s in req.sequence],
        "seq_cell": [s.cell or 0 for s in req.sequence],
        "ev_at": [utc_text(e.at) for e in h], "ev_action": [e.action for e in h],
        "ev_libid": [e.libid or "" for e in h], "ev_via": [e.via or "" for e in h],
        "ev_reason": [e.reason or "" for e in h],
    })


def _next_deadline(req: TrackedRequest) -> dt.datetime | None:
    receipt, action = due_times(req)
    return action if req.status == "RECEIVED" else receipt


def request_from(props: dict) -> tuple[TrackedRequest, int]:
    """``(request, version)`` from the node properties written by :func:`request_props`."""
    sequence = tuple(Step(libid, via, cell or None) for libid, via, cell in
                     zip(props["seq_libid"], props["seq_via"], props["seq_cell"], strict=True))
    history = tuple(
        Event(_instant(at), action, libid or None, via or None, reason or None)
        for at, action, libid, via, reason in zip(
            props["ev_at"], props["ev_action"], props["ev_libid"], props["ev_via"],
            props["ev_reason"], strict=True))
    position = props["position"]
    req = TrackedRequest(
        id=props["id"], borrower=props["borrower"], nlm_uid=props.get("nlm_uid"),
        service_level=props["service_level"],
        need_by=dt.date.fromisoformat(props["need_by"]) if props.get("need_by") else None,
        created_at=_instant(props["created_at"]), sequence=sequence,
        position=None if position < 0 else position, status=props["status"], history=history,
        cancel_requested=props["cancel_requested"], max_cost=props.get("max_cost"),
        routed_at=_instant(props.get("routed_at")), received_at=_instant(props.get("received_at")),
        year=props.get("year"), volume=props.get("volume"))
    return req, props["version"]


def lender_rows(req: TrackedRequest) -> list[dict]:
    """The ``merge_lenders`` rows of a request: :func:`lender_steps` without nulls."""
    rows = []
    for s in lender_steps(req):
        props = {"step": s["step"], "via": s["via"], "cell": s["cell"] or 0,
                 "routed_at": utc_text(s["routed_at"]),
                 "received_at": utc_text(s["received_at"]) if s["received_at"] else None,
                 "outcome": s["outcome"], "reason": s["reason"],
                 "at": utc_text(s["at"]) if s["at"] else None}
        rows.append({"id": req.id, "libid": s["libid"], "step": s["step"],
                     "props": _drop_none(props)})
    return rows


class RequestsStore:
    """Requests, their lenders and their history in the graph."""

    def _write_requests(self, work: Callable):
        """``work(tx)`` in one write transaction, without bumping the network version.

        The driver retries a transaction that lost a race on the same record (and
        :meth:`execute_write` one that lost a race for an event number); ``work`` reads again
        on the retry, so the loser sees the winner's state.
        """
        return self.execute_write(work)

    def create_requests(self, requests: Iterable[TrackedRequest]) -> int:
        """Store new requests (version 1) with their borrower, title and first lender.

        Raises :class:`NotFound` (and stores nothing) when a borrower is not stored.
        """
        requests = list(requests)
        rows = [{"props": request_props(r, version=1), "borrower": r.borrower} for r in requests]
        titles = [{"id": r.id, "nlm_uid": r.nlm_uid} for r in requests if r.nlm_uid]
        lenders = [row for r in requests for row in lender_rows(r)]

        def work(tx):
            created = self.run(tx, "requests/create", rows=rows)
            if len(created) != len(rows):
                missing = sorted({r.borrower for r in requests} - set(self._libids(tx)))
                msg = f"unknown borrower {', '.join(missing) or '?'}"
                raise NotFound(msg, problems=[{"field": "borrower", "message": msg}])
            self.run(tx, "requests/link_title", rows=titles)
            self.run(tx, "requests/merge_lenders", rows=lenders)
            self._append_events(tx, [e for r in requests for e in feed_events(r, 0, created=True)])
            return len(created)

        return self._write_requests(work)

    def _append_events(self, tx, events: list[dict]) -> None:
        """Number ``events`` (feed rows of :func:`feed_events`) and store them."""
        if not events:
            return
        last = self.run(tx, "requests/next_event_seq", count=len(events))[0]["last"]
        first = last - len(events) + 1
        self.run(tx, "requests/create_events", rows=[
            _drop_none({**e, "at": utc_text(e["at"]), "seq": first + i})
            for i, e in enumerate(events)])

    def request_events(self, *, since: int, libids: list[str] | None,
                       limit: int) -> list[dict]:
        """Feed events after number ``since`` concerning ``libids`` (``None``: all), in order."""
        rows = self.read("requests/events_after", since=since, libids=libids, limit=limit)
        return [dict(r["props"]) for r in rows]

    def request_queue(self, *, libids: list[str] | None = None, borrower: str | None = None,
                      lender: str | None = None, statuses: list[str] | None = None,
                      updated_since: dt.datetime | None = None,
                      before: tuple[str, str] | None = None,
                      limit: int = 50) -> list[TrackedRequest]:
        """Requests newest first (see ``cypher/requests/queue.cypher``); ``before`` is the
        ``(created_at, id)`` of the previous page's last request."""
        rows = self.read("requests/queue", libids=libids, borrower=borrower, lender=lender,
                         statuses=statuses,
                         updated_since=utc_text(updated_since) if updated_since else None,
                         before_created=before[0] if before else None,
                         before_id=before[1] if before else None, limit=limit)
        return [request_from(r["props"])[0] for r in rows]

    def _libids(self, tx) -> list[str]:
        return self.run(tx, "network/keys")[0]["libids"]

    def request(self, request_id: str) -> tuple[TrackedRequest, int] | None:
        """``(request, version)``, or ``None`` when no request has this id."""
        rows = self.read("requests/one", id=request_id)
        return request_from(rows[0]["props"]) if rows else None

    def update_request(self, request_id: str,
                       change: Callable[[TrackedRequest], TrackedRequest]) -> TrackedRequest:
        """Read a request, apply the pure ``change`` and write it back, all in one transaction.

        Raises
        ------
        NotFound
            No request has this id.
        Conflict
            Raised by ``change``, or the request changed between read and write (nothing is
            written either way).
        """
        def work(tx):
            rows = self.run(tx, "requests/one", id=request_id)
            if not rows:
                msg = f"no request {request_id!r}"
                raise NotFound(msg, problems=[{"field": "id", "message": msg}])
            before, version = request_from(rows[0]["props"])
            after = change(before)
            written = self.run(tx, "requests/update", id=request_id, expected=version,
                               props=request_props(after, version=version + 1))
            if not written:
                msg = f"request {request_id} changed while this action was applied; retry"
                raise Conflict(msg)
            self.run(tx, "requests/merge_lenders", rows=lender_rows(after))
            self._append_events(tx, feed_events(after, len(before.history)))
            return after

        return self._write_requests(work)

    def due_requests(self, at: dt.datetime) -> list[tuple[TrackedRequest, int]]:
        """Open requests whose current deadline is at or before ``at``, with their versions."""
        return [request_from(r["props"]) for r in self.read("requests/open_due", at=utc_text(at))]

    def save_requests(self, changed: Iterable[tuple[TrackedRequest, int]]) -> set[str]:
        """Write back requests read at the given versions, in one transaction.

        A request changed by someone else since it was read is left alone. Returns the ids
        written.
        """
        changed = list(changed)
        rows = [{"id": r.id, "expected": v, "props": request_props(r, version=v + 1)}
                for r, v in changed]

        def work(tx):
            before = {row["id"]: row["events_before"]
                      for row in self.run(tx, "requests/update_many", rows=rows)}
            lenders = [row for r, _ in changed if r.id in before for row in lender_rows(r)]
            self.run(tx, "requests/merge_lenders", rows=lenders)
            self._append_events(tx, [e for r, _ in changed if r.id in before
                                     for e in feed_events(r, before[r.id])])
            return set(before)

        return self._write_requests(work) if rows else set()

    def requests_between(self, frm: dt.datetime | None,
                         to: dt.datetime | None) -> list[TrackedRequest]:
        """Requests created before ``to`` whose last event is at or after ``frm``."""
        rows = self.read("requests/active_between", **{
            "from": utc_text(frm) if frm else None, "to": utc_text(to) if to else None})
        return [request_from(r["props"])[0] for r in rows]

    def most_requested_titles(self, libid: str, *, limit: int) -> list[str]:
        """NLM Unique IDs ``libid`` requested most, most first (ties by NLM Unique ID)."""
        rows = self.read("routing_tables/most_requested_titles", libid=libid, limit=limit)
        return [r["nlm_uid"] for r in rows]

    def recent_load(self, *, since: dt.datetime) -> dict[str, int]:
        """How many requests reached each library at or after ``since``."""
        return {r["libid"]: r["requests"]
                for r in self.read("requests/recent_load", since=utc_text(since))}
