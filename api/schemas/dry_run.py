"""Schemas of the routing-table dry run."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import fields, validate

from api.schemas.network import Strict
from api.schemas.routing_tables import RoutingTableSchema
from api.schemas.rules import Float, Integer
from graphsvc.services.dry_run import MAX_DAYS


class DryRunBodySchema(RoutingTableSchema):
    """A proposed table (as for the PUT) and how many days of requests to replay."""

    days = Integer(load_default=365, validate=validate.Range(1, MAX_DAYS), metadata={
        "description": "replay the borrower's requests of the last `days` days"})

    @ma.pre_load
    def _lists_left_out_are_empty(self, data, **kwargs):
        """A proposal may leave out a list the PUT requires: nothing is stored, so it is
        simply empty in the proposal."""
        if isinstance(data, dict):
            return {"cells": {}, "do_not_route": [], "manual_map": [], **data}
        return data


class TableOutcomeSchema(Strict):
    average_lenders = Float(metadata={"description": "lenders per request"})
    first_in_cells_1_3 = Float(metadata={
        "description": "share of requests whose first lender comes from cells 1-3"})
    beyond_routing_map = Integer(metadata={
        "description": "requests no lender would get (Beyond Routing Map)"})
    expected_first_fill = Float(allow_none=True, metadata={
        "description": "the first lenders' fill rates averaged over the requests: each "
                       "lender's own with at least `min_history` receipts, else the network's"})


class LoadChangeSchema(Strict):
    libid = fields.String()
    current = Integer(metadata={"description": "requests it gets first today"})
    proposed = Integer(metadata={"description": "requests it would get first"})
    change = Integer()


class DryRunSchema(Strict):
    libid = fields.String()
    days = Integer()
    from_ = fields.String(data_key="from", metadata={"description": "replayed from (ISO)"})
    requests = Integer(metadata={"description": "requests replayed"})
    min_history = Integer()
    network_fill_rate = Float(allow_none=True)
    current = fields.Nested(TableOutcomeSchema)
    proposed = fields.Nested(TableOutcomeSchema)
    load = fields.List(fields.Nested(LoadChangeSchema), metadata={
        "description": "lenders whose first-lender requests would change, biggest first"})
