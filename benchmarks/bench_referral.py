"""Benchmark of patron referral over real HTTP: POST /v1/referrals for random ZIP codes.

A generated network (:func:`graphsvc.io.generate.generate_network`) is loaded into a scratch
embedded database (or the one given with ``--neo4j-uri``; it is emptied first), the API is
served by gunicorn in a subprocess on a free loopback port, and one client sends the requests
in turn over one keep-alive connection (so one worker answers them all). The first requests
warm that worker up (it builds the network graph and its referral index once per network
version: ``first_ms``) and are left out of the figures.

    .venv/bin/python -m benchmarks.bench_referral [--libraries 2000] [--requests 500]

prints one JSON line: median, p90, p99 and max milliseconds, and the first request's.
"""

from __future__ import annotations

import argparse
import http.client
import json
import math
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from graphsvc.model import PATRON_CATEGORIES
from benchmarks.scratch import free_port, scratch_database

REPO = Path(__file__).resolve().parents[1]
WARM_UP = 3  # the first builds the answering worker's network graph and referral index
SPECIALTIES = (None, None, "oncologist", "pediatrician", "nurse", "cardiology", "dentist")


def random_zips(count: int, *, seed: int = 1) -> list[str]:
    """``count`` ZIP codes drawn from the standard, active ZIPs of the 50 states and DC."""
    import us
    import zipcodes

    states = {s.abbr for s in us.states.STATES} | {"DC"}
    pool = sorted(z["zip_code"] for z in zipcodes.list_all()
                  if z["zip_code_type"] == "STANDARD" and z["active"] and z["state"] in states)
    return random.Random(seed).choices(pool, k=count)


def questions(count: int, *, seed: int = 1) -> list[dict]:
    rng = random.Random(seed + 1)
    return [{"zip": zip_code, "category": rng.choice(PATRON_CATEGORIES),
             "specialty": rng.choice(SPECIALTIES)} for zip_code in random_zips(count, seed=seed)]




def load_network(database: dict, *, libraries: int, serials: int, seed: int) -> dict:
    """Empty the database and import a generated network; what was imported."""
    from graphsvc.io.generate import generate_network
    from graphsvc.store.neo4j import Neo4jStore, delete_everything

    store = Neo4jStore(database["uri"], (database["user"], database["password"]),
                       database=database["database"], max_retry_time=15.0)
    try:
        store.ensure_schema()
        delete_everything(store)
        network = generate_network(libraries=libraries, serials=serials, seed=seed)
        return store.import_network(network, atomic=False)
    finally:
        store.close()


@contextmanager
def gunicorn(database: dict, *, workers: int, threads: int, timeout: float = 60.0):
    """The API served by gunicorn on a free loopback port: yields ``(host, port)``."""
    port = free_port()
    env = {**os.environ, "GRAPHSVC_NEO4J_URI": database["uri"],
           "GRAPHSVC_NEO4J_USER": database["user"],
           "GRAPHSVC_NEO4J_PASSWORD": database["password"],
           "GRAPHSVC_NEO4J_DATABASE": database["database"] or ""}
    argv = [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--worker-class",
            "gthread", "--threads", str(threads), "--bind", f"127.0.0.1:{port}",
            "--log-level", "warning", "api.wsgi:app"]
    with tempfile.TemporaryFile("w+") as log:
        proc = subprocess.Popen(argv, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=log)
        try:
            _wait_ready("127.0.0.1", port, proc, timeout, log)
            yield "127.0.0.1", port
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def _wait_ready(host: str, port: int, proc: subprocess.Popen, timeout: float, log) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            log.seek(0)
            tail = "".join(log.readlines()[-15:])
            raise RuntimeError(f"gunicorn exited with {proc.returncode}:\n{tail}")
        try:
            conn = http.client.HTTPConnection(host, port, timeout=2)
            conn.request("GET", "/v1/ready")
            if conn.getresponse().status == 200:
                conn.close()
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer on {host}:{port} within {timeout:.0f} s")


def timed_posts(host: str, port: int, bodies: list[dict], *,
                timeout: float = 600.0) -> list[tuple[float, str | None]]:
    """Each POST /v1/referrals in turn on one keep-alive connection (so one worker answers
    them all): its milliseconds and its error (status and detail; "empty" for no suggestion)."""
    conn = http.client.HTTPConnection(host, port, timeout=timeout)
    timed = []
    try:
        for body in bodies:
            data = json.dumps({k: v for k, v in body.items() if v is not None})
            start = time.perf_counter()
            conn.request("POST", "/v1/referrals", body=data,
                         headers={"Content-Type": "application/json"})
            response = conn.getresponse()
            answer = json.loads(response.read())
            ms = (time.perf_counter() - start) * 1000
            error = None
            if response.status != 200:
                error = f"{response.status} {answer.get('detail', '')}"
            elif not answer["suggestions"]:
                error = "empty"
            timed.append((ms, error))
    finally:
        conn.close()
    return timed


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile.

    >>> percentile(list(range(1, 101)), 99), percentile([5.0], 99)
    (99, 5.0)
    """
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def figures(times: list[float]) -> dict:
    return {"median_ms": round(statistics.median(times), 2),
            "p90_ms": round(percentile(times, 90), 2), "p99_ms": round(percentile(times, 99), 2),
            "max_ms": round(max(times), 2)}


def run_benchmark(*, libraries: int, serials: int, requests: int, workers: int = 2,
                  threads: int = 4, seed: int = 1, database: dict | None = None) -> dict:
    """Load, serve, warm up (:data:`WARM_UP` requests), then time ``requests`` referrals."""
    if database is None:
        with scratch_database() as scratch:
            return run_benchmark(libraries=libraries, serials=serials, requests=requests,
                                 workers=workers, threads=threads, seed=seed, database=scratch)
    start = time.perf_counter()
    loaded = load_network(database, libraries=libraries, serials=serials, seed=seed)
    load_s = round(time.perf_counter() - start, 2)
    bodies = questions(WARM_UP + requests, seed=seed)
    with gunicorn(database, workers=workers, threads=threads) as (host, port):
        timed = timed_posts(host, port, bodies)
    times = [ms for ms, _ in timed[WARM_UP:]]
    errors = [error for _, error in timed if error]
    return {"benchmark": "referral", "transport": "http (gunicorn gthread)",
            "workers": workers, "threads": threads, "libraries": loaded["libraries"],
            "holdings": loaded["holdings"], "load_s": load_s, "requests": len(times),
            "errors": len(errors), **figures(times), "first_ms": round(timed[0][0], 1),
            "error_samples": sorted(set(errors))[:5]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--libraries", type=int, default=2000)
    parser.add_argument("--serials", type=int, default=600)
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--neo4j-uri", help="use this database (EMPTIED first) instead of a "
                                            "scratch embedded one")
    parser.add_argument("--neo4j-user", default="neo4j")
    parser.add_argument("--neo4j-password", default="")
    parser.add_argument("--neo4j-database", default=None)
    args = parser.parse_args(argv)
    database = None
    if args.neo4j_uri:
        database = {"uri": args.neo4j_uri, "user": args.neo4j_user,
                    "password": args.neo4j_password, "database": args.neo4j_database}
    print(json.dumps(run_benchmark(libraries=args.libraries, serials=args.serials,
                                   requests=args.requests, workers=args.workers,
                                   threads=args.threads, seed=args.seed, database=database)),
          flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
