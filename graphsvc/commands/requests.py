"""`graphsvc tta run` and `graphsvc request show|act`: the request lifecycle from the shell."""

from __future__ import annotations

import argparse
import datetime as dt

from graphsvc.requests import ACTIONS, REASON_CODES


def register(sub) -> None:
    """Add ``tta`` and ``request`` to the ``graphsvc`` parser."""
    p = sub.add_parser("tta", help="Time-Triggered Actions")
    tta = p.add_subparsers(dest="tta_command", required=True)
    run = tta.add_parser("run", help="move every overdue request to its next lender")
    run.add_argument("--at", type=_aware, default=None,
                     help="run instant, ISO datetime with offset (default now)")
    run.add_argument("--lender-time-zone", action="store_true",
                     help="policy option: time each lender on its own time zone")
    run.set_defaults(func=cmd_tta_run)

    p = sub.add_parser("request", help="tracked requests")
    req = p.add_subparsers(dest="request_command", required=True)
    show = req.add_parser("show", help="a request's status and full history")
    show.add_argument("id")
    show.set_defaults(func=cmd_request_show)
    act = req.add_parser("act", help="RECEIVE, FILL, NOT_FILL or CANCEL a request")
    act.add_argument("id")
    act.add_argument("action", choices=ACTIONS)
    act.add_argument("--lender", help="the acting library's LIBID (all but CANCEL)")
    act.add_argument("--reason", choices=REASON_CODES, help="NOT_FILL reason code")
    act.add_argument("--at", type=_aware, default=None, help="ISO datetime with offset")
    act.set_defaults(func=cmd_request_act)


def _aware(text: str) -> dt.datetime:
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text!r} is not an ISO datetime") from exc
    if value.tzinfo is None:
        raise argparse.ArgumentTypeError(f"{text!r} needs an offset, e.g. -05:00")
    return value


def cmd_tta_run(args) -> int:
    from graphsvc.cli import emit, open_store
    from graphsvc.services import requests

    from graphsvc.commands.alerts import dispatcher

    store = open_store()
    alerts = dispatcher(store)
    try:
        emit(requests.run_tta(store, at=args.at, lender_time_zone=args.lender_time_zone,
                              alerts=alerts))
        alerts.drain()  # rush alerts go out before the command ends
    finally:
        store.close()
    return 0


def cmd_request_show(args) -> int:
    from graphsvc.cli import emit, open_store
    from graphsvc.services import requests

    store = open_store()
    try:
        emit(requests.get_request(store, args.id))
    finally:
        store.close()
    return 0


def cmd_request_act(args) -> int:
    from graphsvc.cli import emit, open_store
    from graphsvc.services import requests

    store = open_store()
    try:
        emit(requests.act(store, args.id, args.action, lender=args.lender,
                          reason=args.reason, at=args.at))
    finally:
        store.close()
    return 0
