"""The wheel carries everything a non-editable install needs to run (the full install and run
is `make wheel-check`: tests/packaging/install_check.py)."""

from __future__ import annotations

from tests.packaging.wheel import REPO, build_wheel, wheel_files


def test_the_wheel_has_the_queries_seeds_pages_and_examples(tmp_path):
    files = wheel_files(build_wheel(tmp_path))
    queries = {p.relative_to(REPO).as_posix() for p in (REPO / "cypher").rglob("*.cypher")}
    assert {f"graphsvc/_data/{q}" for q in queries} <= files
    assert {"graphsvc/_data/seeds/demo.json", "graphsvc/_data/seeds/regions.json",
            "api/templates/base.html", "api/templates/help_desk.html",
            "api/static/vendor/swagger-ui/swagger-ui-bundle.js", "api/gunicorn_conf.py",
            "api/openapi_examples.json", "graphsvc/cli.py"} <= files
    assert not any(f.startswith(("tests/", "benchmarks/")) for f in files)
