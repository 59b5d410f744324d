"""A library's routing table (cells 1-9, Do Not Route), its manual map, and lint."""

from __future__ import annotations

import dataclasses

from api.blueprint import Blueprint

from api.auth import require_writer, writer_responses
from api.extensions import get_store
from api.spec import rule_examples
from api.schemas.routing_tables import (LintQuerySchema, LintSchema, ManualMapSchema,
                                        RoutingTableSchema)
from graphsvc import services
from graphsvc.errors import InvalidInput
from graphsvc.model import RoutingTable

blp = Blueprint("routing_tables", __name__, url_prefix="/v1/libraries",
                description="Routing tables and manual maps of libraries")


def _out(table: RoutingTable) -> dict:
    return {"libid": table.libid, "cells": {str(c): list(e) for c, e in table.cells.items()},
            "do_not_route": list(table.do_not_route), "manual_map": list(table.manual_map)}


def _same_libid(data: dict, libid: str) -> str:
    libid = services.checked_libid(libid)
    if data.get("libid", libid) != libid:
        msg = f"the body's libid {data['libid']!r} differs from the path's {libid!r}"
        raise InvalidInput(msg, problems=[{"field": "libid", "message": msg}])
    return libid


def table_from_body(data: dict, libid: str) -> RoutingTable:
    """The table a routing-table body states for the path's library."""
    return RoutingTable(_same_libid(data, libid),
                        {int(c): tuple(e) for c, e in sorted(data["cells"].items())},
                        tuple(data["do_not_route"]), tuple(data["manual_map"]))


@blp.route("/<string:libid>/routing-table")
@blp.response(200, RoutingTableSchema)
@blp.alt_response(404, description="Unknown LIBID (problem+json)")
def get_routing_table(libid):
    """A library's routing table, Do Not Route list and manual map."""
    return _out(services.get_routing_table(get_store(), services.checked_libid(libid)))


@blp.route("/<string:libid>/routing-table", methods=["PUT"])
@writer_responses(blp)
@require_writer(libid_from="libid")
@blp.arguments(RoutingTableSchema)
@blp.response(200, RoutingTableSchema)
@blp.alt_response(404, description="Unknown LIBID (problem+json)")
@blp.alt_response(422, description="Bad or unknown entries, each field named (problem+json)")
def put_routing_table(data, libid):
    """Replace a library's routing table, Do Not Route list and manual map."""
    return _out(services.put_routing_table(get_store(), table_from_body(data, libid)))


@blp.route("/<string:libid>/routing-table/lint")
@blp.arguments(LintQuerySchema, location="query", as_kwargs=True)
@blp.response(200, LintSchema)
@blp.alt_response(404, description="Unknown LIBID (problem+json)")
def lint_routing_table(libid, at=None):
    """Entries that will not lend, groups sharing cells, empty cells, weak cells."""
    found = services.lint_routing_table(get_store(), services.checked_libid(libid), at=at)
    return {**found, "findings": [dataclasses.asdict(f) for f in found["findings"]]}


@blp.route("/<string:libid>/manual-map")
@blp.response(200, ManualMapSchema)
@blp.alt_response(404, description="Unknown LIBID (problem+json)")
def get_manual_map(libid):
    """A library's manual (M/A/N) map: up to nine LIBIDs."""
    table = services.get_routing_table(get_store(), services.checked_libid(libid))
    return {"libid": table.libid, "manual_map": list(table.manual_map)}


@blp.route("/<string:libid>/manual-map", methods=["PUT"])
@writer_responses(blp)
@require_writer(libid_from="libid")
@blp.arguments(ManualMapSchema)
@blp.response(200, ManualMapSchema)
@blp.alt_response(404, description="Unknown LIBID (problem+json)")
@blp.doc(**rule_examples(
    "Bad or unknown LIBIDs, each field named (problem+json)", "/v1/libraries/NCUSRC/manual-map",
    ("A LIBID the network does not have", "the routing table of NCUSRC has 1 problem(s): "
     "manual_map[0]: unknown library NCUQQQ", [("manual_map[0]", "unknown library NCUQQQ")])))
def put_manual_map(data, libid):
    """Replace a library's manual map, keeping its routing table.

    Each entry is a LIBID of a library the network has: the document gives the LIBID's
    pattern, but which libraries exist is the stored network's, which OpenAPI cannot state
    (an unknown one is 422 naming `manual_map[i]`).
    """
    table = services.put_manual_map(get_store(), _same_libid(data, libid),
                                    tuple(data["manual_map"]))
    return {"libid": table.libid, "manual_map": list(table.manual_map)}
