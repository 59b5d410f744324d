"""The store contract (graphsvc/store/contract.py) holds on both sides: the store implements
every member with the same parameters, and the services call nothing else on a store."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest

from graphsvc.store.contract import Store
from graphsvc.store.neo4j import Neo4jStore

SERVICES = Path(__file__).resolve().parents[2] / "graphsvc" / "services"
MEMBERS = sorted(name for name in dir(Store) if not name.startswith("_")
                 and callable(getattr(Store, name)))


def parameters(function) -> list[tuple[str, object]]:
    return [(p.name, p.kind) for p in inspect.signature(function).parameters.values()]


@pytest.mark.parametrize("name", MEMBERS)
def test_the_store_implements_every_member_with_the_same_parameters(name):
    assert parameters(getattr(Neo4jStore, name)) == parameters(getattr(Store, name))


def store_uses(tree: ast.AST):
    """``(attribute, line)`` of every ``store.<attribute>``, and every getattr/hasattr on
    ``store``, in a module."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) \
                and node.value.id == "store":
            yield node.attr, node.lineno
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                and node.func.id in ("getattr", "hasattr") and node.args \
                and isinstance(node.args[0], ast.Name) and node.args[0].id == "store":
            yield f"{node.func.id}(store, ...)", node.lineno


def test_services_call_only_what_the_contract_declares():
    undeclared = [f"{path.name}:{line} store.{name}"
                  for path in sorted(SERVICES.glob("*.py"))
                  for name, line in store_uses(ast.parse(path.read_text()))
                  if name not in MEMBERS]
    assert undeclared == [], "declare it in graphsvc/store/contract.py, or do not call it"
