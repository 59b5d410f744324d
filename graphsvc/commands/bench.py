"""`graphsvc` commands: bench (every figure of docs/BENCHMARKS.md in one run)."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def benchmarks_run():
    """The ``benchmarks.run`` module of the source checkout this package sits in.

    ``benchmarks/`` sits next to the package, not inside it, so an installed wheel has none:
    the command then exits with a message instead of an import error.
    """
    if not (REPO / "benchmarks" / "run.py").is_file():
        raise SystemExit("graphsvc bench runs from a source checkout of graphsvc (it needs "
                         f"the benchmarks/ folder, not found next to {REPO / 'graphsvc'}); "
                         "clone the repository and run `make bench` there")
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    return importlib.import_module("benchmarks.run")


def cmd_bench(args) -> int:
    bench = benchmarks_run()
    unknown = sorted(set(args.only) - set(bench.FIGURES))
    if unknown:
        raise SystemExit(f"unknown figures {unknown}; choose from {', '.join(bench.FIGURES)}")
    command = "graphsvc bench" + (f" --scale {args.scale}" if args.scale != "national" else "")
    command += "".join(f" --only {name}" for name in args.only)
    bench.run(args.scale, only=tuple(args.only), command=command,
              write_doc=None if args.no_doc else _doc())
    return 0


def _doc() -> Path:
    return REPO / "docs" / "BENCHMARKS.md"


def register(sub) -> None:
    """Add this area's subcommands to the ``graphsvc`` parser."""
    p = sub.add_parser("bench", help="run the benchmarks (docs/BENCHMARKS.md)")
    p.add_argument("--scale", choices=["national", "small", "tiny"], default="national",
                   help="national: 3,000 libraries, 60,000 serials, 1.65 million holdings")
    p.add_argument("--only", action="append", default=[], metavar="NAME",
                   help="only this figure (repeatable): import, lender_sequence, batch, "
                        "naive, http, referral, whatif")
    p.add_argument("--no-doc", action="store_true", help="do not rewrite docs/BENCHMARKS.md")
    p.set_defaults(func=cmd_bench)
