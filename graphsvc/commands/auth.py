"""`graphsvc` commands: auth (``graphsvc token create``)."""

from __future__ import annotations

import sys

from graphsvc.services.auth import ROLES
from graphsvc.store.connect import opened_store


def cmd_token(args) -> int:
    from graphsvc.services.auth import create_token

    with opened_store() as store:
        secret, token = create_token(store, args.role, region=args.region, libid=args.libid)
    scope = {"admin": "everything", "coordinator": f"region {token.region}",
             "subcoordinator": f"assigned holdings of region {token.region}",
             "library": token.libid}[token.role]
    print(secret)
    print(f"{token.role} token for {scope}, created {token.created}; it is stored only as a "
          "hash: keep it now, it cannot be shown again", file=sys.stderr)
    return 0


def register(sub) -> None:
    """Add this area's subcommands to the ``graphsvc`` parser."""
    p = sub.add_parser("token", help="API tokens for writes")
    actions = p.add_subparsers(dest="action", required=True)
    create = actions.add_parser("create", help="create a token and print it (once)")
    create.add_argument("--role", required=True, choices=ROLES)
    create.add_argument("--region", help="the coordinator's region code")
    create.add_argument("--libid", help="the library's LIBID")
    create.set_defaults(func=cmd_token)
