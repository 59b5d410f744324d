"""`graphsvc alerts set|show|clear`: a library's rush-alert email and webhook."""

from __future__ import annotations

from graphsvc.commands.shell import emit
from graphsvc.settings import read_settings
from graphsvc.store.connect import opened_store


def register(sub) -> None:
    """Add ``alerts`` to the ``graphsvc`` parser."""
    p = sub.add_parser("alerts", help="rush alerts of a library")
    al = p.add_subparsers(dest="alerts_command", required=True)
    put = al.add_parser("set", help="register a library's alert email and/or webhook")
    put.add_argument("libid")
    put.add_argument("--email")
    put.add_argument("--webhook-url")
    put.add_argument("--secret", help="webhook signing secret (default: a new one, printed)")
    put.set_defaults(func=cmd_set)
    for name, func, text in (("show", cmd_show, "where a library's alerts go"),
                             ("clear", cmd_clear, "stop a library's alerts")):
        cmd = al.add_parser(name, help=text)
        cmd.add_argument("libid")
        cmd.set_defaults(func=func)


def dispatcher(store):
    """An alert dispatcher for one command (SMTP from the settings of the environment)."""
    from graphsvc.alerts import AlertDispatcher, SmtpSettings
    from graphsvc.services.alerts import target_lookup

    smtp = read_settings().smtp
    return AlertDispatcher(target_lookup(store), SmtpSettings(**smtp) if smtp else None)


def cmd_set(args) -> int:
    from graphsvc.services import alerts

    with opened_store() as store:
        emit(alerts.put_alerts(store, args.libid, email=args.email,
                               webhook_url=args.webhook_url, secret=args.secret))
    return 0


def cmd_show(args) -> int:
    from graphsvc.services import alerts

    with opened_store() as store:
        emit(alerts.get_alerts(store, args.libid))
    return 0


def cmd_clear(args) -> int:
    from graphsvc.services import alerts

    with opened_store() as store:
        alerts.delete_alerts(store, args.libid)
    print(f"{args.libid}: alerts cleared")
    return 0
