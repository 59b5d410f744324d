"""Benchmark of a Time-Triggered Actions run, in memory and as a store round trip.

In memory: 100,000 open requests (New and Received, all service levels, reaching their
lenders over the week before the run) through :func:`graphsvc.requests.run_tta`.
Store: a smaller count written to a scratch embedded database, then one TTA run as the
service does it (read the due requests, run, write back the moved ones) and a second run
for the same instant (which moves nothing).

    .venv/bin/python -m benchmarks.bench_tta [--requests 100000] [--stored 5000]

prints one JSON line with the figures (seconds).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import tempfile
import time
from pathlib import Path

from graphsvc.calendar import is_business_day
from graphsvc.model import Library, Network, Region
from graphsvc.requests import Step, TrackedRequest, apply_action, new_request, run_tta

RUN_AT = dt.datetime(2026, 10, 14, 4, 5, tzinfo=dt.UTC)  # Wednesday 00:05 Eastern
LEVELS = ("NORMAL", "NORMAL", "NORMAL", "RUSH", "URGENT")
STATES = ("OR", "WA", "ID", "MT", "AK")


def lender_ids(count: int = 40) -> list[str]:
    """``count`` distinct LIBIDs (two letters of state, U, three letters)."""
    return [f"{STATES[i % len(STATES)]}U{chr(65 + i // 26 % 26)}{chr(65 + i % 26)}X"
            for i in range(count)]


def bench_network(libids: list[str]) -> Network:
    return Network(regions=(Region("5", "Region 5", STATES, None),),
                   libraries=tuple(Library(libid, f"Library {libid}", state=libid[:2])
                                   for libid in libids))


def build_requests(count: int, *, libids: list[str], at: dt.datetime = RUN_AT,
                   seed: int = 1) -> list[TrackedRequest]:
    """``count`` open requests with three-lender sequences, a third of them received."""
    rng = random.Random(seed)
    borrower, lenders = libids[0], libids[1:]
    built = []
    for i in range(count):
        routed = at - dt.timedelta(minutes=rng.randrange(7 * 24 * 60))
        sequence = [Step(libid, "CELL", cell) for cell, libid in
                    enumerate(rng.sample(lenders, 3), start=1)]
        req = new_request(f"B{i:012d}", borrower, sequence, at=routed,
                          service_level=rng.choice(LEVELS))
        if rng.random() < 1 / 3:
            received = routed + dt.timedelta(minutes=rng.randrange(1, 600))
            if received < at:
                req = apply_action(req, "RECEIVE", lender=sequence[0].libid, at=received)
        built.append(req)
    return built


def _timed(work):
    start = time.perf_counter()
    result = work()
    return result, round(time.perf_counter() - start, 3)


def bench_memory(count: int) -> dict:
    """Build ``count`` requests and time one TTA run over them."""
    is_business_day(RUN_AT.date())  # the holiday tables load once per process: not timed
    requests, build_s = _timed(lambda: build_requests(count, libids=lender_ids()))
    moved, run_s = _timed(lambda: run_tta(requests, at=RUN_AT))
    return {"requests": count, "build_s": build_s, "run_s": run_s, "moved": len(moved),
            "per_request_us": round(run_s / max(count, 1) * 1e6, 2)}


def bench_store(store, count: int, *, batch: int = 1000) -> dict:
    """Store ``count`` requests, then time a TTA run as the service does it, twice."""
    from graphsvc.services.requests import run_tta as service_run

    libids = lender_ids()
    store.import_network(bench_network(libids))
    requests = build_requests(count, libids=libids, seed=2)

    def insert():
        for start in range(0, len(requests), batch):
            store.create_requests(requests[start:start + batch])

    _, insert_s = _timed(insert)
    due, load_s = _timed(lambda: store.due_requests(RUN_AT))
    moved, run_s = _timed(lambda: run_tta([req for req, _ in due], at=RUN_AT))
    versions = {req.id: version for req, version in due}
    written, save_s = _timed(lambda: store.save_requests(
        (req, versions[req.id]) for req, _ in moved))
    again, again_s = _timed(lambda: service_run(store, at=RUN_AT))
    return {"requests": count, "insert_s": insert_s, "due": len(due), "load_s": load_s,
            "run_s": run_s, "save_s": save_s, "moved": len(written),
            "round_trip_s": round(load_s + run_s + save_s, 3),
            "second_run_s": again_s, "second_run_moved": again["count"]}


def run_benchmark(*, memory: int, stored: int, store=None) -> dict:
    """Both figures; ``store`` is an empty :class:`Neo4jStore` (default: a scratch one)."""
    figures = {"benchmark": "tta", "at": RUN_AT.isoformat(), "memory": bench_memory(memory)}
    if stored:
        if store is not None:
            figures["store"] = bench_store(store, stored)
        else:
            figures["store"] = _with_scratch_store(lambda s: bench_store(s, stored))
    return figures


def _with_scratch_store(work):
    from graphsvc.store import embedded
    from graphsvc.store.neo4j import Neo4jStore

    with tempfile.TemporaryDirectory(prefix="bench-tta-") as tmp:
        data_dir = Path(tmp)
        server = embedded.start(data_dir)
        store = Neo4jStore(server.uri, server.auth, database=server.database)
        try:
            store.ensure_schema()
            return work(store)
        finally:
            store.close()
            embedded.stop(data_dir)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=100_000,
                        help="open requests for the in-memory run")
    parser.add_argument("--stored", type=int, default=5_000,
                        help="requests for the store round trip (0: skip it)")
    args = parser.parse_args(argv)
    print(json.dumps(run_benchmark(memory=args.requests, stored=args.stored)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
