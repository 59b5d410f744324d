"""`graphsvc coverage ...`: the coverage answers of the API, for coordinators on a terminal.

``serial NLMUID``, ``summary [--region R] [--state S]``, ``what-if [--region R] [--state S]
[--library L]`` (each repeatable), ``title-changes [--libid L]`` and ``geojson [--region R]
[--nlm-uid U] --out FILE``.
Loading a national network and building its coverage index take a while: a progress bar
(tqdm) on stderr shows the steps when stderr is a terminal, or with ``--progress``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from graphsvc.commands.shell import emit, iso_date
from graphsvc.progress import StepBar
from graphsvc.store.connect import opened_store

STEPS = ("network", "index", "what-if")


def register(sub) -> None:
    """Add ``coverage`` and its subcommands to the ``graphsvc`` parser."""
    p = sub.add_parser("coverage", help="coverage of titles, regions and disaster what-ifs")
    areas = p.add_subparsers(dest="coverage_command", required=True)

    s = areas.add_parser("serial", help="holders of a title and active holders per year")
    s.add_argument("nlm_uid")
    _common(s, cmd_serial)

    s = areas.add_parser("serials", help="find titles by ID, ISSN, abbreviation or words "
                                         "(as GET /v1/serials?q=)")
    s.add_argument("q")
    s.add_argument("--limit", type=int, default=20)
    s.add_argument("--offset", type=int, default=0)
    _common(s, cmd_serials, at=False)

    s = areas.add_parser("summary", help="coverage of a region, a state or the network")
    s.add_argument("--region")
    s.add_argument("--state")
    s.add_argument("--max-listed", type=int, default=100)
    s.add_argument("--offset", type=int, default=0, help="first item of each long list")
    s.add_argument("--limit", type=int, default=100, help="items of each long list")
    _common(s, cmd_summary)

    s = areas.add_parser("what-if", help="what the network loses when libraries go offline")
    s.add_argument("--library", action="append", default=[], metavar="LIBID")
    s.add_argument("--state", action="append", default=[])
    s.add_argument("--region", action="append", default=[])
    s.add_argument("--max-listed", type=int, default=200)
    s.add_argument("--backups", type=int, default=3, help="backup lenders per title")
    _common(s, cmd_what_if)

    s = areas.add_parser("title-changes", help="holdings left on ceased titles (H9)")
    s.add_argument("--libid")
    _common(s, cmd_title_changes, at=False)

    s = areas.add_parser("geojson", help="libraries as a GeoJSON FeatureCollection")
    s.add_argument("--region")
    s.add_argument("--nlm-uid")
    s.add_argument("--out", required=True, help="FILE, or - for standard output")
    _common(s, cmd_geojson, at=False)


def _common(parser, func, *, at: bool = True) -> None:
    if at:
        parser.add_argument("--at", type=iso_date, default=None,
                            help="the day of the question, YYYY-MM-DD (default today)")
    parser.add_argument("--progress", action="store_true", default=None,
                        help="show a progress bar on stderr even when it is not a terminal")
    parser.set_defaults(func=func)


def _run(args, work, steps=STEPS[:2]) -> int:
    with opened_store() as store, StepBar(steps, enabled=args.progress) as bar:
        result = work(store, bar)
    emit(result)
    return 0


def cmd_serial(args) -> int:
    from graphsvc.services import coverage

    def work(store, bar):
        coverage.network_graph(store, progress=bar)
        return coverage.serial(store, args.nlm_uid, at=args.at)
    return _run(args, work)


def cmd_serials(args) -> int:
    from graphsvc.services import coverage

    def work(store, bar):
        coverage.network_graph(store, progress=bar)
        return coverage.search_serials(store, args.q, limit=args.limit, offset=args.offset)
    return _run(args, work)


def cmd_summary(args) -> int:
    from graphsvc.services import coverage

    def work(store, bar):
        coverage.network_graph(store, progress=bar)
        return coverage.summary(store, region=args.region, state=args.state, at=args.at,
                                max_listed=args.max_listed, offset=args.offset,
                                limit=args.limit)
    return _run(args, work)


def cmd_what_if(args) -> int:
    from graphsvc.errors import InvalidInput
    from graphsvc.services import coverage

    if not (args.library or args.state or args.region):
        msg = "name at least one --library, --state or --region to take offline"
        raise InvalidInput(msg, problems=[{"field": "offline", "message": msg}])

    def work(store, bar):
        return coverage.what_if(store, libraries=args.library, states=args.state,
                                regions=args.region, at=args.at, max_listed=args.max_listed,
                                backups_per_title=args.backups, progress=bar)
    return _run(args, work, STEPS)


def cmd_title_changes(args) -> int:
    from graphsvc.services import coverage

    def work(store, bar):
        bar("network")
        return {"holdings": coverage.title_changes(store, libid=args.libid)}
    return _run(args, work, STEPS[:1])


def cmd_geojson(args) -> int:
    from graphsvc.services import coverage

    with opened_store() as store, StepBar(STEPS[:2], enabled=args.progress) as bar:
        coverage.network_graph(store, progress=bar)
        found = coverage.libraries_geojson(store, region=args.region, nlm_uid=args.nlm_uid)
    text = json.dumps(found, indent=1)
    if args.out == "-":
        print(text)
    else:
        Path(args.out).write_text(text + "\n", encoding="utf-8")
        print(f"wrote {args.out}: {len(found['features'])} libraries", file=sys.stderr)
    return 0
