"""A small load generator in Python (no wrk needed): threads POSTing lender-sequence
requests to a loopback server, each with its own ``X-Request-ID``, for a bounded time."""

from __future__ import annotations

import http.client
import itertools
import json
import threading
import time
import uuid
from dataclasses import dataclass


@dataclass(frozen=True)
class Outcome:
    request_id: str
    status: int | None  # None: no complete response
    ms: float
    connected: bool  # the TCP connection was made
    error: str | None = None


def one_request(host: str, port: int, body: dict, *, keep: http.client.HTTPConnection | None,
                timeout: float = 30.0) -> tuple[Outcome, http.client.HTTPConnection | None]:
    rid = uuid.uuid4().hex
    conn = keep or http.client.HTTPConnection(host, port, timeout=timeout)
    start = time.perf_counter()
    connected = keep is not None
    try:
        if not connected:
            conn.connect()
            connected = True
        conn.request("POST", "/v1/routing/lender-sequence", body=json.dumps(body),
                     headers={"Content-Type": "application/json", "X-Request-ID": rid})
        response = conn.getresponse()
        response.read()
        outcome = Outcome(rid, response.status, (time.perf_counter() - start) * 1000, True)
        return outcome, (conn if keep is not None and not response.will_close else None)
    except OSError as exc:  # refused, reset, timed out, incomplete
        conn.close()
        error = f"{type(exc).__name__}: {exc}"
        return Outcome(rid, None, (time.perf_counter() - start) * 1000, connected, error), None


def hammer(host: str, port: int, bodies: list[dict], *, seconds: float, threads: int = 4,
           keep_alive: bool = True, stop: threading.Event | None = None) -> list[Outcome]:
    """Send requests from ``threads`` threads for ``seconds`` (or until ``stop`` is set)."""
    outcomes: list[Outcome] = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds
    stop = stop or threading.Event()
    cycle = itertools.cycle(bodies)

    def worker():
        conn = None
        while time.monotonic() < deadline and not stop.is_set():
            with lock:
                body = next(cycle)
            if keep_alive and conn is None:
                conn = http.client.HTTPConnection(host, port, timeout=30)
            outcome, conn = one_request(host, port, body, keep=conn if keep_alive else None)
            with lock:
                outcomes.append(outcome)
            if outcome.status is None and not outcome.connected:
                time.sleep(0.01)  # refused: the server is gone; do not spin

    workers = [threading.Thread(target=worker) for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return outcomes


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile.

    >>> percentile([1.0, 2.0, 3.0, 4.0], 50), percentile([7.0], 99)
    (2.0, 7.0)
    """
    ordered = sorted(values)
    return ordered[max(0, -(-len(ordered) * q // 100) - 1).__int__()]


def summary(outcomes: list[Outcome], seconds: float) -> dict:
    times = [o.ms for o in outcomes if o.status is not None]
    bad = [o for o in outcomes if o.status != 200]
    return {"requests": len(outcomes), "rps": round(len(outcomes) / seconds, 1),
            "errors": len(bad), "p50_ms": round(percentile(times, 50), 2) if times else None,
            "p90_ms": round(percentile(times, 90), 2) if times else None,
            "p99_ms": round(percentile(times, 99), 2) if times else None}
