"""Smoke run of benchmarks/bench_referral.py: a tiny network, gunicorn, referrals over HTTP."""

import json

from benchmarks.bench_referral import main, percentile, questions


def test_questions_are_random_real_zips_and_repeatable():
    asked = questions(20, seed=3)
    assert asked == questions(20, seed=3) and len({q["zip"] for q in asked}) > 15
    assert all(len(q["zip"]) == 5 and q["zip"].isdigit() for q in asked)


def test_percentile_is_nearest_rank():
    assert percentile([3.0, 1.0, 2.0, 4.0], 50) == 2.0
    assert percentile(list(range(1, 201)), 99) == 198


def test_benchmark_serves_referrals_over_http_and_prints_one_json_line(store, bolt_server,
                                                                      capsys):
    assert main(["--libraries", "30", "--serials", "20", "--requests", "6", "--workers", "1",
                 "--threads", "2", "--neo4j-uri", bolt_server.uri,
                 "--neo4j-user", bolt_server.auth[0], f"--neo4j-password={bolt_server.auth[1]}",
                 "--neo4j-database", bolt_server.database]) == 0
    line, = capsys.readouterr().out.splitlines()
    found = json.loads(line)
    assert (found["requests"], found["errors"], found["libraries"]) == (6, 0, 30), found
    assert 0 < found["median_ms"] <= found["p99_ms"] <= found["max_ms"]
    assert store.counts()["libraries"] == 30
