"""Small literal networks for the routing tests."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import networkx as nx

from graphsvc.model import (
    Citation, Delivery, Group, Holding, Library, Network, Range, Region, RoutingRequest,
    RoutingTable, Serial,
)
from graphsvc.network import build_network

UID = "0255562"
BORROWER = "ORUPAC"
NLM = "MDUNLM"
EMAIL = ("EMAIL_PDF",)
WEB = ("WEB_PDF",)
# Monday 23 November 2026, 10:00 in New York.
AT = dt.datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo("America/New_York"))
ALL_YEARS = Range("1", None, 1900, None)
SERIAL = Serial(UID, "N Engl J Med", ("0028-4793",))
REGIONS = (Region("R5", "Pacific Northwest", ("OR", "WA", "CA")),
           Region("R7", "New England", ("MA", "NY")))


def lib(libid: str, **fields) -> Library:
    """A full-participant PAL delivering by email PDF unless told otherwise."""
    fields.setdefault("delivery_methods", EMAIL)
    return Library(libid, fields.pop("name", f"Library {libid}"), **fields)


def nlm_library(libid: str = NLM, **fields) -> Library:
    fields = {"type": "NLM", "fills_rush": True, "fills_urgent": True, **fields}
    return lib(libid, **fields)


def hold(libid: str, *ranges: Range, uid: str = UID, fmt: str = "PRINT", **fields) -> Holding:
    return Holding(libid, uid, fmt, ranges or (ALL_YEARS,), **fields)


def graph(libraries, holdings=(), *, cells=None, groups=(), serials=(SERIAL,), dnr=(),
          manual=(), borrower: str = BORROWER, with_borrower: bool = True,
          tables=()) -> nx.MultiDiGraph:
    """A network of ``libraries`` plus the borrower (in OR) and the given routing table."""
    libraries = tuple(libraries)
    if with_borrower and all(x.libid != borrower for x in libraries):
        libraries = (lib(borrower, state="OR"),) + libraries
    table = RoutingTable(borrower, dict(cells or {}), tuple(dnr), tuple(manual))
    return build_network(Network(REGIONS, libraries, tuple(groups), tuple(serials),
                                 tuple(holdings), (table, *tables)))


def group(code: str, members) -> Group:
    return Group(code, f"Group {code}", members=tuple(members))


def request(**fields) -> RoutingRequest:
    """A NORMAL email-PDF request for NEJM v.372 (2015) from the borrower, at :data:`AT`."""
    citation = fields.pop("citation", Citation(nlm_uid=UID, year=2015, volume="372"))
    fields.setdefault("at", AT)
    fields.setdefault("seed", 7)
    return RoutingRequest(fields.pop("borrower", BORROWER), citation, **fields)


def email_or(*alternates: str) -> Delivery:
    return Delivery("EMAIL_PDF", tuple(alternates))


def ids(n: int, prefix: str = "WAU") -> list[str]:
    """``n`` distinct six-letter LIBIDs."""
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    return [prefix + letters[i // 26 % 26] + letters[i % 26] + "X"[:6 - len(prefix) - 2]
            for i in range(n)]
