"""Holdings of a generated network: Zipf-like popularity, a few range shapes, print and
electronic.
"""

from __future__ import annotations

import datetime as dt
import heapq
import itertools
import random

from graphsvc.io.generate.serials import CORE_TITLES
from graphsvc.model import Holding, Library, Range, Serial

REFERENCE_DAY = dt.date(2026, 10, 1)  # "today" for generated dates, fixed for determinism
BOTH_FORMATS = .15  # share of held titles a library holds in print and electronically
_CAPACITY = {"NLM": 30.0, "RML": 25.0, "RESOURCE": 12.0}
_PRINT_SHAPES = (("open", 30), ("closed", 25), ("volume_open", 7), ("volume_closed", 5),
                 ("year_open", 10), ("year_closed", 8), ("gaps", 12), ("level2", 3))
_ELECTRONIC_SHAPES = (("year_open", 60), ("open", 25), ("year_closed", 10), ("gaps", 3),
                      ("level2", 2))
_BEGIN_YEARS = (1950, 1970, 1980, 1985, 1990, 1995, 2000, 2005, 2010, 2015)
_END_YEARS = (1989, 1999, 2004, 2009, 2014, 2019, 2022)
_LAST_YEAR = 2025


def _title_counts(total: int, titles: int, cap: int) -> list[int]:
    """Holders per title by popularity rank: Zipf-like, at most ``cap``, summing to
    ``total`` when the titles can take that many."""
    weights = [1 / (rank + 5) for rank in range(titles)]
    rest = sum(weights)
    scale = 0.0
    for capped, w in enumerate(weights):  # the most popular ``capped`` titles hit the cap
        scale = (total - capped * cap) / rest
        if w * scale <= cap:
            break
        rest -= w
    shares = [min(cap, w * scale) for w in weights]
    counts = [int(share) for share in shares]
    short = total - sum(counts)
    for rank in sorted(range(titles), key=lambda r: counts[r] - shares[r])[:max(short, 0)]:
        counts[rank] += counts[rank] < cap
    return counts


def _pick_holders(rng: random.Random, count: int, weights: list[float],
                  cumulative: list[float]) -> list[int]:
    """``count`` distinct library indices, drawn in proportion to ``weights``."""
    n = len(weights)
    if count * 4 >= n:  # Efraimidis-Spirakis: exact and O(n), for popular titles
        keys = ((rng.random() ** (1 / w), i) for i, w in enumerate(weights))
        return [i for _, i in heapq.nlargest(count, keys)]
    chosen: dict[int, None] = {}
    while len(chosen) < count:
        for i in rng.choices(range(n), cum_weights=cumulative, k=count - len(chosen) + 2):
            if len(chosen) < count:
                chosen.setdefault(i)
    return list(chosen)


