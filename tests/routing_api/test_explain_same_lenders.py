"""Over HTTP: `explain: true` never changes the lenders (issue 15.1), here after a cell
with more eligible libraries than its 20 places and an All Other Libraries stage to shuffle."""

from __future__ import annotations

import pytest

from graphsvc.model import Group, Holding, Library, Network, Range, Region, RoutingTable, Serial

EMAIL = ("EMAIL_PDF",)


def network() -> Network:
    members = tuple(f"WAU{chr(65 + i)}AA" for i in range(25))
    others = tuple(f"ORU{chr(65 + i)}BB" for i in range(8))
    libraries = [Library("ORUPAC", "Pacific", state="OR", delivery_methods=EMAIL),
                 Library("MDUNLM", "NLM", type="NLM", state="MD", delivery_methods=EMAIL)]
    libraries += [Library(m, f"Library {m}", state=m[:2], delivery_methods=EMAIL)
                  for m in members + others]
    return Network(
        regions=(Region("5", "Region 5", ("OR", "WA"), None),),
        libraries=tuple(libraries),
        groups=(Group("FREESHARE", "FreeShare", members=members + ("ORUPAC",)),),
        serials=(Serial("0255562", "N Engl J Med", ("0028-4793",)),),
        holdings=tuple(Holding(h, "0255562", ranges=(Range("1", None, 1928, None),))
                       for h in members + others),
        routing_tables=(RoutingTable("ORUPAC", {1: ("FREESHARE",)}),))


@pytest.mark.parametrize("seed", [1, 7, 12])
def test_explain_gives_the_same_lenders(client, store, seed):
    store.import_network(network())
    body = {"borrower": "ORUPAC", "citation": {"issn": "0028-4793", "year": 2015},
            "at": "2026-11-23T10:00:00-05:00", "seed": seed, "all_other_libraries": True}
    quiet = client.post("/v1/routing/lender-sequence", json=body).json
    explained = client.post("/v1/routing/lender-sequence", json={**body, "explain": True}).json
    assert [x["via"] for x in quiet["lenders"]] == ["CELL"] * 20 + ["NLM"] + ["ALL_OTHER"] * 8
    assert explained["lenders"] == quiet["lenders"]
    assert sum(s["reason"] == "CELL_FULL" for s in explained["skipped"]) == 5
