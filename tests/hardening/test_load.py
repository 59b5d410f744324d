"""Quick load over real HTTP (gunicorn, 2 workers, the session database): 5 s of lender
sequences with no error, metrics adding up across workers, and a graceful shutdown under
load that answers every request it took in. ``make load`` runs the 60 s version."""

from __future__ import annotations

import http.client
import re

import pytest

from benchmarks.load import pyload
from benchmarks.load.run import graceful_shutdown
from benchmarks.load.serve import gunicorn
from tests.hardening.network import ROUTING_BODY

BODIES = [{**ROUTING_BODY, "seed": i} for i in range(50)] + \
         [{"borrower": "PAUPIT", "citation": {"nlm_uid": "0255562", "year": 2010}, "seed": i}
          for i in range(50)]


@pytest.fixture
def service(bolt_server, loaded):
    user, password = bolt_server.auth
    database = {"uri": bolt_server.uri, "user": user, "password": password,
                "database": bolt_server.database}
    with gunicorn(database, workers=2, threads=4, graceful_timeout=20) as running:
        yield running


def scrape(service) -> str:
    conn = http.client.HTTPConnection(service.host, service.port, timeout=30)
    conn.request("GET", "/metrics")
    return conn.getresponse().read().decode()


def test_five_seconds_of_load_then_a_graceful_shutdown(service):
    outcomes = pyload.hammer(service.host, service.port, BODIES, seconds=5, threads=4)
    figures = pyload.summary(outcomes, 5)
    assert figures["errors"] == 0, [o for o in outcomes if o.status != 200][:3]
    assert outcomes, figures  # it served; throughput is measured by make load, not asserted
    counted = sum(float(m.group(1)) for m in re.finditer(
        r'graphsvc_http_requests_total\{[^}]*route="/v1/routing/lender-sequence"[^}]*'
        r'status="200"[^}]*\} (\S+)', scrape(service)))
    assert counted >= len(outcomes)  # both workers' counts, whichever worker answered

    shutdown = graceful_shutdown(service, BODIES, before=1.5, threads=6)
    assert shutdown["taken_in"] > 0 and shutdown["exit_code"] == 0, shutdown
    assert shutdown["taken_in_not_answered"] == 0, shutdown
