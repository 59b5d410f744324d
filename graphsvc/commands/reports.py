"""`graphsvc report removals|balance|compliance`: the coordinators' reports from the shell."""

from __future__ import annotations

from graphsvc.commands.shell import emit, iso_date
from graphsvc.model import LIBRARY_TYPES
from graphsvc.requests.balance import MAX_RATIO, MIN_BORROWED
from graphsvc.store.connect import opened_store


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
    comp.add_argument("--at", type=iso_date, help="day of the question (default today)")
    comp.set_defaults(func=cmd_compliance)


def _window_arguments(p) -> None:
    p.add_argument("--region")
    p.add_argument("--from", dest="frm", type=iso_date, help="first US Eastern day (YYYY-MM-DD)")
    p.add_argument("--to", type=iso_date, help="last US Eastern day (YYYY-MM-DD), inclusive")


def cmd_removals(args) -> int:
    from graphsvc.services import reports

    with opened_store() as store:
        emit(reports.removals_report(store, region=args.region, lib_type=args.type,
                                     frm=args.frm, to=args.to))
    return 0


def cmd_balance(args) -> int:
    from graphsvc.services import reports

    with opened_store() as store:
        emit(reports.balance_report(store, region=args.region, frm=args.frm, to=args.to,
                                    min_borrowed=args.min_borrowed, max_ratio=args.max_ratio))
    return 0


def cmd_compliance(args) -> int:
    from graphsvc.services import reports

    with opened_store() as store:
        emit(reports.compliance_report(store, region=args.region, at=args.at))
    return 0
