"""The coverage index's compact arrays answer as the dicts, lists and sets they replaced."""

from __future__ import annotations

import pytest

from graphsvc.coverage.index import OPEN_BEGIN, OPEN_END, coverage_index, merge_intervals
from graphsvc.io.generate import generate_network
from graphsvc.network import build_network, holdings_table

from .conftest import T1, T3


def _reference(G):
    """What the index held before it was compacted: title -> libid -> intervals, and each
    library's Level 2 holdings, from the same rows the index reads."""
    holders, level_2 = {}, {}
    table = holdings_table(G)
    for u in G._node:
        for uid, fmt, _, stated in table.summaries(u):
            if stated is None:
                level_2.setdefault(u, []).append((uid, fmt))
                continue
            years = [(OPEN_BEGIN if b is None else b, OPEN_END if e is None else e)
                     for b, e in stated]
            holders.setdefault(uid, {}).setdefault(u, []).extend(years)
    return ({uid: {lib: merge_intervals(ys) if len(ys) > 1 else ys for lib, ys in libs.items()}
             for uid, libs in holders.items()}, level_2)


@pytest.fixture(scope="module")
def generated():
    return build_network(generate_network(libraries=60, serials=300, holdings=4000, seed=3),
                         version=1)


def test_holders_and_titles_match_the_plain_index(generated):
    index = coverage_index(generated)
    holders, level_2 = _reference(generated)
    assert {uid: dict(title.holders.items()) for uid, title in index.titles.items()} == holders
    assert {uid: {lib: title.holders[lib] for lib in title.holders}
            for uid, title in index.titles.items()} == holders
    counted = {}
    for uid, libs in holders.items():
        for lib in libs:
            counted.setdefault(lib, set()).add(uid)
    assert {lib: set(titles) for lib, titles in index.counted_titles.items() if titles} == counted
    assert {lib: held.level_2 for lib, held in index.libraries.items() if held.level_2} == level_2
    assert index.held_titles() == holders.keys() | {u for ls in level_2.values() for u, _ in ls}


def test_views_behave_as_mappings_and_sets(seven):
    title = coverage_index(seven).titles[T1]
    assert len(title.holders) == 4 and list(title.holders) == ["A", "B", "D", "E"]
    assert "A" in title.holders and "C" not in title.holders and "nobody" not in title.holders
    assert {"A", "C", "E"} & title.holders.keys() == {"A", "E"}
    assert title.holders["E"] == [(2010, 2012)] and title.holders.get("C") is None
    with pytest.raises(KeyError):
        title.holders["C"]
    assert coverage_index(seven).titles[T3].holders["E"] == []  # volumes only: no years
    titles = coverage_index(seven).counted_titles["E"]
    assert T3 in titles and "nothing" not in titles and len(titles) == 3
    assert titles | {"x"} == set(titles) | {"x"} and isinstance(titles - {T3}, set)
