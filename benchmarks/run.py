"""Every benchmark figure in one run: ``graphsvc bench [--scale national|small|tiny]``.

Generates the network (real hospitals, NLM IDs and ISSNs when the shared data folder is
there), bulk-loads it into a fresh embedded database under ``var/bench``, then measures the
figures of docs/BENCHMARKS.md with the naive baseline next to the routing ones, and writes
the figures (JSON) and the document.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import gc
import io
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections import Counter
from importlib import import_module, metadata
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"


@dataclasses.dataclass(frozen=True)
class Scale:
    libraries: int
    serials: int
    holdings: int
    batch: int          # requests re-routed in one batch
    sample: int         # requests timed one by one in process
    naive: int          # requests routed by the naive baseline
    latency_s: int      # wrk, one connection
    load_s: int         # wrk, many connections
    connections: int


SCALES = {
    "national": Scale(3000, 60_000, 1_650_000, 100_000, 2000, 100, 15, 30, 16),
    "small": Scale(300, 6000, 50_000, 10_000, 500, 30, 5, 10, 16),
    "tiny": Scale(60, 300, 3000, 400, 50, 3, 1, 1, 4),
}
FIGURES = ("import", "lender_sequence", "batch", "naive", "neighbourhood", "http", "serve",
           "referral", "whatif")


def log(message: str) -> None:
    print(f"[{dt.datetime.now():%H:%M:%S}] {message}", flush=True)


def timed(work):
    start = time.perf_counter()
    result = work()
    return result, time.perf_counter() - start


def percentiles(seconds: list[float]) -> dict:
    ordered = sorted(seconds)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * .99))]
    return {"n": len(ordered), "median_ms": round(statistics.median(ordered) * 1e3, 3),
            "p99_ms": round(p99 * 1e3, 3), "mean_ms": round(statistics.fmean(ordered) * 1e3, 3)}


def peak_rss_mb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def machine() -> dict:
    versions = {}
    for name in ("neo4j", "arcadedb-embedded", "networkx", "flask", "gunicorn"):
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    wrk = shutil.which("wrk")
    if wrk:
        out = subprocess.run([wrk, "--version"], capture_output=True, text=True, check=False)
        versions["wrk"] = (out.stdout or out.stderr).split("[")[0].strip()
    mem = Path("/proc/meminfo").read_text().split("\n")[0].split()[1]
    return {"date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
            "nproc": os.cpu_count(), "memory_gb": round(int(mem) / 1024 / 1024, 1),
            "cpu": _cpu_model(), "python": platform.python_version(),
            "platform": platform.platform(), "versions": versions,
            "load_average_at_start": [round(x, 2) for x in os.getloadavg()]}


def _cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor()


# --- the figures ------------------------------------------------------------------------

def fresh_database(data_dir: Path):
    """A new embedded server on an empty ``data_dir``; ``(server, store)``."""
    from graphsvc.store import embedded
    from graphsvc.store.neo4j import Neo4jStore

    embedded.stop(data_dir)
    shutil.rmtree(data_dir, ignore_errors=True)
    server = embedded.start(data_dir, timeout=180)
    store = Neo4jStore(server.uri, server.auth, database=server.database, max_retry_time=30)
    store.ensure_schema()
    return server, store


def bench_import(store, server, network) -> dict:
    from graphsvc.progress import progress_bar, rows_callback
    from graphsvc.store.arcadedb_batch import BatchEndpoint

    endpoint = BatchEndpoint(server.http_port, server.password, server.database)
    rows = sum(map(len, (network.regions, network.libraries, network.groups, network.serials,
                         network.holdings, network.routing_tables)))
    with progress_bar(rows, desc="import", unit="row") as bar:
        counts, seconds = timed(lambda: store.bulk_load(network, endpoint=endpoint,
                                                        progress=rows_callback(bar)))
    return {"path": "Neo4jStore.bulk_load (ArcadeDB batch endpoint for serials and holdings)",
            "seconds": round(seconds, 1),
            "holdings_per_s": round(len(network.holdings) / seconds), "counts": counts,
            "stored": store.counts()}


def bench_serve(server, store, bodies, libid: str, scale: Scale) -> dict:
    """`graphsvc serve`'s own figures (benchmarks/bench_serve.py)."""
    from benchmarks.bench_serve import run_serve
    from graphsvc.services.auth import create_token

    token, _ = create_token(store, "admin")
    database = {"uri": server.uri, "user": "root", "password": server.password,
                "database": server.database}
    quick = scale is SCALES["tiny"]  # its workers never outgrow a share (tests/store does it)
    return run_serve(database, bodies, token, libid, storm_s=scale.load_s,
                     connections=scale.connections, reshare_wait_s=0 if quick else 180)


