"""`graphsvc` commands: auth (``graphsvc token create|list|revoke``)."""

from __future__ import annotations

import sys

from graphsvc.commands.shell import emit
from graphsvc.services.auth import ROLES
from graphsvc.store.connect import opened_store


def cmd_token(args) -> int:
    from graphsvc.services import auth

    with opened_store() as store:
        if args.action == "list":
            return _print_tokens(auth.list_tokens(store), as_json=args.json)
        if args.action == "revoke":
            revoked = auth.revoke_token(store, args.id)
            print(f"revoked {revoked['id']} ({revoked['role']}) at {revoked['revoked']}")
            return 0
        until = auth.expiry(args.expires) if args.expires else None
        secret, token = auth.create_token(store, args.role, region=args.region,
                                          libid=args.libid, expires=until)
    scope = {"admin": "everything", "coordinator": f"region {token.region}",
             "subcoordinator": f"assigned holdings of region {token.region}",
             "library": token.libid}[token.role]
    print(secret)
    print(f"{token.role} token for {scope}, created {token.created}, expires "
          f"{token.expires or 'never'}; it is stored only as a hash: keep it now, it cannot be "
          "shown again", file=sys.stderr)
    return 0


COLUMNS = ("id", "role", "region", "libid", "created", "expires", "revoked", "state")


def _print_tokens(tokens: list[dict], *, as_json: bool) -> int:
    if as_json:
        emit(tokens)
        return 0
    rows = [COLUMNS] + [tuple(t[c] or "-" for c in COLUMNS) for t in tokens]
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS))]
    for row in rows:
        cells = (cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        print("  ".join(cells).rstrip())
    return 0


def register(sub) -> None:
    """Add this area's subcommands to the ``graphsvc`` parser."""
    p = sub.add_parser("token", help="API tokens for writes")
    actions = p.add_subparsers(dest="action", required=True)
    create = actions.add_parser("create", help="create a token and print it (once)")
    create.add_argument("--role", required=True, choices=ROLES)
    create.add_argument("--region", help="the coordinator's region code")
    create.add_argument("--libid", help="the library's LIBID")
    create.add_argument("--expires", metavar="DATE|DAYS",
                        help="expire at the end of DATE (YYYY-MM-DD, UTC) or in DAYS days")
    create.set_defaults(func=cmd_token)
    listing = actions.add_parser("list", help="every token: id, scope, dates, state (no "
                                              "secrets)")
    listing.add_argument("--json", action="store_true", help="JSON instead of a table")
    listing.set_defaults(func=cmd_token)
    revoke = actions.add_parser("revoke", help="revoke a token: refused from the next request")
    revoke.add_argument("id", help="the token's id, as `graphsvc token list` shows it")
    revoke.set_defaults(func=cmd_token)
