"""Libraries that break the Network's plans (the RML's compliance list).

Each finding names the rule it breaks, quoted from the plan (``../shared/docs/seeds/``):

- ``HOLDINGS_NOT_UPDATED`` / ``RECORD_NOT_UPDATED``: NN/LM Resource Sharing Plan, RML duty 11,
  "Monitor system reports and take action with any active DOCLINE library that does not
  update their holdings or institution record yearly" (newest holding, or the record, last
  modified more than 365 days before the day of the question, or never dated);
- ``LEVEL_2_TITLE_CHANGE``: RML duty 12 (and the Resource and Primary Access Libraries' duty
  2), "all Level 2 holdings created by NLM's Title Change program are upgraded to Level 3
  within 60 days" -- a Level 2 holding of a title that continues another, last modified more
  than 60 days ago (or never dated);
- ``FEWER_THAN_25_CURRENT_TITLES``: PNR plan, "Libraries with at least 25 current journal
  subscriptions must input their holdings information to DOCLINE Serial Holdings in order to
  participate" -- a FULL participant reporting fewer than 25 currently received titles;
- ``BORROW_ONLY_FREE_SHARING``: NN/LM plan, network libraries item 5, "Any library opting to
  be Borrow only is not eligible to request free delivery using DOCLINE" -- a BORROW_ONLY
  library whose routing table names a free-sharing group (one whose code or name says
  FreeShare, or whose members all lend at no charge);
- ``RUSH_WITHOUT_ALERTS``: PNR plan, "If a library provides Rush Service, the account should be
  checked daily and email alerts set up to notify the lending library when a rush request is
  received" -- a library filling RUSH or URGENT requests with no rush alerts registered.

Closed libraries and non-participants are not active DOCLINE libraries and are passed over.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import networkx as nx

from graphsvc.holdings import is_level_2
from graphsvc.network import group_members, holdings_of, libraries, library, node_kind
from graphsvc.network import region_of, routing_cells

YEAR_DAYS = 365
TITLE_CHANGE_DAYS = 60
MIN_CURRENT_TITLES = 25
BORROW_ONLY = "BORROW_ONLY"
INACTIVE = ("CLOSED", "NON_PARTICIPANT")

RULES = {
    "HOLDINGS_NOT_UPDATED": (
        "NN/LM Resource Sharing Plan, RML duty 11",
        "Monitor system reports and take action with any active DOCLINE library that does not "
        "update their holdings or institution record yearly"),
    "RECORD_NOT_UPDATED": (
        "NN/LM Resource Sharing Plan, RML duty 11",
        "Monitor system reports and take action with any active DOCLINE library that does not "
        "update their holdings or institution record yearly"),
    "LEVEL_2_TITLE_CHANGE": (
        "NN/LM Resource Sharing Plan, RML duty 12",
        "Assure that all Level 2 holdings created by NLM's Title Change program are upgraded "
        "to Level 3 within 60 days"),
    "FEWER_THAN_25_CURRENT_TITLES": (
        "PNR ILL and Resource Sharing Plan 2011-2016",
        "Libraries with at least 25 current journal subscriptions must input their holdings "
        "information to DOCLINE Serial Holdings in order to participate in DOCLINE"),
    "BORROW_ONLY_FREE_SHARING": (
        "NN/LM Resource Sharing Plan, network libraries item 5",
        "Any library opting to be Borrow only is not eligible to request free delivery using "
        "DOCLINE, even from established borrowing partners"),
    "RUSH_WITHOUT_ALERTS": (
        "PNR ILL and Resource Sharing Plan 2011-2016",
        "If a library provides Rush Service, the account should be checked daily and email "
        "alerts set up to notify the lending library when a rush request is received"),
}


@dataclass(frozen=True)
class Breach:
    """One library breaking one rule (``nlm_uid`` for a holding's breach)."""

    libid: str
    region: str | None
    code: str
    detail: str
    nlm_uid: str | None = None


def _older(day: dt.date | None, limit: dt.date) -> bool:
    return day is None or day < limit


def _holdings_breaches(G, libid: str, day: dt.date) -> Iterator[tuple[str, str, str | None]]:
    held = holdings_of(G, libid)
    dated = [h.last_modified for h in held if h.last_modified]
    if held and _older(max(dated, default=None), day - dt.timedelta(days=YEAR_DAYS)):
        newest = max(dated).isoformat() if dated else "never"
        yield "HOLDINGS_NOT_UPDATED", f"holdings last updated {newest}", None
    for h in held:
        continues = G.nodes[h.nlm_uid].get("continues") if h.nlm_uid in G else None
        if is_level_2(h.ranges) and continues and \
                _older(h.last_modified, day - dt.timedelta(days=TITLE_CHANGE_DAYS)):
            since = h.last_modified.isoformat() if h.last_modified else "an unknown day"
            yield "LEVEL_2_TITLE_CHANGE", (f"Level 2 holding of {h.nlm_uid} (continues "
                                           f"{continues}) since {since}"), h.nlm_uid
    current = {h.nlm_uid for h in held if h.currently_received}
    if library(G, libid).participation == "FULL" and len(current) < MIN_CURRENT_TITLES:
        yield "FEWER_THAN_25_CURRENT_TITLES", (f"a FULL participant with {len(current)} "
                                               "currently received titles"), None


def is_free_sharing(G: nx.MultiDiGraph, code: str) -> bool:
    """Whether group ``code`` shares at no charge: FreeShare by code or name, or every member
    lends with a base fee of 0."""
    attrs = G.nodes[code]
    if "FREESHARE" in f"{code} {attrs.get('name', '')}".upper().replace(" ", ""):
        return True
    members = group_members(G, code)
    return bool(members) and all(G.nodes[m].get("base_fee") == 0 for m in members)


def _borrow_only_breaches(G, libid: str) -> Iterator[tuple[str, str, str | None]]:
    if library(G, libid).participation != BORROW_ONLY:
        return
    for cell, entries in routing_cells(G, libid).items():
        for entry in entries:
            if node_kind(G, entry) == "group" and is_free_sharing(G, entry):
                yield "BORROW_ONLY_FREE_SHARING", (f"borrow-only, routes to free-sharing "
                                                   f"group {entry} in cell {cell}"), None


def _rush_breaches(G, libid: str, alerted: set[str] | None
                   ) -> Iterator[tuple[str, str, str | None]]:
    lib = library(G, libid)
    if alerted is not None and (lib.fills_rush or lib.fills_urgent) and libid not in alerted:
        levels = " and ".join(n for n, on in (("RUSH", lib.fills_rush),
                                              ("URGENT", lib.fills_urgent)) if on)
        yield "RUSH_WITHOUT_ALERTS", f"fills {levels} requests, no rush alerts set up", None


def compliance(G: nx.MultiDiGraph, *, at: dt.date, region: str | None = None,
               record_updated: Mapping[str, dt.date | None] | None = None,
               alerted: set[str] | None = None) -> list[Breach]:
    """Every breach of the plans' rules by the active libraries of ``region`` (or all).

    Parameters
    ----------
    G : the whole-network graph.
    at : the day of the question.
    region : keep only libraries of this region.
    record_updated : LIBID -> day its record was last written; libraries missing from it
        are not judged on the record rule.
    alerted : LIBIDs with rush alerts registered; ``None``: the rush-alert rule is not judged.

    Returns
    -------
    list of Breach
        By region, LIBID, rule and title.

    Examples
    --------
    >>> from graphsvc.model import Library, Network
    >>> from graphsvc.network import build_network
    >>> G = build_network(Network(libraries=(Library("ORUPAC", "Pacific", state="OR"),)))
    >>> [b.code for b in compliance(G, at=dt.date(2026, 12, 1))]
    ['FEWER_THAN_25_CURRENT_TITLES']
    """
    found = []
    old_record = at - dt.timedelta(days=YEAR_DAYS)
    for libid in libraries(G):
        reg = region_of(G, libid)
        if library(G, libid).participation in INACTIVE or region not in (None, reg):
            continue
        rows = [*_holdings_breaches(G, libid, at), *_borrow_only_breaches(G, libid),
                *_rush_breaches(G, libid, alerted)]
        if record_updated is not None and libid in record_updated and \
                _older(record_updated[libid], old_record):
            when = record_updated[libid]
            rows.append(("RECORD_NOT_UPDATED",
                         f"record last updated {when.isoformat() if when else 'never'}", None))
        found += [Breach(libid, reg, code, detail, uid) for code, detail, uid in rows]
    return sorted(found, key=lambda b: (b.region or "", b.libid, b.code, b.nlm_uid or ""))
