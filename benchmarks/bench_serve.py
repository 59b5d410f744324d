"""The figures of `graphsvc serve` itself (its own gunicorn settings, ``api/gunicorn_conf.py``):

- start: seconds from the start to the first coverage map (``libraries.geojson``), and to the
  whole network served by every worker (``/v1/health`` of every worker names a version);
- memory: PSS of the master and workers once served (the network is shared copy-on-write);
- dashboard right after the start: the whole-network coverage summary asked as soon as every
  worker serves the whole network, each call's status and seconds (a 503 is asked again after
  its ``Retry-After``), and seconds from the start to the first answer;
- memory settled: PSS once the workers were forked anew holding the master's indexes;
- dashboard: seconds for the whole-network coverage summary (first and second call);
- write storm: wrk on lender sequences while a client re-uploads one library's holdings
  every second (throughput, p99, errors, uploads);
- memory after the storm, at once and once the master has forked the workers anew on its
  network (``GRAPHSVC_RESHARE_MB``; at most :data:`RESHARE_WAIT_S` later);
- paced write storm: the same, each connection pausing :data:`PACED_PAUSE_MS` before each
  request (about 1,000 requests a second: the latency of that load, not of a saturated
  server, whose p99 is mostly time in the queue);
- two servers on one database: a holdings upload on one, seconds until the other's workers
  hold that network version (without being asked for it).
"""

from __future__ import annotations

import http.client
import json
import shutil
import threading
import time
from contextlib import ExitStack
from pathlib import Path

from api.preload import private_mb
from benchmarks.http_bench import memory, post, wrk
from benchmarks.load.serve import gunicorn


def call(service, method: str, path: str, body=None, headers=None,
         timeout: float = 120) -> tuple[int, object, dict]:
    conn = http.client.HTTPConnection(service.host, service.port, timeout=timeout)
    try:
        conn.request(method, path, body=json.dumps(body) if body is not None else None,
                     headers={"Content-Type": "application/json", **(headers or {})})
        answer = conn.getresponse()
        data = answer.read()
        try:
            body = json.loads(data or b"null")
        except ValueError:
            body = {"text": data[:300].decode(errors="replace")}
        return answer.status, body, dict(answer.getheaders())
    finally:
        conn.close()


def served_version(service, probes: int = 8) -> int | None:
    """The network version every worker holds, as several answers in a row tell (the
    smallest), or ``None`` while one holds none."""
    found = []
    for _ in range(probes):
        _, _, headers = call(service, "GET", "/v1/health", timeout=10)
        version = int(headers["Network-Version"]) if "Network-Version" in headers else None
        if version is None:
            return None
        found.append(version)
    return min(found)


