"""The compact holdings table: every field kept, changes by library, routing's check."""

from __future__ import annotations

import datetime as dt
import pickle
import random

import pytest

from graphsvc.holdings_table import HoldingsTable
from graphsvc.model import Holding, Range


def varied(n: int, seed: int = 1) -> list[Holding]:
    """``n`` holdings of 40 libraries and 300 titles using every field."""
    rng = random.Random(seed)
    found = {}
    for _ in range(n):
        begin = rng.choice([None, "1", "16 Suppl 2", "Suppl", str(rng.randint(1, 400))])
        ranges = tuple(Range(begin, rng.choice([None, str(rng.randint(1, 500))]),
                             rng.choice([None, rng.randint(1900, 2026)]),
                             rng.choice([None, rng.randint(1990, 2030)]))
                       for _ in range(rng.choice([0, 1, 1, 2, 3])))
        h = Holding(f"L{rng.randrange(40):03d}", f"{rng.randrange(300):07d}",
                    rng.choice(["PRINT", "ELECTRONIC"]), ranges,
                    currently_received=rng.random() < 0.5,
                    embargo_months=rng.choice([0, 0, 6, 12]),
                    last_modified=rng.choice([None, dt.date(2025, 1, 1) + dt.timedelta(
                        rng.randrange(600))]),
                    retention_policy=rng.choice(["Permanently Retained", "Limited Period Only"]),
                    limited_retention_period=rng.choice([0, 2, 5]),
                    limited_retention_type=rng.choice(["Years", "Months"]),
                    has_epub_ahead_of_print=rng.random() < 0.2,
                    has_supplements=rng.random() < 0.2, ignore_warnings=rng.random() < 0.1,
                    embargo_years=rng.choice([0, 0, 1]),
                    issns_as_written=rng.choice(["", "0028-4793 (Print)"]))
        found[h.libid, h.nlm_uid, h.format] = h  # the last of a key wins, as in the table
    return list(found.values())


def full(h: Holding) -> tuple:
    return (h, h.issns_as_written)  # issns_as_written is not compared by Holding's ==


def key(h: Holding) -> tuple:
    return h.libid, h.nlm_uid, h.format


@pytest.fixture
def holdings() -> list[Holding]:
    return varied(3000)


def test_every_field_comes_back(holdings):
    table = HoldingsTable.of(holdings)
    back = [h for libid in sorted({h.libid for h in holdings}) for h in table.holdings_of(libid)]
    assert sorted(map(full, back), key=lambda f: key(f[0])) == \
        sorted(map(full, holdings), key=lambda f: key(f[0]))
    assert len(table) == len(holdings)


def test_holders_of_a_title_are_its_holdings(holdings):
    table = HoldingsTable.of(holdings)
    for uid in {h.nlm_uid for h in holdings}:
        expected = sorted(key(h) for h in holdings if h.nlm_uid == uid)
        assert sorted(key(h) for h in table.holders_of(uid)) == expected
        assert set(table.holders(uid)) == {h.libid for h in holdings if h.nlm_uid == uid}
    assert table.holders("no such title") == {}


def test_the_last_of_the_same_library_title_and_format_wins():
    first, second = Holding("A", "1", ranges=(Range("1"),)), Holding("A", "1")
    table = HoldingsTable.of([first, second, Holding("A", "1", "ELECTRONIC")])
    assert [h.ranges for h in table.holdings_of("A")] == [(), ()]


def test_replacing_a_library_changes_only_its_holdings(holdings):
    table = HoldingsTable.of(holdings)
    before = table.holders("0000001")  # a reader keeps what it holds
    snapshot = dict(before)
    replacement = [h for h in varied(400, seed=2) if h.libid == "L007"]
    table.replace("L007", replacement)
    table.replace("L008", [])
    expected = [h for h in holdings if h.libid not in ("L007", "L008")] + replacement
    for uid in {h.nlm_uid for h in expected} | {h.nlm_uid for h in holdings}:
        assert sorted(key(h) for h in table.holders_of(uid)) == \
            sorted(key(h) for h in expected if h.nlm_uid == uid)
    assert sorted(map(full, table.holdings_of("L007")), key=lambda f: key(f[0])) == [
        full(h) for h in sorted(replacement, key=key)]
    assert table.holdings_of("L008") == [] and len(table) == len(expected)
    assert before == snapshot  # never changed in place


def test_a_replacement_is_seen_by_a_title_asked_before(holdings):
    table = HoldingsTable.of(holdings)
    uid = holdings[0].nlm_uid
    held = set(table.holders(uid))
    table.replace("L999", [Holding("L999", uid)])
    assert set(table.holders(uid)) == held | {"L999"}
    table.replace("L999", [Holding("L999", "0000000")])
    assert set(table.holders(uid)) == held


def test_it_pickles_as_columns(holdings):
    table = HoldingsTable.of(holdings)
    table.replace("L001", [Holding("L001", "0000003")])
    data = pickle.dumps(table, protocol=pickle.HIGHEST_PROTOCOL)
    copy = pickle.loads(data)
    assert list(map(full, copy.holdings_of("L002"))) == list(
        map(full, table.holdings_of("L002")))
    assert [h.nlm_uid for h in copy.holdings_of("L001")] == ["0000003"]
    assert len(data) < 80 * len(holdings)


def test_a_holding_costs_well_under_150_bytes(holdings):
    table = HoldingsTable.of(holdings)
    assert table.nbytes() / len(holdings) < 100


def test_a_grown_overlay_is_folded_into_the_base_with_every_holding_kept(holdings):
    table = HoldingsTable.of(holdings)
    table.fold_at = 50
    replaced = {}
    for n, libid in enumerate(sorted({h.libid for h in holdings})[:12]):
        replaced[libid] = [h for h in varied(4000, seed=10 + n) if h.libid == libid]
        table.replace(libid, replaced[libid])
    assert len(table._state.libraries) < len(replaced)  # folded at least once
    expected = [h for h in holdings if h.libid not in replaced] + [
        h for held in replaced.values() for h in held]
    assert sorted(map(full, map(table.holding, table.refs())), key=lambda f: key(f[0])) == \
        sorted(map(full, expected), key=lambda f: key(f[0]))
