"""Fuzzing the API against its own OpenAPI document with schemathesis.

``make fuzz`` runs :func:`main`: a scratch embedded database with :func:`hardening_network`,
an admin token, gunicorn on a loopback port, then ``schemathesis run`` with every check plus
the problem+json check of :mod:`tests.hardening.fuzz_hooks`::

    .venv/bin/python -m tests.hardening.fuzz --max-examples 2000 [--include-path-regex REGEX]

``tests/hardening/test_fuzz.py`` runs the same with a few examples per endpoint.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
HOOKS = "tests.hardening.fuzz_hooks"
# Left out: the stateful checks (use_after_free, ensure_resource_availability, object-level
# authorization) need OpenAPI links, which the document does not have; and
# positive_data_acceptance, which expects 2xx/404 for any schema-valid request, while the
# service rightly answers 422 to rules OpenAPI 3.0 cannot express (a citation needs nlm_uid
# or issn; a referral needs zip, place or lat+lon; a LIBID path parameter's pattern).
CHECKS = ("not_a_server_error,status_code_conformance,content_type_conformance,"
          "response_headers_conformance,response_schema_conformance,negative_data_rejection,"
          "missing_required_header,unsupported_method,"
"ignored_auth,problem_json_names_the_field")
PHASES = "examples,coverage,fuzzing,stateful"  # make fuzz: every phase


def schemathesis_argv(base_url: str, *, max_examples: int, token: str | None, seed: int = 1,
                      include_path_regex: str | None = None, workers: int = 1,
                      phases: str = "examples,coverage,fuzzing",
                      report_dir: Path | None = None, checks: str = CHECKS) -> list[str]:
    argv = [sys.executable, "-m", "schemathesis.cli", "run", f"{base_url}/v1/openapi.json",
            "--url", base_url, "--checks", checks, "--max-examples", str(max_examples),
            "--seed", str(seed), "--workers", str(workers), "--phases", phases,
            "--request-timeout", "30", "--suppress-health-check", "all",
            "--output-truncate", "true", "--no-color"]
    if token:
        argv += ["--header", f"Authorization: Bearer {token}"]
    if include_path_regex:
        argv += ["--include-path-regex", include_path_regex]
    if report_dir:
        argv += ["--report", "junit", "--report-dir", str(report_dir)]
    return argv


def run_schemathesis(base_url: str, *, capture: bool = True,
                     **options) -> subprocess.CompletedProcess:
    """Run the schemathesis command line; its output is in ``stdout`` when captured."""
    env = {**os.environ, "SCHEMATHESIS_HOOKS": HOOKS, "PYTHONPATH": str(REPO)}
    return subprocess.run(schemathesis_argv(base_url, **options), cwd=REPO, env=env,
                          capture_output=capture, text=True, stdin=subprocess.DEVNULL)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-examples", type=int, default=2000)
    parser.add_argument("--include-path-regex")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--phases", default=PHASES)
    parser.add_argument("--checks", default=CHECKS)
    args = parser.parse_args(argv)

    from benchmarks.load.serve import gunicorn, open_store, scratch_database
    from graphsvc.services.auth import create_token
    from tests.hardening.network import hardening_network

    with scratch_database() as database:
        store = open_store(database)
        store.import_network(hardening_network())
        token, _ = create_token(store, "admin")
        store.close()
        # no request-line limit: the app, not gunicorn's HTML 414, must judge every request
        # (the coverage phase sends e.g. 501 LIBIDs in the query of the OpenURL endpoint)
        with gunicorn(database, workers=2, threads=4,
                      extra_args=("--limit-request-line", "0")) as service:
            start = time.monotonic()
            done = run_schemathesis(service.url, max_examples=args.max_examples, token=token,
                                    include_path_regex=args.include_path_regex,
                                    workers=args.workers, seed=args.seed, capture=False,
                                    phases=args.phases, checks=args.checks)
            print(f"schemathesis exited with {done.returncode} after "
                  f"{time.monotonic() - start:.0f} s")
    return done.returncode


if __name__ == "__main__":
    raise SystemExit(main())
