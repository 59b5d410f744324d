"""`graphsvc replay`: send every request of a real ILL log through routing and summarise."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path


def register(sub) -> None:
    """Add ``replay`` to the ``graphsvc`` parser."""
    p = sub.add_parser("replay", help="route every request of an ILL log (CSV or XLSX)")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE",
                   help="an ILL log: CSV, or XLSX (every sheet; needs openpyxl)")
    p.add_argument("--borrower", help="the borrowing LIBID (default: a library in Oregon)")
    p.add_argument("--at", type=_aware, default=None,
                   help="route as of this ISO datetime with offset (default now)")
    p.add_argument("--seed", type=int, default=1, help="seed of the first request")
    p.add_argument("--in-memory", action="store_true",
                   help="read the network once and route in memory (no round trip per request)")
    p.set_defaults(func=cmd_replay)


def _aware(text: str) -> dt.datetime:
    value = dt.datetime.fromisoformat(text)
    if value.tzinfo is None:
        raise argparse.ArgumentTypeError(f"{text!r} needs an offset, e.g. -08:00")
    return value


def cmd_replay(args) -> int:
    from graphsvc.cli import emit, open_store
    from graphsvc.progress import iterate
    from graphsvc.services import replay

    store = open_store()
    borrower = args.borrower or replay.default_borrower(store)
    router = replay.graph_router(store.network()) if args.in_memory \
        else replay.store_router(store)
    for path in args.files:
        requests = iterate(replay.read_log(path), desc=path.name, unit="request")
        summary = replay.replay(router, requests, borrower=borrower,
                                at=args.at, seed=args.seed)
        emit({"file": path.name, "borrower": borrower,
              "mode": "in-memory" if args.in_memory else "store", **summary.as_dict()})
    return 0
