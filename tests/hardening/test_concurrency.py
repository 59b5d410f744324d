"""Ten writers at once over HTTP, replacing routing tables and holdings of the same and of
different libraries: each library ends as one writer left it (a serial order), nothing is
mixed or lost, and no node is duplicated."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import requests

from graphsvc.model import Library

TABLES = [{"cells": {"1": [first], "2": [second]}, "do_not_route": [], "manual_map": [first]}
          for first, second in (("ORUOHS", "WAUXYZ"), ("WAUXYZ", "PAUPIT"), ("PAUPIT", "ORUOHS"),
                                ("WAUUHS", "ORUOHS"), ("ORUOHS", "PAUPIT"))]
HOLDINGS = [[{"nlm_uid": "0255562", "format": "PRINT",
              "ranges": [{"begin_year": 1950 + i, "end_year": 2000 + i}]},
             {"nlm_uid": "7501160", "format": "ELECTRONIC" if i % 2 else "PRINT",
              "ranges": [{"begin_year": 1990 + i}]}] for i in range(5)]
# (writers differ in which holdings they keep, so a write of differences computed against a
# state another writer changed meanwhile would leave a mixture: three holdings, not two)


def test_ten_parallel_writers(live, admin, loaded):
    jobs = [("PUT", "/v1/libraries/ORUPAC/routing-table", t) for t in TABLES[:3]] + \
           [("PUT", "/v1/libraries/WAUXYZ/routing-table", t) for t in TABLES[3:]] + \
           [("PUT", "/v1/libraries/ORUOHS/holdings", h) for h in HOLDINGS[:3]] + \
           [("PUT", "/v1/libraries/PAUPIT/holdings", h) for h in HOLDINGS[3:]]
    assert len(jobs) == 10

    def send(job):
        method, path, body = job
        return requests.request(method, live.url + path, json=body, headers=admin, timeout=120)

    with ThreadPoolExecutor(max_workers=10) as pool:
        answers = list(pool.map(send, jobs))
    assert [a.status_code for a in answers] == [200] * 10, [a.text[:200] for a in answers]

    def table(libid):
        got = requests.get(f"{live.url}/v1/libraries/{libid}/routing-table", timeout=30).json()
        return {"cells": got["cells"], "do_not_route": got["do_not_route"],
                "manual_map": got["manual_map"]}

    def ranges(libid):
        got = requests.get(f"{live.url}/v1/libraries/{libid}/holdings", timeout=30).json()
        return sorted((h["nlm_uid"], h["format"], h["ranges"][0]["begin_year"]) for h in got)

    assert table("ORUPAC") in TABLES[:3]
    assert table("WAUXYZ") in TABLES[3:]
    written = [sorted((h["nlm_uid"], h["format"], h["ranges"][0]["begin_year"]) for h in body)
               for body in HOLDINGS]
    assert ranges("ORUOHS") in written[:3]
    assert ranges("PAUPIT") in written[3:]
    counts = loaded.counts()
    assert (counts["libraries"], counts["serials"], counts["groups"]) == (6, 2, 1)
    assert counts["holdings"] == 2 + 2 + 2  # WAUUHS, WAUXYZ kept theirs
    libids = [lib.libid for lib in loaded.export_network().libraries]
    assert len(libids) == len(set(libids)) == 6


def test_the_uniqueness_constraint_holds_under_parallel_creates(loaded):
    """Ten threads upserting the same new library: one node, not ten."""
    new = Library("WAUNEW", "New Library", state="WA")
    with ThreadPoolExecutor(max_workers=10) as pool:
        list(pool.map(lambda _: loaded.upsert_library(new), range(10)))
    assert loaded.counts()["libraries"] == 7
