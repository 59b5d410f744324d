"""Tokens live only as long as they should: list (no secrets), revoke, expiry, and no token
for a library or region the network does not have. Over HTTP and the command line."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from graphsvc.cli import main
from graphsvc.errors import InvalidInput, NotFound
from graphsvc.services.auth import create_token, expiry, hash_secret, list_tokens, revoke_token

from tests.netman.conftest import bearer

UTC = dt.UTC
PATCH = {"fills_rush": True}


def write(client, secret):
    return client.patch("/v1/libraries/ORUPAC", data=json.dumps(PATCH),
                        content_type="application/merge-patch+json", headers=bearer(secret))


def test_a_revoked_token_is_refused_at_the_next_request(client, network):
    secret, _ = create_token(network, "library", libid="ORUPAC")
    assert write(client, secret).status_code == 200
    revoked = revoke_token(network, hash_secret(secret)[:12])
    assert revoked["state"] == "revoked" and revoked["revoked"]
    response = write(client, secret)
    assert response.status_code == 401 and response.mimetype == "application/problem+json"
    assert "revoked" in response.json["detail"]
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_an_expired_token_is_refused(client, network):
    then = dt.datetime.now(UTC) - dt.timedelta(days=2)
    secret, token = create_token(network, "admin", expires=then + dt.timedelta(days=1),
                                 now=then)
    assert token.expires is not None
    response = write(client, secret)
    assert response.status_code == 401 and "expired" in response.json["detail"]
    live, _ = create_token(network, "admin", expires=expiry("1"))
    assert write(client, live).status_code == 200


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"role": "library", "libid": "ORUXXX"}, "libid"),
    ({"role": "coordinator", "region": "9"}, "region"),
])
def test_no_token_for_an_unknown_library_or_region(network, kwargs, field, graph_unchanged):
    with graph_unchanged(), pytest.raises(NotFound) as caught:
        create_token(network, **kwargs)
    assert caught.value.problems[0]["field"] == field


@pytest.mark.parametrize("text", ["0", "99999", "2020-01-01", "soon", "2027-02-30",
                                  "\u00b2", "\u0661\u0662"])
def test_bad_expiries_are_refused(network, text):
    with pytest.raises(InvalidInput) as caught:
        create_token(network, "admin", expires=expiry(text))
    assert caught.value.problems[0]["field"] == "expires"


def test_listing_shows_scope_and_dates_never_secrets(network):
    secret, _ = create_token(network, "coordinator", region="5", expires=expiry("2099-12-31"))
    create_token(network, "library", libid="ORUOHS")
    listed = sorted(list_tokens(network), key=lambda t: t["role"])
    assert [(t["role"], t["region"], t["libid"], t["state"]) for t in listed] == [
        ("coordinator", "5", None, "active"), ("library", None, "ORUOHS", "active")]
    assert listed[0]["expires"] == "2100-01-01T00:00:00+00:00"
    assert listed[0]["id"] == hash_secret(secret)[:12]
    assert secret not in str(listed) and hash_secret(secret) not in str(listed)


def test_revoking_an_unknown_or_too_short_id(network):
    create_token(network, "admin")
    with pytest.raises(NotFound):
        revoke_token(network, "0123456789ab")
    with pytest.raises(InvalidInput):
        revoke_token(network, "abc")


def test_cli_token_create_list_revoke(client, network, cli_env, capsys):
    assert main(["token", "create", "--role", "library", "--libid", "ORUPAC",
                 "--expires", "30"]) == 0
    secret = capsys.readouterr().out.strip()
    assert write(client, secret).status_code == 200
    assert main(["token", "list"]) == 0
    table = capsys.readouterr().out
    token_id = hash_secret(secret)[:12]
    assert token_id in table and "ORUPAC" in table and "active" in table
    assert secret not in table and hash_secret(secret) not in table
    assert main(["token", "revoke", token_id]) == 0
    capsys.readouterr()
    assert write(client, secret).status_code == 401
    assert main(["token", "list", "--json"]) == 0
    (listed,) = json.loads(capsys.readouterr().out)
    assert listed["state"] == "revoked"
    assert main(["token", "create", "--role", "library", "--libid", "ORUXXX"]) == 2
    assert "ORUXXX" in capsys.readouterr().err
    assert main(["token", "create", "--role", "admin", "--expires", "yesterday"]) == 2
