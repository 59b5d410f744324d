"""Benchmark of the disaster what-if with a whole region offline, in memory.

The national-scale generated network (3,000 libraries, 60,000 serials, 1.65 million
holdings) is generated, built into the graph, its coverage index built once (as the service
does after loading a network version, followed by one full garbage collection, as its warmer
does), then :func:`graphsvc.coverage.what_if` runs with region 5 offline three times; the
target is at most 5 s for one what-if.

    .venv/bin/python -m benchmarks.bench_whatif [--libraries 3000] [--serials 60000]
        [--holdings 1650000] [--region 5] [--runs 3]

prints one JSON line with the figures (seconds). Generating and building the national
network takes minutes and several GB of memory; tests run only a tiny network.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import statistics
import sys
import time
from functools import partial

from graphsvc.coverage import what_if
from graphsvc.coverage.index import coverage_index
from graphsvc.io.generate import generate_network
from graphsvc.network import build_network

AT = dt.date(2026, 11, 23)


def _timed(work):
    start = time.perf_counter()
    result = work()
    return result, round(time.perf_counter() - start, 3)


def run_benchmark(*, libraries: int = 3000, serials: int = 60_000, holdings: int = 1_650_000,
                  seed: int = 1, region: str = "5", runs: int = 3) -> dict:
    """Generate, build, index, then time ``runs`` what-ifs with ``region`` offline."""
    network, generate_s = _timed(lambda: generate_network(
        libraries=libraries, serials=serials, holdings=holdings, seed=seed))
    G, build_s = _timed(partial(build_network, network, version=1))
    network = None  # the graph holds everything the what-if reads
    _, index_s = _timed(lambda: coverage_index(G))
    # The service's warmer collects once after building an index (see services.coverage_warm.warm).
    _, collect_s = _timed(gc.collect)
    times, found = [], None
    for _ in range(runs):
        found, seconds = _timed(lambda: what_if(G, regions=[region], at=AT))
        times.append(seconds)
    counts = found.counts
    return {"libraries": libraries, "serials": serials, "holdings": holdings,
            "region": region, "generate_s": generate_s, "build_s": build_s,
            "index_build_s": index_s, "collect_s": collect_s,
            "what_if_median_s": round(statistics.median(times), 3),
            "what_if_runs_s": times, "offline_libraries": counts.offline_libraries,
            "titles_affected": counts.titles_affected,
            "titles_losing_last_holder": counts.titles_losing_last_holder,
            "borrowers_cut_off": counts.borrowers_cut_off}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--libraries", type=int, default=3000)
    parser.add_argument("--serials", type=int, default=60_000)
    parser.add_argument("--holdings", type=int, default=1_650_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--region", default="5")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    figures = run_benchmark(libraries=args.libraries, serials=args.serials,
                            holdings=args.holdings, seed=args.seed, region=args.region,
                            runs=args.runs)
    print(json.dumps(figures), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
