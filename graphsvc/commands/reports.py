"""`graphsvc report removals|balance|compliance`: the coordinators' reports from the shell."""

from __future__ import annotations

import argparse
import datetime as dt

from graphsvc.model import LIBRARY_TYPES
from graphsvc.requests.balance import MAX_RATIO, MIN_BORROWED


def register(sub) -> None:
    """Add ``report`` to the ``graphsvc`` parser."""
    p = sub.add_parser("report", help="coordinators' reports")
    rep = p.add_subparsers(dest="report_command", required=True)
    removals = rep.add_parser("removals", help="requests removed by TTA, per lender")
    _window_arguments(removals)
    removals.add_argument("--type", choices=LIBRARY_TYPES)
    removals.set_defaults(func=cmd_removals)
    balance = rep.add_parser("balance", help="requests borrowed and lent, per library")
    _window_arguments(balance)
    balance.add_argument("--min-borrowed", type=int, default=MIN_BORROWED)
    balance.add_argument("--max-ratio", type=float, default=MAX_RATIO)
    balance.set_defaults(func=cmd_balance)
    comp = rep.add_parser("compliance", help="libraries breaking the plans' rules")
    comp.add_argument("--region")
    comp.add_argument("--at", type=_day, help="day of the question (default today)")
    comp.set_defaults(func=cmd_compliance)


def _window_arguments(p) -> None:
    p.add_argument("--region")
    p.add_argument("--from", dest="frm", type=_day, help="first US Eastern day (YYYY-MM-DD)")
    p.add_argument("--to", type=_day, help="last US Eastern day (YYYY-MM-DD), inclusive")


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from exc


def cmd_removals(args) -> int:
    from graphsvc.cli import emit, open_store
    from graphsvc.services import reports

    emit(reports.removals_report(open_store(), region=args.region, lib_type=args.type,
                                 frm=args.frm, to=args.to))
    return 0


def cmd_balance(args) -> int:
    from graphsvc.cli import emit, open_store
    from graphsvc.services import reports

    emit(reports.balance_report(open_store(), region=args.region, frm=args.frm, to=args.to,
                                min_borrowed=args.min_borrowed, max_ratio=args.max_ratio))
    return 0


def cmd_compliance(args) -> int:
    from graphsvc.cli import emit, open_store
    from graphsvc.services import reports

    emit(reports.compliance_report(open_store(), region=args.region, at=args.at))
    return 0
