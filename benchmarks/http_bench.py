"""Lender sequences over HTTP: gunicorn (gthread) on a loopback port in front of the benchmark
database, measured with ``wrk`` (POST bodies cycled by a small Lua script).

Latency: one connection, one request at a time (closed loop): wrk's median and p99.
Throughput: many connections for a fixed time: requests a second and non-2xx/socket errors.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from benchmarks.scratch import free_port

REPO = Path(__file__).resolve().parents[1]
CONF = Path(__file__).resolve().parent / "gunicorn_bench.py"
PATH = "/v1/routing/lender-sequence"

LUA = """
local bodies = {
%s
}
local i = 0
request = function()
  i = i + 1
  return wrk.format("POST", "%s", {["Content-Type"] = "application/json"},
                    bodies[(i %% #bodies) + 1])
end
done = function(summary, latency, requests)
  io.write(string.format(
    'WRKJSON {"requests": %%d, "duration_us": %%d, "p50_us": %%d, "p90_us": %%d, ' ..
    '"p99_us": %%d, "max_us": %%d, "status_errors": %%d, "connect_errors": %%d, ' ..
    '"read_errors": %%d, "write_errors": %%d, "timeouts": %%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, summary.errors.status, summary.errors.connect,
    summary.errors.read, summary.errors.write, summary.errors.timeout))
end
"""


def request_body(request) -> dict:
    """The JSON body of ``POST /v1/routing/lender-sequence`` for a routing request."""
    c = request.citation
    citation = {k: v for k, v in (("nlm_uid", c.nlm_uid), ("issn", c.issn), ("year", c.year),
                                  ("volume", c.volume)) if v is not None}
    return {"borrower": request.borrower, "citation": citation,
            "service_level": request.service_level,
            "delivery": {"primary": request.delivery.primary,
                         "alternates": list(request.delivery.alternates)},
            "format": request.format, "all_other_libraries": request.all_other_libraries,
            "seed": request.seed, "at": request.at.isoformat()}


@contextmanager
def gunicorn(settings: dict, *, workers: int = 2, threads: int = 8, pool: int = 20,
             ready_timeout: float = 1800.0):
    """gunicorn serving the app on a free loopback port; yields ``(port, info)`` once the
    master loaded the network and ``/v1/ready`` answers."""
    port = free_port()
    tmp = Path(tempfile.mkdtemp(prefix="graphsvc-bench-"))
    marker = tmp / "loaded.json"
    env = {**os.environ, "GRAPHSVC_NEO4J_URI": settings["uri"],
           "GRAPHSVC_NEO4J_USER": settings["user"],
           "GRAPHSVC_NEO4J_PASSWORD": settings["password"],
           "GRAPHSVC_NEO4J_DATABASE": settings["database"] or "",
           "GRAPHSVC_BENCH_MARKER": str(marker), "GRAPHSVC_BENCH_POOL": str(pool)}
    argv = [sys.executable, "-m", "gunicorn", "-c", str(CONF), "--workers", str(workers),
            "--threads", str(threads), "--bind", f"127.0.0.1:{port}", "api.wsgi:app"]
    log = open(tmp / "gunicorn.log", "wb")  # noqa: SIM115 - closed in the finally below
    proc = subprocess.Popen(argv, env=env, cwd=REPO, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)
    try:
        start = time.monotonic()
        _wait_ready(port, marker, proc, ready_timeout, tmp / "gunicorn.log")
        info = json.loads(marker.read_text())
        info["ready_s"] = round(time.monotonic() - start, 1)
        info["workers"] = _children(proc.pid)
        yield port, info
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
        log.close()
        shutil.rmtree(tmp, ignore_errors=True)


def _wait_ready(port: int, marker: Path, proc, timeout: float, log: Path) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"gunicorn exited: {log.read_text()[-2000:]}")
        if marker.exists():
            try:
                if _get(port, "/v1/ready")[0] == 200:
                    return
            except OSError:
                pass
        time.sleep(1)
    raise RuntimeError(f"gunicorn not ready after {timeout:.0f} s")


def _get(port: int, path: str) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path)
        answer = conn.getresponse()
        return answer.status, answer.read()
    finally:
        conn.close()


def post(port: int, body: dict) -> tuple[int, dict]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("POST", PATH, json.dumps(body), {"Content-Type": "application/json"})
        answer = conn.getresponse()
        return answer.status, json.loads(answer.read() or b"{}")
    finally:
        conn.close()


def _children(pid: int) -> list[int]:
    try:
        out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True,
                             check=False).stdout
    except FileNotFoundError:
        return []
    return [int(p) for p in out.split()]


def memory(pid: int) -> dict:
    """Peak and current resident memory (MB) and proportional share (PSS) of a process."""
    found = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(("VmHWM:", "VmRSS:")):
                found[line.split(":")[0]] = int(line.split()[1]) // 1024
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                found["Pss"] = int(line.split()[1]) // 1024
    except OSError:
        pass
    return {"peak_rss_mb": found.get("VmHWM"), "rss_mb": found.get("VmRSS"),
            "pss_mb": found.get("Pss")}


def wrk(port: int, bodies: list[dict], *, connections: int, threads: int,
        seconds: int, pause_ms: float | None = None) -> dict:
    """Run wrk against the lender-sequence endpoint; its figures (milliseconds, rate).

    ``pause_ms``: each connection waits this long before each request (wrk's ``delay``), so
    the load is paced at about ``connections / (pause + latency)`` requests a second instead
    of as many as the server can take (whose p99 is then mostly queueing)."""
    entries = ",\n".join(f"[==[{json.dumps(b)}]==]" for b in bodies)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(LUA % (entries, PATH))
        if pause_ms is not None:
            script.write(f"delay = function() return {pause_ms:.3f} end\n")
    try:
        out = subprocess.run(
            ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s",
             "--timeout", "10s", "-s", script.name, f"http://127.0.0.1:{port}"],
            capture_output=True, text=True, timeout=seconds + 60, check=False).stdout
    finally:
        os.unlink(script.name)
    found = re.search(r"WRKJSON (\{.*\})", out)
    if not found:
        raise RuntimeError(f"wrk printed no figures: {out[-1000:]}")
    raw = json.loads(found.group(1))
    errors = sum(raw[k] for k in ("status_errors", "connect_errors", "read_errors",
                                  "write_errors", "timeouts"))
    return {"connections": connections, "seconds": seconds, "pause_ms": pause_ms,
            "requests": raw["requests"],
            "rate_per_s": round(raw["requests"] / (raw["duration_us"] / 1e6), 1),
            "median_ms": raw["p50_us"] / 1000, "p90_ms": raw["p90_us"] / 1000,
            "p99_ms": raw["p99_us"] / 1000, "max_ms": raw["max_us"] / 1000,
            "errors": errors, "non_2xx": raw["status_errors"]}


def run_http(settings: dict, bodies: list[dict], *, latency_s: int, load_s: int,
             connections: int = 16, workers: int = 2, threads: int = 8, pool: int = 20) -> dict:
    """Latency (one connection) and throughput (``connections``) over gunicorn."""
    if shutil.which("wrk") is None:
        return {"skipped": "wrk is not installed (apt-get install -y wrk)"}
    with gunicorn(settings, workers=workers, threads=threads, pool=pool) as (port, info):
        status, answer = post(port, bodies[0])
        if status != 200:
            raise RuntimeError(f"lender-sequence answered {status}: {answer}")
        for body in bodies[:50]:  # every worker thread warmed, lazy imports done
            post(port, body)
        latency = wrk(port, bodies, connections=1, threads=1, seconds=latency_s)
        load = wrk(port, bodies, connections=connections, threads=2, seconds=load_s)
        return {"gunicorn": {"workers": workers, "threads": threads, "driver_pool": pool,
                             "preload": True, "network_load_s": info["load_s"],
                             "network_load_path": info["load_path"],
                             "ready_s": info["ready_s"]},
                "latency": latency, "throughput": load,
                "master_memory": memory(info["master_pid"]),
                "worker_memory": [memory(pid) for pid in info["workers"]]}
