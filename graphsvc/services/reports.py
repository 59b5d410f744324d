"""Coordinator reports: TTA removals, the borrowing/lending balance, plan compliance.

The first two read the requests active in a window of US Eastern days (as the lender performance
report does) and the network graph for each library's type and region.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from graphsvc.coverage import compliance
from graphsvc.requests import balance, removals
from graphsvc.services.network import checked_region
from graphsvc.services.requests import library_kinds, report_window
from graphsvc.store.contract import Store


def _window_fields(frm: dt.date | None, to: dt.date | None, region: str | None) -> dict:
    return {"from": frm.isoformat() if frm else None, "to": to.isoformat() if to else None,
            "region": region}


def removals_report(store: Store, *, region: str | None = None, lib_type: str | None = None,
                    frm: dt.date | None = None, to: dt.date | None = None) -> dict:
    """Per lender: requests that reached it on days ``frm``..``to`` and how many TTA removed.

    Parameters
    ----------
    store : Neo4jStore
    region, lib_type : str, keyword-only
        Keep only lenders of this region / library type.
    frm, to : datetime.date, keyword-only
        Arrivals on these US Eastern days, both inclusive; open-ended when left out.

    Returns
    -------
    dict
        ``{"from", "to", "region", "type", "totals", "lenders": [...]}``; each lender with
        ``received``, ``not_receipted``, ``not_acted_upon``, ``removed``, ``removal_rate``
        and the same per service level (:mod:`graphsvc.requests.removals`).

    Raises
    ------
    NotFound
        Unknown region.
    InvalidInput
        ``to`` before ``frm``.
    """
    checked_region(store, region)
    lo, hi = report_window(frm, to)
    rows = removals.lender_removals(store.requests_between(lo, hi),
                                    libraries=library_kinds(store.network()), frm=lo, to=hi,
                                    region=region, lib_type=lib_type)
    totals = removals.RemovalCounts()
    for row in rows:
        for name in ("received", "not_receipted", "not_acted_upon"):
            setattr(totals, name, getattr(totals, name) + getattr(row.total, name))
    return {**_window_fields(frm, to, region), "type": lib_type, "totals": totals.as_dict(),
            "lenders": [row.as_dict() for row in rows]}


def balance_report(store: Store, *, region: str | None = None, frm: dt.date | None = None,
                   to: dt.date | None = None, min_borrowed: int = balance.MIN_BORROWED,
                   max_ratio: float = balance.MAX_RATIO) -> dict:
    """Requests borrowed and lent per library and region on days ``frm``..``to``.

    Parameters
    ----------
    store : Neo4jStore
    region : str, keyword-only
        Keep only libraries (and the region row) of this region.
    frm, to : datetime.date, keyword-only
        US Eastern days, both inclusive; open-ended when left out.
    min_borrowed, max_ratio : keyword-only
        The net-borrower test (:func:`graphsvc.requests.balance.library_balance`).

    Returns
    -------
    dict
        ``{"from", "to", "region", "min_borrowed", "max_ratio", "libraries", "regions",
        "net_borrowers"}``; ``libraries`` rows carry ``libid``, ``name``, ``region``,
        ``borrowed``, ``lent``, ``ratio``, ``net_borrower``, ``lat``, ``lon``.
    """
    checked_region(store, region)
    lo, hi = report_window(frm, to)
    G = store.network()
    regions = {libid: reg for libid, (_, reg) in library_kinds(G).items()}
    rows = balance.library_balance(store.requests_between(lo, hi), regions=regions, frm=lo,
                                   to=hi, region=region, min_borrowed=min_borrowed,
                                   max_ratio=max_ratio)
    by_region = balance.region_balance(rows, min_borrowed=min_borrowed, max_ratio=max_ratio)
    return {**_window_fields(frm, to, region), "min_borrowed": min_borrowed,
            "max_ratio": max_ratio,
            "libraries": [_placed(G, dataclasses.asdict(row)) for row in rows],
            "regions": [{k: v for k, v in dataclasses.asdict(r).items() if k != "libid"}
                        for r in by_region],
            "net_borrowers": [row.libid for row in rows if row.net_borrower]}


def _placed(G, row: dict) -> dict:
    attrs = G.nodes[row["libid"]] if row["libid"] in G else {}
    return {**row, "name": attrs.get("name"), "state": attrs.get("state"),
            "lat": attrs.get("lat"), "lon": attrs.get("lon")}


def compliance_report(store: Store, *, region: str | None = None,
                      at: dt.date | None = None) -> dict:
    """Active libraries breaking the plans' rules, counted per region and listed.

    Parameters
    ----------
    store : Neo4jStore
    region : str, keyword-only
        Keep only libraries of this region.
    at : datetime.date, keyword-only
        Day of the question (default today).

    Returns
    -------
    dict
        ``{"at", "region", "rules": [{"code", "source", "rule"}], "regions": [{"region",
        "libraries", "counts": {code: n}}], "breaches": [{"libid", "name", "region", "code",
        "detail", "nlm_uid"}]}`` (:mod:`graphsvc.coverage.compliance`).
    """
    checked_region(store, region)
    day = at or dt.date.today()
    G = store.network()
    found = compliance.compliance(G, at=day, region=region,
                                  record_updated=store.record_updates(),
                                  alerted=store.alerted_libraries())
    per_region: dict[str | None, dict] = {}
    for b in found:
        row = per_region.setdefault(b.region, {"region": b.region, "libraries": set(),
                                               "counts": dict.fromkeys(compliance.RULES, 0)})
        row["libraries"].add(b.libid)
        row["counts"][b.code] += 1
    return {"at": day.isoformat(), "region": region,
            "rules": [{"code": code, "source": source, "rule": rule}
                      for code, (source, rule) in compliance.RULES.items()],
            "regions": [{**row, "libraries": len(row["libraries"])}
                        for _, row in sorted(per_region.items(), key=lambda kv: kv[0] or "")],
            "breaches": [{**dataclasses.asdict(b), "name": G.nodes[b.libid].get("name")}
                         for b in found]}
