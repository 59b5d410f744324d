"""A three-library network that the docstring examples of this package run on."""

from __future__ import annotations

import datetime as dt

import networkx as nx

from graphsvc.model import (
    DateRange, Holding, Library, Network, Range, Region, RoutingTable, Serial,
)
from graphsvc.network import build_network


def three_library_network() -> nx.MultiDiGraph:
    """Portland, Seattle and San Francisco holding the New England Journal of Medicine.

    - ORUPAC (OR) holds 1990 onwards; WAUUHS (WA, the RML) holds v.1-v.50, 1980-2000;
      CAUXYZ (CA) reports a Level 2 holding and is out of office 2026-12-24..2027-01-02.
    - ORUPAC routes cell 1 to WAUUHS, cell 2 to CAUXYZ; WAUUHS routes cell 1 to ORUPAC.

    >>> G = three_library_network()
    >>> sorted(G.graph["state_region"].items())
    [('CA', '5'), ('OR', '5'), ('WA', '5')]
    """
    christmas = DateRange(dt.date(2026, 12, 24), dt.date(2027, 1, 2))
    reviewed = dt.date(2026, 1, 8)
    return build_network(Network(
        regions=(Region("5", "Region 5", ("CA", "OR", "WA"), "WAUUHS"),),
        libraries=(
            Library("ORUPAC", "Pacific", state="OR", lat=45.52, lon=-122.68),
            Library("WAUUHS", "Health Sciences", type="RML", state="WA", lat=47.65,
                    lon=-122.31),
            Library("CAUXYZ", "Bay Medical", state="CA", lat=37.77, lon=-122.42,
                    out_of_office=(christmas,)),
        ),
        serials=(Serial("0255562", "The New England journal of medicine"),),
        holdings=(
            Holding("ORUPAC", "0255562", ranges=(Range(None, None, 1990, None),),
                    last_modified=reviewed),
            Holding("WAUUHS", "0255562", ranges=(Range("1", "50", 1980, 2000),),
                    last_modified=reviewed),
            Holding("CAUXYZ", "0255562", ranges=(Range(),), last_modified=reviewed),
        ),
        routing_tables=(
            RoutingTable("ORUPAC", {1: ("WAUUHS",), 2: ("CAUXYZ",)}),
            RoutingTable("WAUUHS", {1: ("ORUPAC",)}),
        ),
    ))
