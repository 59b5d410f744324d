"""The GET of a library's holdings writes its JSON directly (``holdings_body``): exactly what
``HoldingSchema`` would dump, key for key and in the same order."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

from api.schemas.holdings import HoldingSchema, holdings_body
from graphsvc.io.bundle import load_bundle
from graphsvc.model import Holding, Range
from graphsvc.services.holdings import holding_fields

DEMO = Path(__file__).parents[2] / "seeds" / "demo.json"


def _listed(holdings) -> list[dict]:
    """As :func:`graphsvc.services.get_holdings` lists them."""
    return [{**holding_fields(h), "title": f"Title of {h.nlm_uid}", "issns": ["0028-4793"]}
            for h in holdings]


def _same_as_the_schema(items: list[dict]) -> None:
    expected = HoldingSchema(many=True).dump(items)
    assert json.dumps(holdings_body(items)) == json.dumps(expected)


def test_the_demo_networks_holdings_dump_as_the_schema_does():
    holdings = load_bundle(json.loads(DEMO.read_text())).holdings
    assert len(holdings) > 1000
    _same_as_the_schema(_listed(holdings))


def test_every_field_set_and_unset():
    full = Holding("ORUPAC", "0255562", "ELECTRONIC",
                   (Range("1", "9", 1990, 1999), Range(None, None, 2000, None)),
                   currently_received=True, embargo_months=6, last_modified=dt.date(2024, 2, 29),
                   retention_policy="Limited Period Only", limited_retention_period=5,
                   limited_retention_type="Months", has_epub_ahead_of_print=True,
                   has_supplements=True, ignore_warnings=True, embargo_years=2,
                   issns_as_written="0028-4793")
    bare = Holding("ORUPAC", "0000001")
    items = _listed([full, bare, dataclasses.replace(full, ranges=())])
    _same_as_the_schema(items)
    assert "issns_as_written" not in holdings_body(items)[0]  # not part of the answer
