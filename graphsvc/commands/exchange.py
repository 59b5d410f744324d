"""`graphsvc routing-table dry-run` and `graphsvc iso18626`: trying a table, taking a message.

The command line is the operator's own access, so an ISO 18626 message is taken for whichever
library it speaks for (over HTTP the token must allow it).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from graphsvc.commands.shell import emit
from graphsvc.store.connect import opened_store


def register(sub) -> None:
    """Add ``routing-table`` and ``iso18626`` to the ``graphsvc`` parser."""
    p = sub.add_parser("routing-table", help="try a proposed routing table")
    tables = p.add_subparsers(dest="table_command", required=True)
    dry = tables.add_parser("dry-run", help="replay a borrower's requests through its current "
                                            "and a proposed table (changes nothing)")
    dry.add_argument("libid")
    dry.add_argument("file", help="the proposed table as JSON: {\"cells\": {\"1\": [...]}, "
                                  "\"do_not_route\": [...], \"manual_map\": [...]}")
    dry.add_argument("--days", type=int, default=365)
    dry.set_defaults(func=cmd_dry_run)

    p = sub.add_parser("iso18626", help="take one ISO 18626 message (XML file, - for stdin) "
                                        "and print the confirmation")
    p.add_argument("file")
    p.set_defaults(func=cmd_iso18626)


def cmd_dry_run(args) -> int:
    from graphsvc.errors import InvalidInput
    from graphsvc.io.bundle import load_bundle
    from graphsvc.services.dry_run import dry_run

    data = json.loads(Path(args.file).read_text(encoding="utf-8"))
    if not isinstance(data, dict) or data.get("libid", args.libid) != args.libid:
        msg = f"{args.file} must hold one routing table (an object) for {args.libid}"
        raise InvalidInput(msg, problems=[{"field": "file", "message": msg}])
    with opened_store() as store:
        keys = store.keys()
        table = load_bundle({"routing_tables": [{**data, "libid": args.libid}]},
                            known_libids=keys["libids"],
                            known_groups=keys["groups"]).routing_tables[0]
        emit(dry_run(store, table, days=args.days))
    return 0


def cmd_iso18626(args) -> int:
    from graphsvc.io.iso18626 import parse_confirmation
    from graphsvc.services.iso18626 import handle

    body = sys.stdin.buffer.read() if args.file == "-" else Path(args.file).read_bytes()
    with opened_store() as store:
        answer = handle(store, body, authorize=lambda libid: None)
    sys.stdout.write(answer.decode() + "\n")
    return 0 if parse_confirmation(answer)["messageStatus"] == "OK" else 2
