"""`graphsvc replay`: send every request of a real ILL log through routing and summarise."""

from __future__ import annotations

from pathlib import Path

from graphsvc.commands.shell import aware_datetime, emit
from graphsvc.store.connect import opened_store


def register(sub) -> None:
    """Add ``replay`` to the ``graphsvc`` parser."""
    p = sub.add_parser("replay", help="route every request of an ILL log (CSV or XLSX)")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE",
                   help="an ILL log: CSV, or XLSX (every sheet; needs openpyxl)")
    p.add_argument("--borrower", help="the borrowing LIBID (default: a library in Oregon)")
    p.add_argument("--at", type=aware_datetime, default=None,
                   help="route as of this ISO datetime with offset (default now)")
    p.add_argument("--seed", type=int, default=1, help="seed of the first request")
    p.add_argument("--in-memory", action="store_true",
                   help="read the network once and route in memory (no round trip per request)")
    p.set_defaults(func=cmd_replay)


def cmd_replay(args) -> int:
    from graphsvc.progress import iterate
    from graphsvc.services import replay

    with opened_store() as store:
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