def wait_for(check, timeout: float, every: float = 0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(every)
    raise RuntimeError(f"not reached within {timeout:.0f} s")


def _tree_memory(service) -> dict:
    from benchmarks.http_bench import _children

    pids = [service.proc.pid, *_children(service.proc.pid)]
    each = [memory(pid) for pid in pids]
    return {"processes": len(pids), "pss_mb_total": sum(m["pss_mb"] or 0 for m in each),
            "rss_mb_each": [m["rss_mb"] for m in each],
            "pss_mb_each": [m["pss_mb"] for m in each],
            "private_mb_each": [round(private_mb(pid)) for pid in pids]}


def _start(stack: ExitStack, service_cm, started: float) -> tuple[object, dict]:
    service = stack.enter_context(service_cm)
    figures = {"ready_s": round(time.monotonic() - started, 2)}
    status, body, _ = call(service, "GET", "/v1/coverage/libraries.geojson")
    figures["first_map_s"] = round(time.monotonic() - started, 2)
    figures["first_map_status"] = status
    if status != 200:
        figures["first_map_answer"] = str(body)[:300]
    return service, figures


#: The paced storm: each of the 16 connections waits this long before each request, about
#: 1,000-1,100 requests a second in all on the national network (the issue's load), where
#: the saturating storm measures as many as the server takes.
PACED_PAUSE_MS = 12.5
#: Seconds after wrk started (its connections made) that the uploads of a storm start.
UPLOADS_AFTER_S = 0.5
#: Seconds the bench waits after the storm for the master to fork the workers anew.
RESHARE_WAIT_S = 180.0


def run_serve(database: dict, bodies: list[dict], token: str, libid: str, *,
              storm_s: int = 30, connections: int = 16, workers: int = 2,
              served_timeout: float = 1800.0, snapshot_dir=None,
              start_only: bool = False, storm_only: bool = False,
              reshare_mb: int | None = None, reshare_wait_s: float = RESHARE_WAIT_S,
              db_pid: int | None = None, log_dir: Path | None = None) -> dict:
    """Every figure of the module docstring against ``database`` (holding a network);
    ``start_only``: the figures up to the settled memory only; ``storm_only``: those, then
    routing without writes (``connections`` only) and the write storm (on the settled server).
    ``snapshot_dir``: the first server's network snapshots (``start.network_source`` says
    whether it started from one).
    ``reshare_mb``: the first server's ``GRAPHSVC_RESHARE_MB`` (default: its own default);
    ``reshare_wait_s``: how long to wait for it to fork its workers anew after the storm.
    ``db_pid``: the database's process (the storm says the CPU each process used);
    ``log_dir``: where the first server's log is kept (default: dropped)."""
    admin = {"Authorization": f"Bearer {token}"}
    results: dict = {"workers": workers, "uploader": libid}
    with ExitStack() as stack:
        started = time.monotonic()
        env = {"GRAPHSVC_RESHARE_MB": str(reshare_mb)} if reshare_mb is not None else None
        one, results["start"] = _start(
            stack, gunicorn(database, workers=workers, timeout=served_timeout,
                            wait_network=False, snapshot_dir=snapshot_dir, env=env,
                            log_dir=log_dir), started)
        wait_for(lambda: served_version(one), served_timeout, every=0.5)
        results["start"]["served_s"] = round(time.monotonic() - started, 2)
        results["start"]["network_source"] = call(one, "GET", "/v1/health")[1].get(
            "network_source")
        results["memory_served"] = _tree_memory(one)
        results["dashboard_at_start"] = _dashboard_at_start(one, started)
        results["start"]["indexes_shared_s"] = _indexes_shared(one, started, served_timeout)
        results["memory_settled"] = _settled_memory(one, workers + 1)
        if start_only:
            results["master_log"] = _master_log(one)
            return results
        if storm_only:
            results["routing"] = {"sustained": wrk(one.port, bodies, connections=connections,
                                                   threads=2, seconds=storm_s)}
            results["write_storm"] = _write_storm(
                one, bodies, _stored_holdings(one, libid), libid, admin, storm_s=storm_s,
                connections=connections, db_pid=db_pid)
            results["write_storm_paced"] = _write_storm(
                one, bodies, _stored_holdings(one, libid), libid, admin, storm_s=storm_s,
                connections=connections, db_pid=db_pid, pause_ms=PACED_PAUSE_MS)
            return results
        results["dashboard"] = _dashboard(one)
        results["routing"] = _routing_without_writes(one, bodies, connections=connections,
                                                     seconds=storm_s)
        results["reshares_before_storm"] = one.log_path.read_text().count(_RESHARED)
        upload = _stored_holdings(one, libid)
        results["write_storm"] = _write_storm(one, bodies, upload, libid, admin,
                                              storm_s=storm_s, connections=connections,
                                              db_pid=db_pid)
        results["memory_after_storm"] = _tree_memory(one)
        results["memory_reshared"] = _reshared_memory(one, reshare_wait_s)
        results["write_storm_paced"] = _write_storm(
            one, bodies, _stored_holdings(one, libid), libid, admin, storm_s=storm_s,
            connections=connections, db_pid=db_pid, pause_ms=PACED_PAUSE_MS)
        results["master_log"] = _master_log(one)
        two = stack.enter_context(gunicorn(database, workers=workers, timeout=served_timeout,
                                           wait_network=False))
        wait_for(lambda: served_version(two), served_timeout, every=0.5)
        results["two_servers"] = _two_servers(one, two, _stored_holdings(one, libid), libid,
                                              admin)
    return results


def _master_log(service) -> list[str]:
    """What the master said of loading, indexing, snapshots and forking the workers."""
    said = ("in the master", "snapshot", "rolling the workers", _RESHARED)
    return [line for line in service.log_path.read_text().splitlines()
            if any(words in line for words in said)]


_INDEXES_SHARED = "rolling the workers again: they share the master's indexes"


def _indexes_shared(service, started: float, timeout: float) -> float | None:
    """Seconds from the start until the workers were forked anew holding the master's
    indexes, and they serve (the later figures are those of a settled server); ``None``
    when that did not happen within ``timeout``."""
    try:
        wait_for(lambda: _INDEXES_SHARED in service.log_path.read_text(), timeout, every=0.5)
    except RuntimeError:
        return None
    shared = round(time.monotonic() - started, 2)
    time.sleep(2.0)  # the old workers finish and go
    wait_for(lambda: served_version(service), timeout, every=0.5)
    return shared


def _dashboard_at_start(service, started: float, timeout: float = 120.0) -> dict:
    """The whole-network summary asked at once, again after each 503's ``Retry-After``."""
    calls, deadline = [], time.monotonic() + timeout
    while time.monotonic() < deadline:
        start = time.perf_counter()
        status, _, headers = call(service, "GET", "/v1/coverage/summary")
        calls.append((status, round(time.perf_counter() - start, 3)))
        if status != 503:
            break
        time.sleep(min(float(headers.get("Retry-After", 1)), 10.0))
    return {"calls": calls, "status": calls[-1][0], "answer_s": calls[-1][1],
            "answered_after_start_s": round(time.monotonic() - started, 2)}


def _settled_memory(service, processes: int, wait_s: float = 30.0) -> dict:
    """The memory once the retiring workers (and a snapshot writer) are gone: at most
    ``wait_s`` seconds for the host to be down to ``processes`` (the master and workers)."""
    deadline, found = time.monotonic() + wait_s, _tree_memory(service)
    while found["processes"] > processes and time.monotonic() < deadline:
        time.sleep(1.0)
        found = _tree_memory(service)
    return found


def _routing_without_writes(service, bodies, *, connections: int, seconds: int) -> dict:
    if shutil.which("wrk") is None:
        return {"skipped": "wrk is not installed"}
    for body in bodies[:50]:
        post(service.port, body)
    return {"one_connection": wrk(service.port, bodies, connections=1, threads=1,
                                  seconds=seconds),
            "sustained": wrk(service.port, bodies, connections=connections, threads=2,
                             seconds=seconds)}


_RESHARED = "forking the workers anew"


def _reshared_memory(service, wait_s: float) -> dict:
    """The memory once the master has forked the workers anew after the storm (and the old
    ones are gone), or after ``wait_s`` when it did not."""
    before, started = service.log_path.read_text().count(_RESHARED), time.monotonic()
    if wait_s <= 0:
        return {**_tree_memory(service), "reshared": False, "after_s": 0.0}
    try:
        wait_for(lambda: service.log_path.read_text().count(_RESHARED) > before,
                 wait_s, every=1.0)
        time.sleep(5.0)  # the new workers boot, the old ones finish and go
        wait_for(lambda: served_version(service), 60, every=0.5)
        reshared = True
    except RuntimeError:
        reshared = False
    return {**_tree_memory(service), "reshared": reshared,
            "after_s": round(time.monotonic() - started, 1)}


def _stored_holdings(service, libid: str) -> list[dict]:
    """``libid``'s holdings as an upload body."""
    _, holdings, _ = call(service, "GET", f"/v1/libraries/{libid}/holdings")
    return [{k: v for k, v in h.items() if k not in ("libid", "title", "issns")}
            for h in holdings]


def _variant(upload: list[dict], n: int) -> list[dict]:
    """The ``n``-th upload (from 1): one holding's ``currently_received`` flipped from the
    stored value on odd ``n`` and back on even ones, so every upload is a real change (an
    unchanged upload makes no network version)."""
    first = upload[0]
    flipped = not first.get("currently_received", False) if n % 2 else \
        first.get("currently_received", False)
    return [{**first, "currently_received": flipped}, *upload[1:]]


def _dashboard(service) -> dict:
    times = []
    for _ in range(2):
        start = time.perf_counter()
        status, body, _ = call(service, "GET", "/v1/coverage/summary")
        times.append(round(time.perf_counter() - start, 3))
        if status != 200:
            return {"status": status, "body": str(body)[:300]}
    return {"first_s": times[0], "second_s": times[1],
            "bytes": len(json.dumps(body))}


def _cpu_s(pid: int) -> float:
    """CPU seconds (user and system) a process has used, or 0 when it is gone."""
    import os

    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _cpu_of(service, db_pid: int | None) -> dict[str, float]:
    from benchmarks.http_bench import _children

    pids = {"master": service.proc.pid, "this bench (uploads, wrk's parent)": 0}
    pids.update({f"worker {pid}": pid for pid in _children(service.proc.pid)})
    if db_pid:
        pids["database"] = db_pid
    return {name: _cpu_s(pid) if pid else time.process_time() for name, pid in pids.items()}


def _write_storm(service, bodies, upload, libid, admin, *, storm_s: int,
                 connections: int, db_pid: int | None = None,
                 pause_ms: float | None = None) -> dict:
    if shutil.which("wrk") is None:
        return {"skipped": "wrk is not installed"}
    for body in bodies[:50]:
        post(service.port, body)
    stop, uploads = threading.Event(), []

    def uploader() -> None:
        while not stop.is_set():
            start = time.perf_counter()
            status, _, headers = call(service, "PUT", f"/v1/libraries/{libid}/holdings",
                                      _variant(upload, len(uploads) + 1), admin)
            uploads.append((status, time.perf_counter() - start,
                            headers.get("Network-Version")))
            stop.wait(max(0.0, 1.0 - (time.perf_counter() - start)))

    thread = threading.Thread(target=uploader, daemon=True)
    reshared = service.log_path.read_text().count(_RESHARED)
    cpu = _cpu_of(service, db_pid)
    # wrk connects first: a worker busy with an upload takes no connection while its upload
    # holds the GIL, so uploads started first sent all of wrk's connections to one worker
    # (its 16 connections stay for the whole run: unlike many clients coming and going).
    starter = threading.Timer(UPLOADS_AFTER_S, thread.start)
    starter.start()
    try:
        load = wrk(service.port, bodies, connections=connections, threads=2, seconds=storm_s,
                   pause_ms=pause_ms)
    finally:
        starter.cancel()
        stop.set()
        if thread.is_alive():
            thread.join(60)
    reshared = service.log_path.read_text().count(_RESHARED) - reshared
    cpu = {name: round(spent - cpu.get(name, 0.0), 2)
           for name, spent in _cpu_of(service, db_pid).items()}
    return {"wrk": load, "uploads": len(uploads), "reshared_during": reshared, "cpu_s": cpu,
            "upload_errors": sum(1 for s, _, _ in uploads if s != 200),
            "upload_median_s": round(sorted(d for _, d, _ in uploads)[len(uploads) // 2], 3)
            if uploads else None, "holdings_per_upload": len(upload)}


def _two_servers(one, two, upload, libid, admin, runs: int = 5) -> dict:
    latencies = []
    for n in range(1, runs + 1):
        status, _, headers = call(one, "PUT", f"/v1/libraries/{libid}/holdings",
                                  _variant(upload, n), admin)
        if status != 200:
            return {"upload_status": status}
        version, start = int(headers["Network-Version"]), time.perf_counter()
        wait_for(lambda v=version: (served_version(two, probes=4) or 0) >= v, 60, every=0.02)
        latencies.append(round(time.perf_counter() - start, 3))
    return {"runs": runs, "visible_s": latencies,
            "median_s": sorted(latencies)[len(latencies) // 2]}


def bodies_from_bundle(data: dict, n: int = 2000, seed: int = 1,
                       uploader: str = "busiest") -> tuple[list[dict], str]:
    """Lender-sequence bodies (random borrowers with routing tables, held titles, years)
    and the LIBID that uploads in the storms: the library with the most holdings
    (``uploader="busiest"``, the worst case) or one with the median number of holdings among
    those holding any (``"median"``, a typical daily upload)."""
    import random
    from collections import Counter

    rng = random.Random(seed)
    borrowers = [t["libid"] for t in data.get("routing_tables", [])] or \
        [lib["libid"] for lib in data["libraries"]]
    titles = [h["nlm_uid"] for h in data["holdings"]]
    bodies = [{"borrower": rng.choice(borrowers), "at": "2026-11-23T15:00:00Z",
               "citation": {"nlm_uid": rng.choice(titles), "year": rng.randint(1990, 2025)},
               "seed": i} for i in range(n)]
    by_size = [libid for libid, _ in Counter(h["libid"] for h in data["holdings"]).most_common()]
    return bodies, by_size[0] if uploader == "busiest" else by_size[len(by_size) // 2]


def main(argv: list[str] | None = None) -> int:
    """``python -m benchmarks.bench_serve --data-dir DIR --bundle FILE``: the figures against
    the embedded database of ``DIR`` (already holding the bundle's network)."""
    import argparse

    from benchmarks.scratch import admin_database

    parser = argparse.ArgumentParser(prog="bench_serve")
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--bundle", required=True)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--snapshots", metavar="DIR", default=None,
                        help="the network snapshots' folder (default: DATA_DIR/snapshots, as "
                             "`graphsvc serve`); empty: none")
    parser.add_argument("--start-only", action="store_true",
                        help="measure the start, the dashboard right after it and the memory "
                             "until settled only")
    parser.add_argument("--log-dir", type=Path, default=None,
                        help="keep the first server's log (its access lines) here")
    parser.add_argument("--uploader", choices=("busiest", "median"), default="busiest",
                        help="the library whose holdings the storms upload: the one with the "
                             "most holdings, or one with the median number")
    parser.add_argument("--storm-only", action="store_true",
                        help="measure what --start-only does, then the write storm")
    args = parser.parse_args(argv)
    snapshots = Path(args.data_dir) / "snapshots" if args.snapshots is None else \
        (Path(args.snapshots) if args.snapshots else None)
    with open(args.bundle, encoding="utf-8") as f:
        bodies, uploader = bodies_from_bundle(json.load(f), uploader=args.uploader)
    with admin_database(args.data_dir) as (server, _, token):
        database = {"uri": server.uri, "user": "root", "password": server.password,
                    "database": server.database}
        results = run_serve(database, bodies, token, uploader, storm_s=args.seconds,
                            connections=args.connections, snapshot_dir=snapshots,
                            start_only=args.start_only, storm_only=args.storm_only,
                            db_pid=server.pid, log_dir=args.log_dir)
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
