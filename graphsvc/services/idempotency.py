"""Safe retries: the same ``Idempotency-Key`` and body give the same answer, once.

A caller's first attempt with a key claims it (a unique node in the store), does the work and
keeps the answer (status, body, content type). A repeat with the same key and the same body
gets that answer again without doing the work; the same key with another body (or on another
endpoint) is refused. A repeat arriving while the first attempt still works waits for its
answer (a few seconds), then gets :class:`Conflict` and may retry. Work that ends without an
answer worth repeating (a 5xx) releases the key.

Keys are kept :data:`KEEP` (24 hours, as payment APIs do): after that the same key is new
again. A claim that has had no answer for :data:`ABANDONED` (its process died half-way) is
taken over by the next retry instead of blocking the key. Expired records are deleted a batch
at a time, at most every :data:`PURGE_EVERY` in each process, when a key is claimed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import re
import secrets
import threading
import time
from dataclasses import dataclass

from graphsvc.errors import Conflict, InvalidInput
from graphsvc.store.contract import Store

HEADER = "Idempotency-Key"
_KEY = re.compile(r"^[\x21-\x7e]{1,255}$")
#: How long a key and its answer are kept.
KEEP = dt.timedelta(hours=24)
#: How long a claim may go unanswered before a retry takes it over.
ABANDONED = dt.timedelta(minutes=5)
#: How often (at most) a process deletes expired records, and how many at a time.
PURGE_EVERY_S, PURGE_BATCH = 3600.0, 1000
_purge = {"next": 0.0, "lock": threading.Lock()}


@dataclass(frozen=True)
class Answer:
    """A kept answer: HTTP status, body text and content type."""

    status: int
    body: str
    content_type: str


def checked_key(key: str) -> str:
    """``key`` when it is 1-255 visible ASCII characters, else :class:`InvalidInput`.

    >>> checked_key("order-17")
    'order-17'
    """
    if not _KEY.match(key):
        msg = f"{HEADER} must be 1 to 255 visible ASCII characters"
        raise InvalidInput(msg, problems=[{"field": HEADER, "message": msg}])
    return key


def fingerprint(method: str, path: str, body: bytes) -> str:
    """A hash of what was asked: method, path and body (JSON compared by value).

    >>> fingerprint("POST", "/v1/x", b'{"a": 1, "b": 2}') == fingerprint("POST", "/v1/x",
    ...                                                                   b'{"b":2,"a":1}')
    True
    """
    with contextlib.suppress(ValueError, UnicodeDecodeError):  # not JSON: compared as bytes
        body = json.dumps(json.loads(body), sort_keys=True, separators=(",", ":")).encode()
    return hashlib.sha256(f"{method} {path}\n".encode() + body).hexdigest()


def begin(store: Store, caller: str, key: str, asked: str, *, wait: float = 10.0,
          poll: float = 0.05, now: dt.datetime | None = None
          ) -> tuple[str | None, Answer | None]:
    """Claim ``key`` for ``caller`` or find its answer.

    Returns ``(claim, None)`` when this attempt owns the key (do the work, then
    :func:`finish`), or ``(None, answer)`` to send the kept answer again. A record older
    than :data:`KEEP`, or unanswered for :data:`ABANDONED`, is forgotten and the key
    claimed anew. ``now`` (default: the current time) is when the attempt is made.

    Raises
    ------
    InvalidInput
        The key was used with another body or endpoint (``asked`` differs).
    Conflict
        The first attempt with this key is still working after ``wait`` seconds.
    """
    stored_key = f"{caller} {checked_key(key)}"
    now = now or dt.datetime.now(dt.UTC)
    _purge_expired(store, now)
    deadline = time.monotonic() + wait
    while True:
        claim = secrets.token_hex(8)
        record = store.claim_idempotency_key(stored_key, fingerprint=asked, claim=claim,
                                             at=_stamp(now))
        if record["claim"] != claim and _stale(record, now):
            store.forget_idempotency_key(stored_key, claim=record["claim"])
            continue
        if record["fingerprint"] != asked:
            msg = f"this {HEADER} was used with another request body; use a new key"
            raise InvalidInput(msg, problems=[{"field": HEADER, "message": msg}])
        if record["claim"] == claim:
            return claim, None
        while record is not None and record.get("status") is None:
            if time.monotonic() > deadline:
                msg = f"the first request with this {HEADER} is still being processed; retry"
                raise Conflict(msg, problems=[{"field": HEADER, "message": msg}])
            time.sleep(poll)
            record = store.idempotency_record(stored_key)
        if record is not None:
            return None, Answer(record["status"], record["body"], record["content_type"])


def _stamp(at: dt.datetime) -> str:
    """UTC ISO text of one width, so that records compare by time as text."""
    return at.astimezone(dt.UTC).isoformat(timespec="microseconds")


def _stale(record: dict, now: dt.datetime) -> bool:
    """Expired (kept longer than :data:`KEEP`) or abandoned (unanswered for
    :data:`ABANDONED`)."""
    claimed = dt.datetime.fromisoformat(record["claimed_at"])
    return now - claimed > (KEEP if record.get("status") is not None else ABANDONED)


def _purge_expired(store: Store, now: dt.datetime) -> None:
    """Delete a batch of expired records, at most every :data:`PURGE_EVERY_S` per process."""
    with _purge["lock"]:
        if time.monotonic() < _purge["next"]:
            return
        _purge["next"] = time.monotonic() + PURGE_EVERY_S
    store.delete_expired_idempotency_keys(_stamp(now - KEEP), limit=PURGE_BATCH)


def finish(store: Store, caller: str, key: str, claim: str, answer: Answer | None) -> None:
    """Keep ``answer`` for the key this attempt claimed; ``None`` releases the key."""
    stored_key = f"{caller} {key}"
    if answer is None:
        store.release_idempotency_key(stored_key, claim=claim)
    else:
        store.save_idempotent_answer(stored_key, claim=claim, status=answer.status,
                                     body=answer.body, content_type=answer.content_type)
