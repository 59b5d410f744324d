"""Request ids, one JSON log line per request, Prometheus counts and latencies per route."""

from __future__ import annotations

import json
import logging

import pytest

from api.observability import HEADER


@pytest.fixture
def access_lines():
    lines: list[dict] = []

    class Collect(logging.Handler):
        def emit(self, record):
            lines.append(json.loads(record.getMessage()))

    handler = Collect(level=logging.INFO)
    logger = logging.getLogger("graphsvc.access")
    logger.addHandler(handler)
    yield lines
    logger.removeHandler(handler)


def test_request_id_is_returned_and_a_sane_one_honoured(client, loaded, access_lines):
    fresh = client.get("/v1/libraries")
    assert len(fresh.headers[HEADER]) == 32
    kept = client.get("/v1/libraries/ORUPAC", headers={HEADER: "trace-42.a:b_c"})
    assert kept.headers[HEADER] == "trace-42.a:b_c"
    for insane in ("has space", "x" * 129, "semi;colon", "new\u00e9"):
        answered = client.get("/v1/health", headers={HEADER: insane})
        assert answered.headers[HEADER] != insane and len(answered.headers[HEADER]) == 32
    assert [line["request_id"] for line in access_lines[:2]] == [fresh.headers[HEADER],
                                                               "trace-42.a:b_c"]
    line = access_lines[1]
    assert line["route"] == "/v1/libraries/<string:libid>" and line["status"] == 200
    assert line["path"] == "/v1/libraries/ORUPAC" and line["ms"] >= 0
    assert len(access_lines) == 6  # one line per request


def test_errors_are_logged_and_counted_too(client, loaded, access_lines):
    client.post("/v1/routing/lender-sequence", json={"borrower": "bad"})
    client.get("/no/such/page")
    assert [(line["status"], line["route"]) for line in access_lines] == [
        (422, "/v1/routing/lender-sequence"), (404, "<unmatched>")]


def sample(text: str, name: str, **labels) -> float:
    for line in text.splitlines():
        if line.startswith(name + "{") and all(f'{k}="{v}"' in line for k, v in labels.items()):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def test_metrics_count_requests_and_latency_per_route(client, loaded):
    route = "/v1/libraries/<string:libid>"
    before = client.get("/metrics").get_data(as_text=True)
    for libid in ("ORUPAC", "WAUUHS", "ORUQQQ"):
        client.get(f"/v1/libraries/{libid}")
    response = client.get("/metrics")
    assert response.status_code == 200 and response.mimetype == "text/plain"
    after = response.get_data(as_text=True)
    ok = "graphsvc_http_requests_total"
    assert sample(after, ok, method="GET", route=route, status="200") - \
        sample(before, ok, method="GET", route=route, status="200") == 2
    assert sample(after, ok, method="GET", route=route, status="404") - \
        sample(before, ok, method="GET", route=route, status="404") == 1
    count = "graphsvc_http_request_duration_seconds_count"
    assert sample(after, count, route=route, method="GET") - \
        sample(before, count, route=route, method="GET") == 3
    assert "/metrics" not in client.get("/v1/openapi.json").get_data(as_text=True)