def resolved(G, requests):
    """The requests with their titles as NLM Unique IDs (the service resolves an ISSN with
    one indexed query before routing)."""
    from graphsvc.routing.title import find_title

    return [dataclasses.replace(r, citation=dataclasses.replace(
        r.citation, nlm_uid=find_title(G, r.citation), issn=None)) for r in requests]


def bench_lender_sequence(G, requests) -> tuple[dict, list]:
    from graphsvc.routing import lender_sequence

    times, sequences = [], []
    for request in requests:
        start = time.perf_counter()
        sequences.append(lender_sequence(G, request))
        times.append(time.perf_counter() - start)
    figures = percentiles(times)
    figures["lenders_mean"] = round(statistics.fmean(len(s.lenders) for s in sequences), 2)
    return figures, sequences


def bench_batch(G, requests, sample, sample_sequences, one_by_one_mean_ms) -> dict:
    from graphsvc.routing.batch import lender_sequences

    found = {"requests": len(requests)}
    for processes in (1, 2):
        gc.collect()
        result, seconds = timed(lambda n=processes: lender_sequences(G, requests, processes=n))
        found[f"processes_{processes}"] = {"seconds": round(seconds, 2),
                                           "rate_per_s": round(len(requests) / seconds)}
        del result
    same = lender_sequences(G, sample) == sample_sequences
    found["identical_to_lender_sequence"] = {"requests": len(sample), "identical": same}
    found["baseline_one_by_one_rate_per_s"] = round(1000 / one_by_one_mean_ms)
    return found


def bench_naive(store, requests, *, budget_s: float = 120.0) -> dict:
    """The naive baseline on ``requests`` (fewer if they take more than ``budget_s``)."""
    from benchmarks.naive import NaiveRouter

    router = NaiveRouter(store)
    times: list[float] = []
    deadline = time.perf_counter() + budget_s
    for request in requests:
        if times and time.perf_counter() > deadline:
            break
        start = time.perf_counter()
        router.route(request)
        times.append(time.perf_counter() - start)
    figures = percentiles(times)
    figures["queries_per_request"] = round(router.queries / len(times), 1)
    figures["rate_per_s"] = round(1000 / figures["mean_ms"], 1)
    return figures


def bench_neighbourhood(store, requests, *, budget_s: float = 60.0) -> dict:
    """The service's path until a worker holds the whole network: one neighbourhood query
    (cypher/routing/neighbourhood.cypher), then lender_sequence on that small graph."""
    from graphsvc.routing import lender_sequence

    times: list[float] = []
    deadline = time.perf_counter() + budget_s
    for request in requests:
        if times and time.perf_counter() > deadline:
            break
        start = time.perf_counter()
        lender_sequence(store.routing_graph(request.borrower, request.citation.nlm_uid), request)
        times.append(time.perf_counter() - start)
    return percentiles(times)


def guarded(work) -> dict:
    """The figures of ``work()``, or ``{"failed": ...}``: one broken figure does not lose
    the others of a long run."""
    try:
        return work()
    except Exception as exc:  # noqa: BLE001 - recorded in the figures and the log
        log(f"failed: {type(exc).__name__}: {exc}")
        return {"failed": f"{type(exc).__name__}: {str(exc)[:500]}"}


def call_main(module: str, argv: list[str]) -> dict:
    """Run ``benchmarks.<module>.main(argv)`` (another helper's benchmark) and parse the
    JSON line it prints; ``{"absent": ...}`` when it does not exist."""
    try:
        main = import_module(f"benchmarks.{module}").main
    except (ImportError, AttributeError) as exc:
        return {"absent": f"benchmarks/{module}.py has no main(): {exc}"}
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(argv)
    lines = [line for line in out.getvalue().splitlines() if line.startswith("{")]
    found = json.loads(lines[-1]) if lines else {"output": out.getvalue()[-2000:]}
    found["exit_code"] = code
    found["argv"] = argv
    return found


# --- the run ----------------------------------------------------------------------------

