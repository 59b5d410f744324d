"""Booleans and integers are strict, over HTTP on the real database: a JSON body's boolean is
``true`` or ``false`` and its integer a JSON integer (never ``0``, ``1``, ``"yes"``, ``"3"``,
``3.0``), a query string's are ``true``/``false`` and digits; anything else is 422
problem+json naming the field, and nothing is written. One field class each
(:mod:`api.schemas.rules`) holds the rule for every schema, so the OpenAPI document and the
service agree."""

from __future__ import annotations

import marshmallow as ma
import pytest

import api
from api.schemas import rules
from tests.graph_snapshot import graph_snapshot
from tests.hardening.test_hostile_values import assert_names

NOT_BOOLEANS = [0, 1, "yes", "true", "false", "", None, 1.0, []]
NOT_INTEGERS = ["3", 3.0, 3.5, True, "three", None, [3]]
LIBRARY = {"libid": "ORUPAC", "name": "Pacific University", "state": "OR"}
WHAT_IF = {"offline": {"libraries": ["ORUOHS"]}}


def _api_schemas():
    """Every schema class of the API: those the app's modules define once it is made (not by
    importing each module: api.wsgi would start a database)."""
    api.create_app({"TESTING": True, "STORE": object()})
    found, todo = set(), [ma.Schema]
    while todo:
        for cls in todo.pop().__subclasses__():
            if cls not in found:
                found.add(cls)
                todo.append(cls)
    return sorted((c for c in found if c.__module__.startswith("api.")),
                  key=lambda c: (c.__module__, c.__name__))


def _leaf_fields(field):
    yield field
    for inner in (getattr(field, "inner", None), getattr(field, "value_field", None)):
        if inner is not None:
            yield from _leaf_fields(inner)


def test_every_schema_uses_the_strict_number_and_boolean_fields():
    loose = []
    for cls in _api_schemas():
        for name, field in cls._declared_fields.items():
            for leaf in _leaf_fields(field):
                if isinstance(leaf, ma.fields.Boolean | ma.fields.Number) and not isinstance(
                        leaf, rules.Boolean | rules.Integer | rules.Float):
                    loose.append(f"{cls.__module__}.{cls.__name__}.{name}")
    assert not loose, f"use api.schemas.rules.Boolean/Integer/Float: {loose}"


@pytest.mark.parametrize("value", NOT_BOOLEANS)
def test_tta_run_lender_time_zone_takes_only_true_or_false(client, admin, loaded, value):
    answer = client.post("/v1/tta/run", json={"lender_time_zone": value}, headers=admin)
    assert_names(answer, "lender_time_zone")


@pytest.mark.parametrize("value", NOT_BOOLEANS)
def test_library_put_efts_takes_only_true_or_false(client, admin, loaded, value):
    before = graph_snapshot(loaded)
    answer = client.put("/v1/libraries/ORUPAC", json={**LIBRARY, "efts": value}, headers=admin)
    assert_names(answer, "efts")
    assert graph_snapshot(loaded) == before


def test_library_put_takes_json_booleans(client, admin, loaded):
    answer = client.put("/v1/libraries/ORUPAC", json={**LIBRARY, "efts": True}, headers=admin)
    assert answer.status_code == 200, answer.json
    assert answer.json["efts"] is True


@pytest.mark.parametrize("value", NOT_INTEGERS)
def test_what_if_backups_per_title_takes_only_a_json_integer(client, admin, loaded, value):
    answer = client.post("/v1/coverage/what-if", json={**WHAT_IF, "backups_per_title": value},
                         headers=admin)
    assert_names(answer, "backups_per_title")


def test_what_if_takes_a_json_integer(client, admin, loaded):
    answer = client.post("/v1/coverage/what-if", json={**WHAT_IF, "backups_per_title": 2},
                         headers=admin)
    assert answer.status_code == 200, answer.json


@pytest.mark.parametrize("value", ['"45.5"', "true", "NaN", "Infinity"])
def test_a_number_field_takes_a_finite_json_number(client, admin, loaded, value):
    body = f'{{"libid": "ORUPAC", "name": "P", "state": "OR", "lat": {value}}}'
    answer = client.put("/v1/libraries/ORUPAC", headers=admin, data=body,
                        content_type="application/json")
    assert_names(answer, "lat")


@pytest.mark.parametrize(("query", "status"), [
    ("holders_only=true", 200), ("holders_only=false", 200), ("holders_only=1", 422),
    ("holders_only=yes", 422), ("holders_only=True", 422)])
def test_query_string_booleans_are_true_or_false(client, loaded, query, status):
    answer = client.get(f"/v1/coverage/libraries.geojson?nlm_uid=0255562&{query}")
    assert answer.status_code == status, answer.get_data(as_text=True)[:300]
    if status == 422:
        assert_names(answer, "holders_only")


@pytest.mark.parametrize(("query", "status"), [
    ("limit=5", 200), ("limit=5.0", 422), ("limit=%205", 422), ("limit=" + "9" * 5000, 422)])
def test_query_string_integers_are_digits(client, loaded, query, status):
    answer = client.get(f"/v1/coverage/titles?q=journal&{query}")
    assert answer.status_code == status, answer.get_data(as_text=True)[:300]
    if status == 422:
        assert_names(answer, "limit")


def test_query_string_lists_of_integers(client, loaded):
    base = "/v1/routing/openurl?rft.issn=0028-4793&rft.date=2015&borrower=ORUPAC"
    assert client.get(f"{base}&cells=1&cells=2").status_code == 200
    assert_names(client.get(f"{base}&cells=1.0"), "cells.0")
