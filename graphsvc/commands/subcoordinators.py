"""`graphsvc subcoordinator list|assign|revoke|writes`: holdings subcoordinators' libraries
and the holdings write log, from the shell (run locally, as an admin would)."""

from __future__ import annotations

from graphsvc.commands.shell import emit
from graphsvc.store.connect import opened_store


def register(sub) -> None:
    """Add ``subcoordinator`` to the ``graphsvc`` parser."""
    p = sub.add_parser("subcoordinator", help="holdings subcoordinators")
    sc = p.add_subparsers(dest="subcoordinator_command", required=True)
    ls = sc.add_parser("list", help="subcoordinator tokens and their libraries")
    ls.add_argument("--region")
    ls.set_defaults(func=cmd_list)
    assign = sc.add_parser("assign", help="give a subcoordinator token libraries to keep")
    assign.add_argument("token_id")
    assign.add_argument("libids", nargs="+")
    assign.add_argument("--replace", action="store_true",
                        help="instead of its current libraries (default: add to them)")
    assign.set_defaults(func=cmd_assign)
    revoke = sc.add_parser("revoke", help="take a library from a subcoordinator token")
    revoke.add_argument("token_id")
    revoke.add_argument("libid")
    revoke.set_defaults(func=cmd_revoke)
    writes = sc.add_parser("writes", help="who wrote a library's holdings")
    writes.add_argument("libid")
    writes.set_defaults(func=cmd_writes)


def cmd_list(args) -> int:
    from graphsvc.services import subcoordinators

    with opened_store() as store:
        emit(subcoordinators.list_subcoordinators(store, None, region=args.region))
    return 0


def cmd_assign(args) -> int:
    from graphsvc.services import subcoordinators

    with opened_store() as store:
        emit(subcoordinators.assign(store, None, args.token_id, args.libids,
                                    replace=args.replace))
    return 0


def cmd_revoke(args) -> int:
    from graphsvc.services import subcoordinators

    with opened_store() as store:
        emit(subcoordinators.revoke(store, None, args.token_id, args.libid))
    return 0


def cmd_writes(args) -> int:
    from graphsvc.services import subcoordinators

    with opened_store() as store:
        emit(subcoordinators.holdings_writes(store, args.libid))
    return 0
