"""`graphsvc` commands: bench (every figure of docs/BENCHMARKS.md in one run)."""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def cmd_bench(args) -> int:
    if str(REPO) not in sys.path:  # benchmarks/ sits next to the package, not inside it
        sys.path.insert(0, str(REPO))
    from benchmarks.run import FIGURES, run

    unknown = sorted(set(args.only) - set(FIGURES))
    if unknown:
        raise SystemExit(f"unknown figures {unknown}; choose from {', '.join(FIGURES)}")
    command = "graphsvc bench" + (f" --scale {args.scale}" if args.scale != "national" else "")
    command += "".join(f" --only {name}" for name in args.only)
    run(args.scale, only=tuple(args.only), command=command,
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
