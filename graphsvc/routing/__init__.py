"""Routing: the DOCLINE lender sequence as pure functions of the network graph.

>>> from graphsvc.routing import DEFAULT_POLICY
>>> DEFAULT_POLICY.honour_max_cost, DEFAULT_POLICY.all_other_cap
(False, 20)
"""

from graphsvc.routing.eligibility import (
    RoutingContext, Verdict, exceeds_max_cost, is_active, is_closed, is_efts, is_lender,
    is_out_of_office, local_date, offers_delivery, offers_service_level, routing_context,
    skip_reason, verdict,
)
from graphsvc.routing.matching import match_holdings
from graphsvc.routing.policy import DEFAULT_POLICY, RoutingPolicy
from graphsvc.routing.sequence import check_borrower, lender_sequence
from graphsvc.routing.graph_caches import nlm_libid, warm_routing
from graphsvc.routing.title import normalise_issn, related_titles, resolve_title, title_holdings

__all__ = [
    "DEFAULT_POLICY", "RoutingContext", "RoutingPolicy", "Verdict", "check_borrower",
    "exceeds_max_cost", "is_active", "is_closed", "is_efts", "is_lender", "is_out_of_office",
    "lender_sequence", "local_date", "match_holdings", "nlm_libid", "normalise_issn",
    "offers_delivery", "offers_service_level", "related_titles", "resolve_title",
    "routing_context", "skip_reason", "title_holdings", "verdict", "warm_routing",
]
