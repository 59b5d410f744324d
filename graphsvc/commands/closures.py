"""`graphsvc library merge|close`: merging a library into another, closing one."""

from __future__ import annotations

from graphsvc.commands.shell import emit
from graphsvc.store.connect import opened_store


def register(sub) -> None:
    """Add ``library`` to the ``graphsvc`` parser."""
    p = sub.add_parser("library", help="merge or close libraries")
    lib = p.add_subparsers(dest="library_command", required=True)
    merge = lib.add_parser("merge", help="merge a library's holdings into another, close it")
    merge.add_argument("libid", help="the library that closes")
    merge.add_argument("target", help="the library that absorbs its collection")
    merge.add_argument("--dry-run", action="store_true", help="write nothing")
    merge.set_defaults(func=cmd_merge)
    close = lib.add_parser("close", help="delete a library's holdings and close it")
    close.add_argument("libid")
    close.add_argument("--confirm", required=True, help="the LIBID again")
    close.add_argument("--dry-run", action="store_true", help="write nothing")
    close.set_defaults(func=cmd_close)


def cmd_merge(args) -> int:
    from graphsvc.services import closures

    with opened_store() as store:
        emit(closures.merge_library(store, args.libid, args.target, dry_run=args.dry_run))
    return 0


def cmd_close(args) -> int:
    from graphsvc.services import closures

    with opened_store() as store:
        emit(closures.close_library(store, args.libid, confirm=args.confirm,
                                    dry_run=args.dry_run))
    return 0
