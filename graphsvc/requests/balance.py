"""Borrowing and lending balance per library and region (the PNR plan's usage monitoring).

"The NN/LM PNR and the Resource Sharing Committee monitor DOCLINE usage ... and may question
individual libraries' practices." Over a window:

- ``borrowed``: requests the library created (submitted as borrower);
- ``lent``: requests the library filled as a lender;
- ``ratio = lent / borrowed`` (``None`` when it borrowed nothing);
- ``net_borrower``: borrowed at least ``min_borrowed`` and ``ratio`` below ``max_ratio`` --
  the libraries that borrow much and lend little.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from graphsvc.requests.records import TrackedRequest, in_window

MIN_BORROWED = 10
MAX_RATIO = 0.5


@dataclass(frozen=True)
class Balance:
    """Borrowed and lent by one library (or one region, ``libid`` ``None``)."""

    libid: str | None
    region: str | None
    borrowed: int
    lent: int
    ratio: float | None
    net_borrower: bool


def _tally(requests: Iterable[TrackedRequest], frm, to) -> dict[str, list[int]]:
    counts: dict[str, list[int]] = {}
    for req in requests:
        if in_window(req.created_at, frm, to):
            counts.setdefault(req.borrower, [0, 0])[0] += 1
        for event in req.history:
            if event.action == "FILLED" and in_window(event.at, frm, to):
                counts.setdefault(event.libid, [0, 0])[1] += 1
    return counts


def _balance(libid, region, borrowed, lent, *, min_borrowed, max_ratio) -> Balance:
    ratio = round(lent / borrowed, 4) if borrowed else None
    net = borrowed >= min_borrowed and ratio is not None and ratio < max_ratio
    return Balance(libid, region, borrowed, lent, ratio, net)


def library_balance(requests: Iterable[TrackedRequest], *,
                    regions: Mapping[str, str | None], frm: dt.datetime | None = None,
                    to: dt.datetime | None = None, region: str | None = None,
                    min_borrowed: int = MIN_BORROWED, max_ratio: float = MAX_RATIO
                    ) -> list[Balance]:
    """Requests borrowed and lent per library in ``[frm, to)``.

    Parameters
    ----------
    requests : iterable of TrackedRequest
    regions : mapping of LIBID to region code, keyword-only
    frm, to : aware datetime, keyword-only
        Window on the creation instant (borrowed) and the fill instant (lent).
    region : str, keyword-only
        Keep only libraries of this region.
    min_borrowed, max_ratio : keyword-only
        A library is a net borrower when it borrowed at least ``min_borrowed`` requests and
        lent fewer than ``max_ratio`` per request borrowed.

    Returns
    -------
    list of Balance
        One per library that borrowed or lent, net borrowers first, then by LIBID.

    Examples
    --------
    >>> library_balance([], regions={})
    []
    """
    rows = [_balance(libid, regions.get(libid), borrowed, lent, min_borrowed=min_borrowed,
                     max_ratio=max_ratio)
            for libid, (borrowed, lent) in _tally(requests, frm, to).items()]
    rows = [r for r in rows if region is None or r.region == region]
    return sorted(rows, key=lambda r: (not r.net_borrower, r.libid))


def region_balance(libraries: Iterable[Balance], *, min_borrowed: int = MIN_BORROWED,
                   max_ratio: float = MAX_RATIO) -> list[Balance]:
    """The library rows summed per region (``net_borrower`` judged on the region's sums).

    >>> rows = [Balance("A", "5", 4, 1, 0.25, False), Balance("B", "5", 0, 3, None, False)]
    >>> region_balance(rows, min_borrowed=1)
    [Balance(libid=None, region='5', borrowed=4, lent=4, ratio=1.0, net_borrower=False)]
    """
    sums: dict[str | None, list[int]] = {}
    for row in libraries:
        total = sums.setdefault(row.region, [0, 0])
        total[0] += row.borrowed
        total[1] += row.lent
    return [_balance(None, reg, b, lent, min_borrowed=min_borrowed, max_ratio=max_ratio)
            for reg, (b, lent) in sorted(sums.items(), key=lambda kv: (kv[0] is None, kv[0] or ""))]
