"""`graphsvc route`: the lender sequence for the help desk, as the API gives it."""

from __future__ import annotations

import datetime as dt

from graphsvc import model
from graphsvc.commands.shell import aware_datetime, emit, iso_date
from graphsvc.store.connect import opened_store


def register(sub) -> None:
    """Add ``route`` to the ``graphsvc`` parser."""
    p = sub.add_parser("route", help="the lender sequence of an article request")
    p.add_argument("--borrower", required=True, help="the borrowing library's LIBID")
    title = p.add_mutually_exclusive_group()
    title.add_argument("--nlm-uid")
    title.add_argument("--issn")
    p.add_argument("--year", type=int)
    p.add_argument("--volume")
    p.add_argument("--epub-date", type=iso_date)
    p.add_argument("--pmid")
    p.add_argument("--service-level", default="NORMAL", choices=model.SERVICE_LEVELS)
    p.add_argument("--delivery", default="EMAIL_PDF", choices=model.DELIVERY_METHODS)
    p.add_argument("--alternates", nargs="*", default=[], choices=model.DELIVERY_METHODS)
    p.add_argument("--format", default="ANY", choices=model.REQUEST_FORMATS)
    p.add_argument("--efts-only", action="store_true")
    p.add_argument("--direct-to")
    p.add_argument("--cells", type=int, nargs="*", default=list(model.CELLS),
                   choices=model.CELLS)
    p.add_argument("--no-nlm", action="store_true", help="do not route to NLM")
    p.add_argument("--all-others", action="store_true", help="then all other libraries")
    p.add_argument("--do-not-route", nargs="*", default=[])
    p.add_argument("--manual", action="store_true", help="route through the manual map")
    p.add_argument("--loan", action="store_true")
    p.add_argument("--at", type=aware_datetime, default=None, help="ISO datetime with offset")
    p.add_argument("--seed", type=int)
    p.add_argument("--explain", action="store_true")
    p.add_argument("--predictive", action="store_true",
                   help="learned lender order within each cell (from the request history)")
    p.set_defaults(func=cmd_route)


def request_from(args) -> model.RoutingRequest:
    citation = model.Citation(nlm_uid=args.nlm_uid, issn=args.issn, year=args.year,
                              volume=args.volume, epub_date=args.epub_date, pmid=args.pmid)
    return model.RoutingRequest(
        borrower=args.borrower, citation=citation,
        at=args.at or dt.datetime.now(dt.UTC), service_level=args.service_level,
        delivery=model.Delivery(args.delivery, tuple(args.alternates)), format=args.format,
        efts_only=args.efts_only, direct_to=args.direct_to,
        cells=tuple(sorted(set(args.cells))), route_to_nlm=not args.no_nlm,
        all_other_libraries=args.all_others, do_not_route=tuple(args.do_not_route),
        seed=args.seed, explain=args.explain, manual=args.manual, loan=args.loan)


def cmd_route(args) -> int:
    from graphsvc.services import routing

    request = request_from(args)
    with opened_store() as store:
        policy = routing.policy_from(store, {"predictive": args.predictive}, request)
        answer = routing.route(store, request, policy=policy)
    emit(routing.answer_body(answer, explain=args.explain))
    return 0
