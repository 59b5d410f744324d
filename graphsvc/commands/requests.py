"""`graphsvc tta run` and `graphsvc request show|act`: the request lifecycle from the shell."""

from __future__ import annotations

from graphsvc.commands.shell import aware_datetime, emit
from graphsvc.requests import ACTIONS, REASON_CODES
from graphsvc.store.connect import opened_store


def register(sub) -> None:
    """Add ``tta`` and ``request`` to the ``graphsvc`` parser."""
    p = sub.add_parser("tta", help="Time-Triggered Actions")
    tta = p.add_subparsers(dest="tta_command", required=True)
    run = tta.add_parser("run", help="move every overdue request to its next lender")
    run.add_argument("--at", type=aware_datetime, default=None,
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
    act.add_argument("--at", type=aware_datetime, default=None, help="ISO datetime with offset")
    act.set_defaults(func=cmd_request_act)


def cmd_tta_run(args) -> int:
    from graphsvc.commands.alerts import dispatcher
    from graphsvc.services import requests

    with opened_store() as store:
        alerts = dispatcher(store)
        emit(requests.run_tta(store, at=args.at, lender_time_zone=args.lender_time_zone,
                              alerts=alerts))
        alerts.drain()  # rush alerts go out before the command ends
    return 0


def cmd_request_show(args) -> int:
    from graphsvc.services import requests

    with opened_store() as store:
        emit(requests.get_request(store, args.id))
    return 0


def cmd_request_act(args) -> int:
    from graphsvc.services import requests

    with opened_store() as store:
        emit(requests.act(store, args.id, args.action, lender=args.lender,
                          reason=args.reason, at=args.at))
    return 0