def _shape_ranges(shape: str, first: int, begin: int, end: int) -> tuple[Range, ...]:
    def vol(year: int) -> str:
        return str(year - first + 1)
    middle = begin + (end - begin) // 3
    resume = min(_LAST_YEAR, middle + 2 + (end - begin) // 4)
    if shape == "gaps" and resume - begin < 4:
        shape = "open"
    if shape == "open":
        return (Range(vol(begin), None, begin, None),)
    if shape == "closed":
        return (Range(vol(begin), vol(end), begin, end),)
    if shape == "volume_open":
        return (Range(vol(begin), None, None, None),)
    if shape == "volume_closed":
        return (Range(vol(begin), vol(end), None, None),)
    if shape == "year_open":
        return (Range(None, None, begin, None),)
    if shape == "year_closed":
        return (Range(None, None, begin, end),)
    if shape == "gaps":
        return (Range(vol(begin), vol(middle), begin, middle),
                Range(vol(resume), None, resume, None))
    return (Range(),)  # Level 2


class _HoldingMaker:
    """Builds holdings from a few shapes, sharing equal range tuples between holdings.

    A national network has over a million holdings, so each holding's choices come from one
    random draw, and shape weights are percentages (a table of 100 shape names).
    """

    def __init__(self, rng: random.Random, serials: list[Serial]):
        self.bits = rng.getrandbits
        self.first_year = [min(2018, int(rng.triangular(1880, 2020, 1975))) for _ in serials]
        self.ranges: dict[tuple, tuple[tuple[Range, ...], bool]] = {}
        self.days = tuple(REFERENCE_DAY - dt.timedelta(days=d) for d in range(3 * 365))
        self.shapes = {fmt: ([name for name, weight in shapes for _ in range(weight)],
                             _BEGIN_YEARS[5 if fmt == "ELECTRONIC" else 0:])
                       for fmt, shapes in (("PRINT", _PRINT_SHAPES),
                                           ("ELECTRONIC", _ELECTRONIC_SHAPES))}

    def make(self, libid: str, serial: Serial, index: int, fmt: str) -> Holding:
        first = self.first_year[index]
        shapes, begins = self.shapes[fmt]
        x = self.bits(48)  # one draw, split into the holding's independent choices
        x, shape = divmod(x, 100)
        x, begin = divmod(x, len(begins))
        x, end = divmod(x, len(_END_YEARS))
        x, day = divmod(x, len(self.days))
        x, embargo = divmod(x, 100)
        begin, end = max(first, begins[begin]), _END_YEARS[end]
        if end < begin:
            end = min(_LAST_YEAR, begin + (2, 5, 10)[x % 3])
        key = (shapes[shape], first, begin, end)
        made = self.ranges.get(key)
        if made is None:
            ranges = _shape_ranges(shapes[shape], first, begin, end)
            received = not ranges[0].is_level_2 and ranges[-1].end_year is None and \
                ranges[-1].end_volume is None
            made = self.ranges[key] = (ranges, received)
        embargo = (6, 12)[x % 2] if fmt == "ELECTRONIC" and embargo < 15 else 0
        return Holding(libid, serial.nlm_uid, fmt, made[0], made[1], embargo, self.days[day])


def default_holdings(libraries: int, serials: int) -> int:
    """About 30 holdings a library, at most half of every library holding every title."""
    return min(libraries * 30, libraries * serials // 2)


def _held_titles(rng: random.Random, libs: list[Library], serials: list[Serial],
                 pairs: int) -> list[tuple[int, int]]:
    """Up to ``pairs`` (library, title) index pairs, sorted: each title held by as many
    libraries as its popularity rank gives, bigger libraries holding more titles."""
    weights = [_CAPACITY.get(lib.type) or rng.lognormvariate(0, .9) * (.4 if lib.type ==
                                                                         "OTHER" else 1)
               for lib in libs]
    cumulative = list(itertools.accumulate(weights))
    by_popularity = list(range(len(serials)))
    rng.shuffle(by_popularity)
    by_popularity.sort(key=lambda i: serials[i].nlm_uid not in CORE_TITLES)  # stable: core first
    held_by: list[list[int]] = [[] for _ in libs]
    cap = max(1, len(libs) * 4 // 5)  # even the most popular titles are not held everywhere
    for rank, count in enumerate(_title_counts(pairs, len(serials), cap)):
        title = by_popularity[rank]
        for lib in _pick_holders(rng, count, weights, cumulative):
            held_by[lib].append(title)
    return [(lib, title) for lib, titles in enumerate(held_by) for title in sorted(titles)]


def make_holdings(rng: random.Random, libs: list[Library], serials: list[Serial],
                  total: int) -> tuple[Holding, ...]:
    """``total`` holdings (fewer if the network is too small to hold that many)."""
    pairs = min(round(total / (1 + BOTH_FORMATS)), len(libs) * len(serials))
    both = min(total - pairs, pairs)
    held = _held_titles(rng, libs, serials, pairs)
    in_both = set(rng.sample(range(len(held)), max(0, min(both, len(held)))))
    maker, electronic = _HoldingMaker(rng, serials), rng.random
    holdings = []
    for n, (lib, title) in enumerate(held):
        libid, serial = libs[lib].libid, serials[title]
        if n in in_both:
            holdings += (maker.make(libid, serial, title, "PRINT"),
                         maker.make(libid, serial, title, "ELECTRONIC"))
        else:
            fmt = "ELECTRONIC" if electronic() < .53 else "PRINT"
            holdings.append(maker.make(libid, serial, title, fmt))
    return tuple(holdings)
