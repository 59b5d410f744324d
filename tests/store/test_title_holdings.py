"""A library's holdings of some titles put in place (the writer's own upload, a catch-up of a
TITLE_HOLDINGS change): the same table as replacing them all; and what a re-upload compares."""

from __future__ import annotations

import dataclasses
import random

import pytest

from graphsvc import changes as patch
from graphsvc.holdings_table import HoldingsTable
from graphsvc.model import Holding, Range, Serial
from graphsvc.network import build_network, holdings_of, holdings_table
from graphsvc.store.records import stored_alike
from tests.routing.test_holdings_table import full, varied
from tests.store.test_store import literal_network


def changed(holdings: list[Holding], libid: str, seed: int) -> tuple[set[str], list[Holding]]:
    """Some titles of ``libid`` and its new holdings of them (some changed, some gone, a new
    title), as an upload leaves them."""
    rng = random.Random(seed)
    mine = [h for h in holdings if h.libid == libid]
    titles = {h.nlm_uid for h in rng.sample(mine, 5)} | {"9999999"}
    new = [dataclasses.replace(h, currently_received=not h.currently_received)
           for h in mine if h.nlm_uid in titles and rng.random() < 0.6]
    new.append(Holding(libid, "9999999", ranges=(Range("1", None, 2001),)))
    return titles, new


@pytest.mark.parametrize("in_overlay", [False, True])
def test_replacing_some_titles_equals_replacing_them_all(in_overlay):
    holdings = varied(3000)
    libid = holdings[0].libid
    table, whole = HoldingsTable.of(holdings), HoldingsTable.of(holdings)
    if in_overlay:  # the library's rows already in the overlay, not in the base
        mine = [h for h in holdings if h.libid == libid]
        table.replace(libid, mine)
        whole.replace(libid, mine)
    titles, new = changed(holdings, libid, seed=2)
    table.replace_titles(libid, titles, new)
    whole.replace(libid, [h for h in whole.holdings_of(libid) if h.nlm_uid not in titles] + new)
    assert table == whole
    assert list(map(full, table.holdings_of(libid))) == list(map(full, whole.holdings_of(libid)))
    assert sorted(table.holders("9999999")) == [libid]
    other = holdings[-1].libid
    assert table.holdings_of(other) == whole.holdings_of(other)


def test_a_graph_takes_a_title_change_and_the_serials_it_lacks():
    G = build_network(literal_network())
    before = holdings_of(G, "ORUPAC")
    new = Holding("ORUPAC", "7777777", "ELECTRONIC", (Range(None, None, 2000),))
    patch.replace_title_holdings(G, "ORUPAC", {"7777777"}, [new], [Serial("7777777", "New")])
    assert G.nodes["7777777"]["kind"] == "serial"
    assert holdings_of(G, "ORUPAC") == sorted([*before, new], key=lambda h: h.nlm_uid)
    assert holdings_table(G).holders("7777777").keys() == {"ORUPAC"}


@pytest.mark.parametrize("new, alike", [
    (Holding("A", "1", ranges=(Range("1", "2"),)), True),
    (Holding("A", "1", ranges=(Range("1", "3"),)), False),
    (Holding("A", "1", ranges=(Range("1", "2"),), issns_as_written="1234-5679"), False),
    (Holding("A", "1", ranges=(Range("1", "2", None, None),), currently_received=True), False),
    (Holding("A", "1", ranges=(Range("1", "2"),), last_modified=None), True),
    (None, False)])
def test_a_new_holding_is_stored_alike_when_its_props_are_equal(new, alike):
    stored = Holding("A", "1", ranges=(Range("1", "2"),))
    assert stored_alike(new, stored) is alike


def test_volumes_the_props_store_alike_are_alike():
    # "" and None are both stored as no volume: equal props, unequal holdings
    assert stored_alike(Holding("A", "1", ranges=(Range("", "2"),)),
                        Holding("A", "1", ranges=(Range(None, "2"),)))
