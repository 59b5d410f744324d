"""Tokens: who may write what (a pure rule), hashed storage, and `graphsvc token create`."""

from __future__ import annotations

import hashlib

import pytest

from graphsvc.cli import main
from graphsvc.errors import Forbidden, InvalidInput, NotFound, Unauthorized
from graphsvc.services.auth import (Token, authenticate, checked_scope, create_token,
                                    may_write, require_write)

ADMIN = Token("admin")
LIBRARY = Token("library", libid="ORUPAC")
COORDINATOR = Token("coordinator", region="5")


@pytest.mark.parametrize(("token", "libid", "region", "allowed"), [
    (ADMIN, "ORUPAC", "5", True), (ADMIN, "MAUTUF", None, True),
    (LIBRARY, "ORUPAC", "5", True), (LIBRARY, "ORUOHS", "5", False),
    (COORDINATOR, "ORUOHS", "5", True), (COORDINATOR, "MAUTUF", "7", False),
    (COORDINATOR, "XXUABC", None, False), (Token("reader"), "ORUPAC", "5", False),
])
def test_who_may_write_what(token, libid, region, allowed):
    assert may_write(token, libid, region) is allowed
    if not allowed:
        with pytest.raises(Forbidden):
            require_write(token, libid, region)


@pytest.mark.parametrize(("role", "kwargs", "field"), [
    ("coordinator", {}, "region"), ("library", {}, "libid"),
    ("library", {"libid": "bad"}, "libid"), ("root", {}, "role"),
])
def test_a_role_needs_its_scope(role, kwargs, field):
    with pytest.raises(InvalidInput) as caught:
        checked_scope(role, **kwargs)
    assert caught.value.problems[0]["field"] == field


def test_scope_keeps_only_what_the_role_uses():
    assert checked_scope("admin", region="5", libid="ORUPAC") == Token("admin")
    assert checked_scope("library", libid="orupac") == Token("library", libid="ORUPAC")


def test_tokens_are_stored_only_as_their_hash(network):
    secret, token = create_token(network, "coordinator", region="5")
    rows = network.driver.execute_query("MATCH (t:Token) RETURN properties(t) AS p",
                                        database_=network.database).records
    (props,) = [r["p"] for r in rows]
    assert props["hash"] == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(props) and len(secret) >= 43
    assert authenticate(network, secret) == token


def test_bad_or_missing_tokens_are_unauthorized(network):
    create_token(network, "admin")
    for secret in (None, "", "made-up"):
        with pytest.raises(Unauthorized):
            authenticate(network, secret)


def test_a_coordinator_region_must_exist(network):
    with pytest.raises(NotFound):
        create_token(network, "coordinator", region="9")


def test_cli_token_create_prints_a_working_token(network, cli_env, capsys):
    assert main(["token", "create", "--role", "library", "--libid", "ORUPAC"]) == 0
    secret = capsys.readouterr().out.strip()
    assert authenticate(network, secret) == Token("library", libid="ORUPAC",
                                                  created=authenticate(network, secret).created)
    assert main(["token", "create", "--role", "coordinator"]) == 2
    assert "region" in capsys.readouterr().err
