"""`explain` only adds the skipped libraries: the lenders are the same with and without it,
and the batch path gives the same lenders as the single path (issue 15.1).

The networks are built so that cells often hold more eligible libraries than the cap (the
explained draw then shuffles the whole cell, the quiet one stops at the cap) and later
random stages (more cells, All Other Libraries) have several candidates to shuffle.
"""

from __future__ import annotations

import dataclasses

from hypothesis import given, settings
from hypothesis import strategies as st

from graphsvc.model import Citation, Delivery, Range, RoutingRequest, Serial
from graphsvc.routing import RoutingPolicy, lender_sequence
from graphsvc.routing.batch import lender_sequences
from tests.routing.builders import AT, BORROWER, UID, graph, group, hold, ids, lib, nlm_library

LIBIDS = ids(24)
RELATED = "9918249"
METHOD_SETS = st.sampled_from([("EMAIL_PDF",), ("EMAIL_PDF", "FAX"), ("FAX",), ("WEB_PDF",)])
PARTICIPATIONS = st.sampled_from(["FULL"] * 6 + ["CLOSED", "NLM_ONLY", "BORROW_ONLY"])
STATES = st.sampled_from(["OR", "OR", "WA", "NY"])
RANGES = st.sampled_from([Range("1", None, 1900, None), Range("1", None, 1900, None),
                          Range("10", "20", 1990, 2000), Range()])


@st.composite
def scenarios(draw):
    libids = LIBIDS[:draw(st.integers(4, len(LIBIDS)))]
    libs = [lib(libid, participation=draw(PARTICIPATIONS), state=draw(STATES),
                delivery_methods=draw(METHOD_SETS)) for libid in libids]
    holders = [libid for libid in libids if draw(st.integers(0, 4))]
    # some holdings are of the title the cited one continues: years only (H9)
    holdings = [hold(libid, draw(RANGES), uid=draw(st.sampled_from([UID, UID, RELATED])))
                for libid in holders]
    members = draw(st.lists(st.sampled_from(libids), unique=True))
    cells = {cell: tuple(draw(st.lists(st.sampled_from(libids + ["GRPBIG"]), max_size=8,
                                       unique=True)))
             for cell in (1, 2, 3)}
    G = graph([*libs, nlm_library()], holdings, cells=cells, groups=[group("GRPBIG", members)],
              serials=[Serial(UID, "Main", continues=RELATED), Serial(RELATED, "Older")])
    request = RoutingRequest(
        BORROWER, Citation(nlm_uid=UID, year=draw(st.sampled_from([1995, 2015, None])),
                           volume=draw(st.sampled_from(["15", None]))), AT,
        delivery=Delivery("EMAIL_PDF", draw(st.sampled_from([(), ("FAX",)]))),
        cells=draw(st.sampled_from([(1, 2, 3), (1, 3), (2,)])),
        route_to_nlm=draw(st.booleans()), all_other_libraries=draw(st.booleans()),
        direct_to=draw(st.sampled_from([None, *libids[:3]])),
        seed=draw(st.integers(0, 2**32)))
    cap = draw(st.integers(1, 4))
    policy = RoutingPolicy(cell_cap=cap, all_other_cap=draw(st.integers(1, 4)),
                           resource_library_stage=draw(st.booleans()))
    return G, request, policy


@settings(max_examples=150, deadline=None)
@given(scenarios())
def test_explain_never_changes_the_lenders_and_batch_agrees(scenario):
    G, request, policy = scenario
    quiet = lender_sequence(G, request, policy=policy)
    explained = lender_sequence(G, dataclasses.replace(request, explain=True), policy=policy)
    assert explained.lenders == quiet.lenders
    assert lender_sequences(G, [request], policy=policy)[0] == quiet
    assert all(lender.via_title_change in (None, RELATED) and
               (lender.via_title_change is None or lender.matched_on == "YEAR")
               for lender in quiet.lenders)
