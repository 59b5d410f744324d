"""The CPU of one holdings upload in process, step by step: what a serving worker spends (and
holds its GIL for) when a library re-uploads its holdings (``PUT /v1/libraries/{libid}/holdings``
with one holding's ``currently_received`` flipped, as :func:`benchmarks.bench_serve._variant`).

``python -m benchmarks.bench_upload --data-dir DIR [--snapshots DIR] [--libid L] [--runs N]``
starts the embedded database of ``DIR`` (holding a network; give a copy, it is written to),
loads the network as a worker holds it, then times ``N`` uploads through the Flask app:
``time.process_time`` of the whole request and of each step (:data:`STEPS`, timed by wrapping
the functions, no profiler); medians. ``--profile-out FILE``: one more upload under cProfile.
"""

from __future__ import annotations

import cProfile
import importlib
import json
import time
from contextlib import contextmanager
from pathlib import Path

#: (step, module, attribute (``Class.method`` for a method)): each step's CPU is timed
#: (those the code lacks are left out: older code names some of them otherwise).
STEPS = (
    ("JSON limits: parse", "api.json_limits", "_parse"),
    ("JSON limits: depth", "api.json_limits", "_too_deep"),
    ("JSON limits: walk naming the field", "api.json_limits", "_first_problem"),
    ("JSON parse in the view", "flask.wrappers", "Request.get_json"),
    ("validation", "api.holdings", "load_or_invalid"),
    ("service, all of it", "graphsvc.services", "replace_holdings"),
    ("which titles are known", "graphsvc.services.holdings", "_known_titles"),
    ("last-copy guard", "graphsvc.services.holdings", "last_copy_warnings"),
    ("store write, all of it", "graphsvc.store.neo4j", "Neo4jStore.replace_holdings"),
    ("stored holdings", "graphsvc.store.neo4j", "Neo4jStore._stored_holdings"),
    ("stored holdings", "graphsvc.store.neo4j", "Neo4jStore._stored_holding_props"),
    ("put in the graph", "graphsvc.store.library_holdings", "_put_written"),
)


@contextmanager
def timed_steps(spent: dict[str, float]):
    """Add each step's CPU seconds to ``spent`` while in the block."""
    undo = []
    for step, module, name in STEPS:
        owner = importlib.import_module(module)
        *path, attr = name.split(".")
        for part in path:
            owner = getattr(owner, part)
        original = getattr(owner, attr, None)
        if original is None:
            continue

        def wrapper(*args, _original=original, _step=step, **kwargs):
            started = time.process_time()
            try:
                return _original(*args, **kwargs)
            finally:
                spent[_step] = spent.get(_step, 0.0) + time.process_time() - started
        setattr(owner, attr, wrapper)
        undo.append((owner, attr, original))
    try:
        yield spent
    finally:
        for owner, attr, original in reversed(undo):
            setattr(owner, attr, original)


@contextmanager
def collections(spent: dict[str, float]):
    """Add the cyclic collector's CPU seconds in the block to ``spent`` (by generation)."""
    import gc

    started = {}

    def note(phase: str, info: dict) -> None:
        if phase == "start":
            started["at"] = time.process_time()
        else:
            step = f"collector, generation {info['generation']}"
            spent[step] = spent.get(step, 0.0) + time.process_time() - started["at"]
    gc.callbacks.append(note)
    try:
        yield spent
    finally:
        gc.callbacks.remove(note)


def median(values: list[float]) -> float:
    return round(sorted(values)[len(values) // 2], 4)


def catch_up_cpu(store, libid: str, nlm_uid: str, runs: int) -> float:
    """CPU seconds (median) of another process's catch-up of such an upload: ``libid``'s
    holdings of the one changed title re-read and put in the graph."""
    G, spent = store.network(), []
    for _ in range(runs):
        started = time.process_time()
        store.patch_holdings(G, libid, {nlm_uid})
        spent.append(time.process_time() - started)
    return median(spent)


def run(client, store, libid: str, headers: dict, runs: int,
        profile_out: str | None = None) -> dict:
    """Upload ``libid``'s holdings ``runs`` times (each a real change; the first, warming up,
    not counted), and once more under cProfile when ``profile_out`` names a file."""
    from benchmarks.bench_serve import _variant

    stored = client.get(f"/v1/libraries/{libid}/holdings").get_json()
    upload = [{k: v for k, v in h.items() if k not in ("libid", "title", "issns")}
              for h in stored]
    cpu, wall, steps = [], [], []
    for n in range(runs + 1):
        body = json.dumps(_variant(upload, n + 1))
        with timed_steps({}) as spent, collections(spent):
            started, started_cpu = time.perf_counter(), time.process_time()
            answer = client.put(f"/v1/libraries/{libid}/holdings", data=body, headers=headers)
            cpu.append(time.process_time() - started_cpu)
            wall.append(time.perf_counter() - started)
        assert answer.status_code == 200, answer.get_data(as_text=True)[:500]
        steps.append(spent)
    if profile_out:
        profile = cProfile.Profile(time.process_time)  # CPU, not the database's time
        body = json.dumps(_variant(upload, runs + 2))
        profile.runcall(client.put, f"/v1/libraries/{libid}/holdings", data=body,
                        headers=headers)
        profile.dump_stats(profile_out)
    cpu, wall, steps = cpu[1:], wall[1:], steps[1:]
    return {"catch_up_cpu_s_median": catch_up_cpu(store, libid, upload[0]["nlm_uid"], runs),
            "holdings": len(upload), "runs": runs, "cpu_s_median": median(cpu),
            "cpu_s": [round(c, 4) for c in cpu], "wall_s_median": median(wall),
            "steps_cpu_s_median": {step: median([s.get(step, 0.0) for s in steps])
                                   for step in dict.fromkeys(step for step, _, _ in STEPS)},
            "collector_cpu_s": [{k: round(v, 4) for k, v in s.items() if "collector" in k}
                                for s in steps]}


def main(argv: list[str] | None = None) -> int:
    import argparse

    from api import create_app
    from benchmarks.scratch import admin_database
    from graphsvc.store import snapshots

    parser = argparse.ArgumentParser(prog="bench_upload")
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--snapshots", metavar="DIR", default=None)
    parser.add_argument("--libid", default="MDUNLM",
                        help="the library re-uploading (default: the national data's busiest)")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--profile-out", default=None, help="write the cProfile stats here")
    args = parser.parse_args(argv)
    with admin_database(args.data_dir) as (_, store, token):
        started = time.perf_counter()
        snapshots.open_network(store, Path(args.snapshots) if args.snapshots else None)
        loaded_s = round(time.perf_counter() - started, 1)
        client = create_app({"TESTING": True, "STORE": store}).test_client()
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        results = run(client, store, args.libid, headers, args.runs, args.profile_out)
        results["network_loaded_s"] = loaded_s
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
