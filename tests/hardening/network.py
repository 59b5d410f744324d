"""A small literal network for the hardening tests: two regions, groups, routing tables."""

from __future__ import annotations

from graphsvc.model import Group, Holding, Library, Network, Range, Region, RoutingTable, Serial


def hardening_network() -> Network:
    """Region 5 (OR, WA) and 1 (MD); ORUPAC routes through cells 1, 2 and FREESHARE."""
    return Network(
        regions=(Region("5", "Region 5", ("OR", "WA"), "WAUUHS"),
                 Region("1", "Region 1", ("MD", "PA"), None)),
        libraries=(
            Library("WAUUHS", "UW Health Sciences", type="RML", state="WA"),
            Library("ORUPAC", "Pacific University", state="OR"),
            Library("ORUOHS", "OHSU", state="OR"),
            Library("WAUXYZ", "Elsewhere", state="WA"),
            Library("PAUPIT", "Pittsburgh", state="PA"),
            Library("MDUNLM", "NLM", type="NLM", state="MD")),
        groups=(Group("FREESHARE", "FreeShare", members=("ORUOHS", "ORUPAC", "WAUUHS")),),
        serials=(Serial("0255562", "The New England journal of medicine",
                        ("0028-4793", "1533-4406")),
                 Serial("7501160", "JAMA", ("0098-7484", "1538-3598"))),
        holdings=(Holding("WAUUHS", "0255562", "PRINT", (Range("1", None, 1980, None),)),
                  Holding("ORUOHS", "0255562", "ELECTRONIC", (Range(None, None, 1990, None),)),
                  Holding("WAUXYZ", "0255562", "PRINT", (Range(),)),
                  Holding("PAUPIT", "7501160", "ELECTRONIC", (Range(None, None, 1998, None),))),
        routing_tables=(RoutingTable("ORUPAC", {1: ("ORUOHS",), 2: ("WAUXYZ",),
                                                7: ("FREESHARE",)}, (), ("ORUOHS",)),))


ROUTING_BODY = {"borrower": "ORUPAC", "citation": {"issn": "0028-4793", "year": 2015},
                "seed": 7}
