"""Smoke test of benchmarks/bench_tta.py on ~200 requests (the real figures are not run here)."""

from __future__ import annotations

from benchmarks.bench_tta import RUN_AT, build_requests, lender_ids, run_benchmark


def test_built_requests_are_open_and_some_are_due():
    requests = build_requests(200, libids=lender_ids())
    assert len({r.id for r in requests}) == 200 and all(r.is_open for r in requests)
    assert {r.status for r in requests} == {"NEW", "RECEIVED"}
    assert all(r.history[-1].at < RUN_AT for r in requests)


def test_benchmark_runs_in_memory_and_through_the_store(store):
    figures = run_benchmark(memory=200, stored=200, store=store)
    assert figures["memory"]["requests"] == 200 and 0 < figures["memory"]["moved"] < 200
    stored = figures["store"]
    assert stored["moved"] == stored["due"] > 0
    assert stored["second_run_moved"] == 0
