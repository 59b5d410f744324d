"""Smoke test of benchmarks/bench_whatif.py on a tiny network (the national one is not run here)."""

from __future__ import annotations

import json

from benchmarks.bench_whatif import main, run_benchmark


def test_benchmark_takes_a_region_offline_on_a_generated_network():
    figures = run_benchmark(libraries=60, serials=40, holdings=400, runs=2)
    assert figures["offline_libraries"] > 0 and figures["titles_affected"] > 0
    assert len(figures["what_if_runs_s"]) == 2
    assert figures["what_if_median_s"] >= 0 and figures["index_build_s"] >= 0


def test_main_prints_one_json_line(capsys):
    assert main(["--libraries", "40", "--serials", "20", "--holdings", "200", "--runs", "1"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["region"] == "5"