def run(scale_name: str = "national", *, only: tuple[str, ...] = (),
        data_dir: Path | None = SHARED_DATA, db_dir: Path = REPO / "var" / "bench",
        write_doc: Path | None = REPO / "docs" / "BENCHMARKS.md",
        figures_json: Path | str | None = REPO / "var" / "bench-figures.json",
        command: str = "graphsvc bench") -> dict:
    """Measure the figures (all, or ``only`` those named) and write them."""
    from benchmarks.mix import RequestMix
    from graphsvc.io.generate import generate_network
    from graphsvc.network import build_network
    from graphsvc.store import embedded

    scale = SCALES[scale_name]
    wanted = set(only or FIGURES)
    data_dir = data_dir if data_dir and Path(data_dir).is_dir() else None
    results: dict = {"command": command, "scale": scale_name,
                     "scale_figures": dataclasses.asdict(scale), "machine": machine(),
                     "real_data": data_dir is not None}
    started = time.perf_counter()
    log(f"scale {scale_name}: {scale}; load average {results['machine']['load_average_at_start']}")

    log("generating the network")
    network, seconds = timed(lambda: generate_network(
        libraries=scale.libraries, serials=scale.serials, holdings=scale.holdings, seed=1,
        data_dir=data_dir))
    results["generate_s"] = round(seconds, 1)
    log(f"generated {len(network.holdings)} holdings in {seconds:.1f} s")

    server, store = fresh_database(db_dir) if wanted & {"import", "naive", "neighbourhood",
                                                         "http"} else \
        (None, None)
    try:
        if store is not None:
            results["import"] = bench_import(store, server, network)
            log(f"bulk import: {results['import']['seconds']} s")
        version = store.version() if store is not None else None
        G, seconds = timed(lambda: build_network(network, version=version))
        results["build_network_s"] = round(seconds, 1)
        results["bench_process_peak_rss_mb"] = peak_rss_mb()
        log(f"graph built in {seconds:.1f} s; peak RSS {peak_rss_mb()} MB")
        mix = RequestMix(G, data_dir=data_dir)
        requests = mix.requests(scale.batch)
        results["mix"] = {"requests": len(requests), "logged_titles_in_network": len(mix.logged),
                          "log_share": round(mix.log_share, 3),
                          "all_other_share": round(sum(r.all_other_libraries for r in requests)
                                                   / len(requests), 3)}
        sample = resolved(G, requests[:scale.sample])
        if wanted & {"lender_sequence", "batch"}:
            results["lender_sequence"], sample_sequences = bench_lender_sequence(G, sample)
            log(f"lender_sequence in process: {results['lender_sequence']}")
        if "batch" in wanted:
            results["batch"] = bench_batch(G, requests, sample, sample_sequences,
                                           results["lender_sequence"]["mean_ms"])
            log(f"batch: {results['batch']}")
        if "naive" in wanted:
            results["naive"] = guarded(lambda: bench_naive(store, requests[:scale.naive]))
            log(f"naive baseline: {results['naive']}")
        if "neighbourhood" in wanted:
            results["neighbourhood"] = guarded(lambda: bench_neighbourhood(store, sample[:200]))
            log(f"neighbourhood query + lender_sequence: {results['neighbourhood']}")
        bodies = [_body(r) for r in requests[:2000]]
        busiest = Counter(h.libid for h in network.holdings).most_common(1)[0][0]
        G = network = mix = requests = sample = None  # free the memory before HTTP
        gc.collect()
        if "http" in wanted:
            from benchmarks.http_bench import run_http

            settings = {"uri": server.uri, "user": "root", "password": server.password,
                        "database": server.database}
            results["http"] = guarded(lambda: run_http(
                settings, bodies, latency_s=scale.latency_s, load_s=scale.load_s,
                connections=scale.connections))
            log(f"http: {results['http']}")
        if "serve" in wanted:
            results["serve"] = guarded(lambda: bench_serve(server, store, bodies, busiest,
                                                           scale))
            log(f"graphsvc serve: {results['serve']}")
    finally:
        if store is not None:
            store.close()
            embedded.stop(db_dir)
    _script_figures(results, wanted, scale)
    results["total_s"] = round(time.perf_counter() - started, 1)
    results["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    _save(results, figures_json, write_doc)
    log(f"done in {results['total_s']} s")
    return results


def _script_figures(results: dict, wanted: set[str], scale) -> None:
    """The figures measured by their own scripts (each starts what it needs)."""
    if "referral" in wanted:
        results["referral"] = guarded(lambda: call_main("bench_referral", [
            "--libraries", str(scale.libraries), "--serials", str(min(scale.serials, 600)),
            "--requests", str(max(scale.naive * 5, 20))]))
        log(f"referral: {results['referral']}")
    if "whatif" in wanted:
        results["whatif"] = guarded(lambda: call_main("bench_whatif", [
            "--libraries", str(scale.libraries), "--serials", str(scale.serials),
            "--holdings", str(scale.holdings), "--runs", "3"]))
        log(f"what-if: {results['whatif']}")


def _save(results: dict, figures_json: Path | str | None, write_doc: Path | None) -> None:
    if figures_json:
        figures_json = Path(figures_json)  # a string from a caller's script is a path too
        figures_json.parent.mkdir(parents=True, exist_ok=True)
        figures_json.write_text(json.dumps(results, indent=1))
    if write_doc:
        from benchmarks.report import write_report

        write_report(results, write_doc)


def _body(request) -> dict:
    from benchmarks.http_bench import request_body

    return request_body(request)


if __name__ == "__main__":
    run(sys.argv[1] if len(sys.argv) > 1 else "small")
