"""`graphsvc refer`: libraries a patron could ask, for the help desk, as the API gives them."""

from __future__ import annotations

from graphsvc.commands.shell import aware_datetime, emit
from graphsvc.model import PATRON_CATEGORIES
from graphsvc.store.connect import opened_store


def register(sub) -> None:
    """Add ``refer`` to the ``graphsvc`` parser."""
    p = sub.add_parser("refer", help="libraries a patron could ask for articles, and why")
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--zip", help="the patron's ZIP code")
    where.add_argument("--place", help='"City, ST", e.g. "Portland, OR"')
    where.add_argument("--point", nargs=2, type=float, metavar=("LAT", "LON"),
                       help="the patron's latitude and longitude")
    p.add_argument("--category", required=True, choices=PATRON_CATEGORIES)
    p.add_argument("--affiliation", help="LIBID of the patron's own library")
    p.add_argument("--specialty", help='what the patron does, e.g. "oncologist"')
    p.add_argument("--consortium", help="code of a consortium with an arrangement")
    p.add_argument("--limit", type=int, default=5)
    p.add_argument("--at", type=aware_datetime, default=None, help="ISO datetime with offset")
    p.set_defaults(func=cmd_refer)


def cmd_refer(args) -> int:
    from graphsvc.services import referral

    lat, lon = args.point or (None, None)
    with opened_store() as store:
        emit(referral.refer(store, zip=args.zip, place=args.place, lat=lat, lon=lon,
                            category=args.category, affiliation=args.affiliation,
                            specialty=args.specialty, consortium=args.consortium,
                            limit=args.limit, at=args.at))
    return 0
