"""Parsing a request leaves (almost) no cyclic garbage: one schema instance per class
(api/blueprint.py), not one made by webargs for every request."""

from __future__ import annotations

import gc

from api.blueprint import Blueprint, schema_instance
from api.schemas.coverage import SummaryQuerySchema
from tests.requests_api.conftest import network

ASKS = 20


def garbage_per_request(client, method: str, url: str, **kwargs) -> float:
    """Objects the cyclic collector frees per request (the first request warms up)."""
    assert getattr(client, method)(url, **kwargs).status_code < 500
    gc.collect()
    gc.disable()
    try:
        for _ in range(ASKS):
            getattr(client, method)(url, **kwargs)
        return gc.collect() / ASKS
    finally:
        gc.enable()


def test_the_parser_loads_with_one_instance_per_schema_class():
    parser = Blueprint.ARGUMENTS_PARSER
    first = parser._get_schema(SummaryQuerySchema, None)
    assert isinstance(first, SummaryQuerySchema)
    assert parser._get_schema(SummaryQuerySchema, None) is first is \
        schema_instance(SummaryQuerySchema)


def test_a_request_leaves_little_cyclic_garbage(client, store):
    """A serial search (its query parsed by SerialSearchQuerySchema, answered from memory)
    left 33 objects of cyclic garbage a request with a schema made per request; werkzeug's
    own request objects are about 14."""
    store.import_network(network())
    assert garbage_per_request(client, "get", "/v1/serials?q=engl") < 20
