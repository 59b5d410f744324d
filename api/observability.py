"""Request ids, one structured log line per request, and Prometheus metrics at ``/metrics``.

Every response carries ``X-Request-ID``: the caller's own when it is a sane token (1-128 of
``A-Z a-z 0-9 . _ : -``), else a new one. The logger ``graphsvc.access`` writes one JSON line
per request (request id, method, path, route, status, milliseconds, bytes, client).

``/metrics`` (outside ``/v1`` and the OpenAPI document) serves, per route template, the
counter ``graphsvc_http_requests_total{method, route, status}`` and the histogram
``graphsvc_http_request_duration_seconds{method, route}``. Under gunicorn with several
workers, start it with ``PROMETHEUS_MULTIPROC_DIR`` naming an empty folder and the
``child_exit`` hook of this module (``api/gunicorn_conf.py`` does both), so that
every worker's counts add up in whichever worker answers the scrape.
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid

from flask import Flask, Response, g, request
from prometheus_client import (CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram,
                               generate_latest, multiprocess, values)

HEADER = "X-Request-ID"
SANE_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
UNMATCHED = "<unmatched>"
log = logging.getLogger("graphsvc.access")

REQUESTS = Counter("graphsvc_http_requests_total", "HTTP requests answered",
                   ("method", "route", "status"))
LATENCY = Histogram("graphsvc_http_request_duration_seconds", "Time to answer a request",
                    ("method", "route"),
                    buckets=(.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10))


def request_id(incoming: str | None) -> str:
    """The caller's id when it is a sane token, else a new one.

    >>> request_id("abc-123"), len(request_id("bad id\\n")), len(request_id(None))
    ('abc-123', 32, 32)
    """
    if incoming and SANE_ID.fullmatch(incoming):
        return incoming
    return uuid.uuid4().hex


def multiprocess_mode() -> bool:
    """Whether prometheus_client keeps its values in files shared by gunicorn's workers."""
    return values.ValueClass is not values.MutexValue


def metrics() -> Response:
    if multiprocess_mode():
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        body = generate_latest(registry)
    else:
        body = generate_latest()
    return Response(body, mimetype=CONTENT_TYPE_LATEST.split(";")[0],
                    headers={"Content-Type": CONTENT_TYPE_LATEST})


def child_exit(server, worker) -> None:
    """gunicorn hook: drop a dead worker's live gauges (counters and histograms stay)."""
    if multiprocess_mode():
        multiprocess.mark_process_dead(worker.pid)


def _begin() -> None:
    g.request_id = request_id(request.headers.get(HEADER))
    g.request_start = time.perf_counter()


def _finish(response: Response) -> Response:
    rid = g.get("request_id") or request_id(None)
    elapsed = time.perf_counter() - g.get("request_start", time.perf_counter())
    route = request.url_rule.rule if request.url_rule is not None else UNMATCHED
    response.headers[HEADER] = rid
    if route != "/metrics":
        REQUESTS.labels(request.method, route, str(response.status_code)).inc()
        LATENCY.labels(request.method, route).observe(elapsed)
    log.info(json.dumps({
        "event": "request", "request_id": rid, "method": request.method,
        "path": request.path, "route": route, "status": response.status_code,
        "ms": round(elapsed * 1000, 2), "bytes": response.calculate_content_length(),
        "client": request.remote_addr}, separators=(",", ":")))
    return response


def init_app(app: Flask) -> None:
    app.before_request(_begin)
    app.after_request(_finish)
    app.add_url_rule("/metrics", "metrics", metrics, methods=["GET"])
    log.setLevel(logging.INFO)
    if not log.handlers and not logging.getLogger().handlers:  # gunicorn: no root handler
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(message)s"))
        log.addHandler(handler)
        log.propagate = False
