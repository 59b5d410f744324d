"""``make load``: POST /v1/routing/lender-sequence at the throughput target for 60 s, then a
graceful shutdown under load.

A generated network (150 libraries, 600 titles) goes into a scratch embedded database;
gunicorn (2 gthread workers x 8 threads, metrics in multiprocess mode) serves it on a free
loopback port. Debian's ``wrk`` drives the load (``lender_sequence.lua``; without wrk, the
Python generator of :mod:`benchmarks.load.pyload`); then Python clients open a connection
per request while gunicorn gets SIGTERM, and every request the server logged must have had
its complete answer. Prints one JSON line; exits 1 when a target is missed.

    .venv/bin/python -m benchmarks.load.run [--seconds 60] [--target-rps 300]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from benchmarks.load import pyload
from benchmarks.load.serve import gunicorn, open_store, scratch_database

HERE = Path(__file__).resolve().parent


def request_bodies(network, count: int = 2000, *, seed: int = 1) -> list[dict]:
    """Routing requests of random borrowers for held titles, by ISSN or NLM Unique ID."""
    rng = random.Random(seed)
    borrowers = [lib.libid for lib in network.libraries if lib.participation == "FULL"]
    held = sorted({h.nlm_uid for h in network.holdings})
    issns = {s.nlm_uid: s.issns[0] for s in network.serials if s.issns}
    bodies = []
    for i in range(count):
        uid = rng.choice(held)
        citation = {"issn": issns[uid]} if i % 2 and uid in issns else {"nlm_uid": uid}
        bodies.append({"borrower": rng.choice(borrowers),
                       "citation": {**citation, "year": rng.randint(2000, 2024)},
                       "seed": i})
    return bodies


def load_network(database: dict, *, libraries: int, serials: int):
    from graphsvc.io.generate import generate_network

    network = generate_network(libraries=libraries, serials=serials, seed=1)
    store = open_store(database)
    try:
        store.import_network(network)
    finally:
        store.close()
    return network


def run_wrk(url: str, bodies: list[dict], *, seconds: int, connections: int) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as out:
        out.write("\n".join(json.dumps(b) for b in bodies))
    done = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s",
         "-s", str(HERE / "lender_sequence.lua"), url],
        env={"BODIES_FILE": out.name, "PATH": "/usr/bin:/bin"}, capture_output=True,
        text=True, timeout=seconds + 60)
    Path(out.name).unlink()
    line = [ln for ln in done.stdout.splitlines() if ln.startswith("{")][-1]
    result = json.loads(line)
    result["errors"] = sum(v for k, v in result.items() if k.startswith("errors_"))
    return {"driver": "wrk", **result}


def run_python(service, bodies, *, seconds: float, threads: int) -> dict:
    outcomes = pyload.hammer(service.host, service.port, bodies, seconds=seconds,
                             threads=threads)
    return {"driver": "python", **pyload.summary(outcomes, seconds)}


def logged_request_ids(log_path: Path) -> set[str]:
    ids = set()
    for line in log_path.read_text(errors="replace").splitlines():
        if line.startswith('{"event":"request"'):
            ids.add(json.loads(line)["request_id"])
    return ids


def graceful_shutdown(service, bodies, *, before: float = 2.0, threads: int = 8) -> dict:
    """SIGTERM to gunicorn under load (a new connection per request): how many requests the
    server took in and how many of those did not get a complete answer (must be 0)."""
    stop = threading.Event()
    outcomes: list = []
    runner = threading.Thread(target=lambda: outcomes.extend(pyload.hammer(
        service.host, service.port, bodies, seconds=before + 60, threads=threads,
        keep_alive=False, stop=stop)))
    runner.start()
    time.sleep(before)
    service.terminate()
    service.proc.wait(timeout=60)
    stop.set()
    runner.join()
    logged = logged_request_ids(service.log_path) & {o.request_id for o in outcomes}
    answered = {o.request_id for o in outcomes if o.status is not None}
    return {"sent": len(outcomes), "answered": len(answered), "taken_in": len(logged),
            "taken_in_not_answered": len(logged - answered),
            "refused_after_sigterm": sum(1 for o in outcomes if not o.connected),
            "reset_before_accept": sum(1 for o in outcomes if o.connected and o.status is None
                                       and o.request_id not in logged),
            "exit_code": service.proc.returncode}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--target-rps", type=float, default=300)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--libraries", type=int, default=150)
    parser.add_argument("--serials", type=int, default=600)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args(argv)
    report = {"benchmark": "load", "endpoint": "POST /v1/routing/lender-sequence",
              "seconds": args.seconds, "target_rps": args.target_rps,
              "gunicorn": f"{args.workers} workers x {args.threads} threads"}
    with scratch_database() as database:
        network = load_network(database, libraries=args.libraries, serials=args.serials)
        bodies = request_bodies(network)
        with gunicorn(database, workers=args.workers, threads=args.threads) as service:
            pyload.hammer(service.host, service.port, bodies[:50], seconds=3, threads=2)
            if shutil.which("wrk"):
                report["load"] = run_wrk(service.url, bodies, seconds=args.seconds,
                                         connections=args.connections)
            else:
                report["load"] = run_python(service, bodies, seconds=args.seconds,
                                            threads=args.connections)
            report["shutdown"] = graceful_shutdown(service, bodies)
    load, shutdown = report["load"], report["shutdown"]
    report["ok"] = (load["errors"] == 0 and load["rps"] >= args.target_rps
                    and shutdown["taken_in_not_answered"] == 0)
    print(json.dumps(report))
    return 0 if report["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
