"""A real service to aim load at: a scratch embedded database and gunicorn on loopback ports.

Used by ``benchmarks/load/run.py`` (``make load``) and by the quick load and graceful-shutdown
tests of ``tests/hardening/``. Traffic goes to 127.0.0.1 only.
"""

from __future__ import annotations

import http.client
import os
import signal
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from benchmarks.scratch import free_port, scratch_database  # noqa: F401 (re-exported)

REPO = Path(__file__).resolve().parents[2]
GUNICORN_CONF = Path(__file__).resolve().parents[2] / "api" / "gunicorn_conf.py"


@dataclass(frozen=True)
class Service:
    host: str
    port: int
    proc: subprocess.Popen
    log_path: Path  # gunicorn's stderr: the access lines of api.observability

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def terminate(self) -> None:
        """Ask gunicorn for a graceful shutdown (SIGTERM to the master)."""
        self.proc.send_signal(signal.SIGTERM)




def open_store(database: dict):
    from graphsvc.store.neo4j import Neo4jStore

    store = Neo4jStore(database["uri"], (database["user"], database["password"]),
                       database=database["database"], max_retry_time=15.0)
    store.ensure_schema()
    return store


@contextmanager
def gunicorn(database: dict, *, workers: int = 2, threads: int = 8, timeout: float = 90.0,
             graceful_timeout: int = 30, log_dir: Path | None = None,
             extra_args: tuple[str, ...] = (), wait_network: bool = True,
             snapshot_dir: Path | None = None, env: dict[str, str] | None = None):
    """The API served by gunicorn (gthread) on a free loopback port, metrics in multiprocess
    mode; yields a :class:`Service` once ``/v1/ready`` answers 200 and (``wait_network``)
    the workers hold the network the master loaded (``Network-Version`` on ``/v1/health``).
    ``snapshot_dir``: where the master keeps network snapshots (default: none); ``env``: more
    environment for it (``GRAPHSVC_RESHARE_MB``, say). It connects
    as the database's ``service`` user when the database has one (the embedded server's)."""
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="graphsvc-metrics-") as metrics_dir:
        log_path = Path(log_dir or metrics_dir) / f"gunicorn-{port}.log"
        log_path.parent.mkdir(parents=True, exist_ok=True)
        user, password = database.get("service") or (database["user"], database["password"])
        environment = {**os.environ, "GRAPHSVC_NEO4J_URI": database["uri"],
               "GRAPHSVC_NEO4J_USER": user, "GRAPHSVC_NEO4J_PASSWORD": password,
               "GRAPHSVC_NEO4J_DATABASE": database["database"] or "",
               "PROMETHEUS_MULTIPROC_DIR": metrics_dir,
               "GRAPHSVC_SNAPSHOT_DIR": str(snapshot_dir or ""), **(env or {})}
        argv = [sys.executable, "-m", "gunicorn", "-c", str(GUNICORN_CONF),
                "--workers", str(workers), "--threads", str(threads),
                "--bind", f"127.0.0.1:{port}", "--graceful-timeout", str(graceful_timeout),
                *extra_args, "api.wsgi:app"]
        with open(log_path, "wb") as log:
            proc = subprocess.Popen(argv, cwd=REPO, env=environment, stdout=log, stderr=log)
        service = Service("127.0.0.1", port, proc, log_path)
        try:
            wait_ready(service, timeout)
            if wait_network:
                wait_network_served(service, timeout)
            yield service
        finally:
            if proc.poll() is None:
                proc.terminate()
            try:
                proc.wait(timeout=graceful_timeout + 10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def wait_network_served(service: Service, timeout: float, probes: int = 6) -> None:
    """Until several ``/v1/health`` answers in a row carry ``Network-Version`` (every worker
    holds the network: the graph-less ones forked before the master's load are retired)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        held = 0
        for _ in range(probes):
            conn = http.client.HTTPConnection(service.host, service.port, timeout=5)
            try:
                conn.request("GET", "/v1/health")
                answer = conn.getresponse()
                answer.read()
                held += answer.getheader("Network-Version") is not None
            except OSError:
                pass
            finally:
                conn.close()
        if held == probes:
            return
        time.sleep(0.2)
    raise RuntimeError(f"the workers of {service.url} hold no network after {timeout:.0f} s")


def wait_ready(service: Service, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if service.proc.poll() is not None:
            tail = service.log_path.read_text(errors="replace")[-2000:]
            raise RuntimeError(f"gunicorn exited with {service.proc.returncode}:\n{tail}")
        try:
            conn = http.client.HTTPConnection(service.host, service.port, timeout=2)
            conn.request("GET", "/v1/ready")
            if conn.getresponse().status == 200:
                conn.close()
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer on {service.url} within {timeout:.0f} s")
