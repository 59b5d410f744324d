"""A realistic mix of routing requests over a network.

Titles and years follow the real borrowing log ``ill_logs/ohsu_borrowing.csv`` when the shared
data folder is there: each logged (ISSN, year) pair whose ISSN names a serial of the network
is used as is; the other requests draw a title by popularity (how many libraries hold it) and a
year from the log's years. Borrowers are libraries with a routing table. Options follow what
borrowers usually ask: mostly NORMAL service, email PDF with alternates, some format
preferences, a fifth with All Other Libraries.
"""

from __future__ import annotations

import bisect
import csv
import datetime as dt
import itertools
import random
from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from graphsvc.model import Citation, Delivery, RoutingRequest
from graphsvc.network import holdings_table, libraries, routing_cells, serials

AT = dt.datetime(2026, 11, 23, 15, 0, tzinfo=dt.UTC)  # a Monday, 10:00 Eastern
LEVELS = ("NORMAL",) * 17 + ("RUSH",) * 2 + ("URGENT",)
DELIVERIES = (Delivery("EMAIL_PDF", ("WEB_PDF", "ARTICLE_EXCHANGE")),) * 6 + (
    Delivery("WEB_PDF", ("EMAIL_PDF",)), Delivery("ARTICLE_EXCHANGE", ("EMAIL_PDF",)),
    Delivery("FAX", ()), Delivery("EMAIL_PDF", ()))
FORMATS = ("ANY",) * 8 + ("PRINT", "ELECTRONIC")


@dataclass(frozen=True)
class LoggedTitle:
    issn: str
    year: int | None


def read_log(data_dir: Path | None) -> list[LoggedTitle]:
    """(ISSN, year) of every article in the OHSU borrowing log, or ``[]`` without it."""
    path = Path(data_dir) / "ill_logs" / "ohsu_borrowing.csv" if data_dir else None
    if path is None or not path.exists():
        return []
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f, skipinitialspace=True))
    found = []
    for row in rows:
        issn = (row.get("ISSN") or "").strip()
        year = (row.get("Journal Year") or "").strip()
        if issn:  # the log has typos such as 200810: keep plausible years only
            plausible = year.isdigit() and 1800 <= int(year) <= 2100
            found.append(LoggedTitle(issn, int(year) if plausible else None))
    return found


def _issn_index(G: nx.MultiDiGraph) -> dict[str, str]:
    index: dict[str, str] = {}
    for uid in serials(G):
        for issn in G.nodes[uid].get("issns") or ():
            index.setdefault(issn.replace("-", "").upper(), uid)
    return index


class RequestMix:
    """Draws requests over ``G``; the same seed gives the same requests."""

    def __init__(self, G: nx.MultiDiGraph, *, data_dir: Path | None = None, seed: int = 7):
        self.G, self.rng = G, random.Random(seed)
        self.borrowers = sorted(b for b in libraries(G) if routing_cells(G, b))
        titles = sorted(serials(G))
        weights = [len(holdings_table(G).holders(uid)) for uid in titles]
        self.titles = [t for t, w in zip(titles, weights, strict=True) if w]
        self.cumulative = list(itertools.accumulate(w for w in weights if w))
        index = _issn_index(G)
        log = read_log(data_dir)
        self.logged = [(index[e.issn.replace("-", "").upper()], e.year) for e in log
                       if e.issn.replace("-", "").upper() in index]
        self.years = [e.year for e in log if e.year] or list(range(1995, 2026))
        self.log_share = len(self.logged) / len(log) if log else 0.0

    def title_and_year(self) -> tuple[str, int]:
        rng = self.rng
        if self.logged and rng.random() < max(self.log_share, .05):
            uid, year = rng.choice(self.logged)
            return uid, year or rng.choice(self.years)
        pick = rng.random() * self.cumulative[-1]
        return self.titles[bisect.bisect(self.cumulative, pick)], rng.choice(self.years)

    def request(self, seed: int) -> RoutingRequest:
        rng = self.rng
        uid, year = self.title_and_year()
        issn = next(iter(self.G.nodes[uid].get("issns") or ()), None)
        by_issn = issn is not None and rng.random() < .5
        citation = Citation(nlm_uid=None if by_issn else uid, issn=issn if by_issn else None,
                            year=year, volume=str(max(1, year - 1950)) if rng.random() < .7
                            else None)
        return RoutingRequest(
            rng.choice(self.borrowers), citation, AT, service_level=rng.choice(LEVELS),
            delivery=rng.choice(DELIVERIES), format=rng.choice(FORMATS),
            all_other_libraries=rng.random() < .2, seed=seed)

    def requests(self, count: int) -> list[RoutingRequest]:
        return [self.request(seed) for seed in range(count)]
