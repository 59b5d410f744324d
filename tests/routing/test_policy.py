"""Policy extensions, all off by default: Resource Library stage (R19), load-aware order,
max cost (R16 is the default)."""

from __future__ import annotations

from graphsvc.routing import DEFAULT_POLICY, RoutingPolicy, lender_sequence
from tests.routing.builders import NLM, WEB, email_or, graph, hold, ids, lib, nlm_library, request

RESOURCE = RoutingPolicy(resource_library_stage=True)


def resource_network():
    libraries = [lib("CELLAA"), lib("RESLIB", type="RESOURCE"), lib("RMLLIB", type="RML"),
                 lib("PALLIB"), lib("RESNOH", type="RESOURCE"), nlm_library()]
    holdings = [hold(x) for x in ("CELLAA", "RESLIB", "RMLLIB", "PALLIB")]
    return graph(libraries, holdings, cells={1: ("CELLAA",)})


def test_policy_defaults_are_docline_6():
    assert RoutingPolicy() == DEFAULT_POLICY
    assert not (DEFAULT_POLICY.honour_max_cost or DEFAULT_POLICY.resource_library_stage
                or DEFAULT_POLICY.load_aware)
    got = lender_sequence(resource_network(), request(all_other_libraries=True))
    assert [lender.via for lender in got.lenders] == ["CELL", "NLM"] + ["ALL_OTHER"] * 3


def test_r19_resource_libraries_holding_the_title_come_between_cells_and_nlm():
    got = lender_sequence(resource_network(), request(all_other_libraries=True), policy=RESOURCE)
    assert [lender.via for lender in got.lenders] == \
        ["CELL", "RESOURCE", "RESOURCE", "NLM", "ALL_OTHER"]
    assert set(got.libids[1:3]) == {"RESLIB", "RMLLIB"} and got.libids[3:] == (NLM, "PALLIB")


def test_r19_resource_stage_takes_primary_delivery_first_and_caps_at_20():
    primary, alternate = ids(15, "RSP"), ids(15, "RSA")
    libraries = [lib(x, type="RESOURCE") for x in primary] + \
        [lib(x, type="RESOURCE", delivery_methods=WEB) for x in alternate]
    G = graph(libraries, [hold(x) for x in primary + alternate])
    got = lender_sequence(G, request(delivery=email_or("WEB_PDF"), route_to_nlm=False),
                          policy=RESOURCE)
    assert len(got.lenders) == 20 and set(got.libids[:15]) == set(primary)


def test_load_aware_puts_the_least_loaded_first_within_a_cell():
    members = ids(6)
    load = {libid: 10 - i for i, libid in enumerate(members)}
    G = graph([lib(x) for x in members], [hold(x) for x in members], cells={1: tuple(members)})
    policy = RoutingPolicy(load=load, load_aware=True)
    got = lender_sequence(G, request(route_to_nlm=False), policy=policy)
    assert got.libids == tuple(reversed(members))
    ignored = RoutingPolicy(load=load)
    assert any(lender_sequence(G, request(seed=s, route_to_nlm=False), policy=ignored).libids
               != tuple(reversed(members)) for s in range(3))


def test_load_aware_ties_stay_random():
    members = ids(8)
    G = graph([lib(x) for x in members], [hold(x) for x in members], cells={1: tuple(members)})
    policy = RoutingPolicy(load={members[0]: 5}, load_aware=True)
    orders = {lender_sequence(G, request(seed=s, route_to_nlm=False), policy=policy).libids
              for s in range(6)}
    assert len(orders) > 1 and all(order[-1] == members[0] for order in orders)
