"""Who may write what: API tokens and their scopes.

A token is a ``secrets.token_urlsafe(32)`` secret shown once; the store keeps only its sha256.
Roles: ``admin`` writes everything; ``coordinator`` (with a region) writes the libraries of
its region (the region of the library's state); ``library`` (with a LIBID) writes only that
library; ``subcoordinator`` (with a region) writes only the holdings of the libraries the
region's coordinator assigned to it (:mod:`graphsvc.services.subcoordinators`). Reads need
no token. Network bundles (``POST /v1/imports``) are admin only: a bundle can change regions,
groups and serials, which no coordinator or library owns.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from dataclasses import dataclass, field

from graphsvc.errors import Forbidden, InvalidInput, Unauthorized
from graphsvc.services.network import checked_libid, checked_region
from graphsvc.store.contract import Store

ROLES = ("admin", "coordinator", "library", "subcoordinator")
REGIONAL = ("coordinator", "subcoordinator")
TOKEN_ID_LENGTH = 12
_REGION = re.compile(r"^\d{1,2}$")


@dataclass(frozen=True)
class Token:
    """A token's scope: ``region`` for (sub)coordinators, ``libid`` for libraries; ``id`` is
    the first 12 hex digits of its hash (never the secret)."""

    role: str
    region: str | None = None
    libid: str | None = None
    created: str | None = None
    id: str | None = field(default=None, compare=False)  # derived from the hash, not scope


def hash_secret(secret: str) -> str:
    """The hex sha256 of a token's secret, the only form the store keeps.

    >>> hash_secret("abc")[:16]
    'ba7816bf8f01cfea'
    """
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def may_write(token: Token, libid: str, region: str | None) -> bool:
    """Whether ``token`` may change library ``libid``, whose state is in ``region``.

    >>> may_write(Token("library", libid="ORUPAC"), "ORUPAC", "5")
    True
    >>> may_write(Token("coordinator", region="5"), "MAUTUF", "7")
    False
    >>> may_write(Token("admin"), "MAUTUF", None)
    True
    """
    if token.role == "admin":
        return True
    if token.role == "coordinator":
        return region is not None and token.region == region
    return token.role == "library" and token.libid == libid


def require_write(token: Token, libid: str, region: str | None) -> None:
    """:func:`may_write` or :class:`Forbidden` naming the scope that is missing."""
    if not may_write(token, libid, region):
        scope = token.libid if token.role == "library" else f"region {token.region}"
        msg = f"a {token.role} token for {scope} may not change {libid}"
        raise Forbidden(msg, problems=[{"field": "libid", "message": msg}])


def require_admin(token: Token, what: str = "this") -> None:
    if token.role != "admin":
        msg = f"only an admin token may change {what}"
        raise Forbidden(msg, problems=[{"field": "authorization", "message": msg}])


def require_role(token: Token, roles: tuple[str, ...], what: str) -> None:
    """:class:`Forbidden` unless the token's role is one of ``roles``."""
    if token.role not in roles:
        msg = f"only {' or '.join(roles)} tokens may {what}"
        raise Forbidden(msg, problems=[{"field": "authorization", "message": msg}])


def checked_scope(role: str, *, region: str | None = None, libid: str | None = None) -> Token:
    """The token scope a role needs: a region for coordinators, a LIBID for libraries."""
    problems = []
    if role not in ROLES:
        problems.append({"field": "role", "message": f"{role!r} is not one of {', '.join(ROLES)}"})
    if role in REGIONAL and not (region and _REGION.match(region)):
        problems.append({"field": "region", "message": f"a {role} token needs --region"})
    if role == "library":
        if not libid:
            problems.append({"field": "libid", "message": "a library token needs --libid"})
        else:
            libid = checked_libid(libid.upper())
    if problems:
        msg = "; ".join(p["message"] for p in problems)
        raise InvalidInput(msg, problems=problems)
    return Token(role, region if role in REGIONAL else None,
                 libid if role == "library" else None)


def create_token(store: Store, role: str, *, region: str | None = None, libid: str | None = None,
                 now: dt.datetime | None = None) -> tuple[str, Token]:
    """Store a new token and return ``(secret, token)``; the secret is not kept anywhere."""
    scope = checked_scope(role, region=region, libid=libid)
    checked_region(store, scope.region)
    created = (now or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds")
    secret = secrets.token_urlsafe(32)
    store.save_token(hash_secret(secret), role=scope.role, region=scope.region,
                     libid=scope.libid, created=created)
    return secret, Token(scope.role, scope.region, scope.libid, created,
                         hash_secret(secret)[:TOKEN_ID_LENGTH])


def authenticate(store: Store, secret: str | None) -> Token:
    """The token a secret belongs to, or :class:`Unauthorized`."""
    record = store.token_by_hash(hash_secret(secret)) if secret else None
    if record is None:
        msg = "a valid bearer token is required to write" if secret is None else \
            "the bearer token is not valid"
        raise Unauthorized(msg, problems=[{"field": "authorization", "message": msg}])
    return Token(record["role"], record.get("region"), record.get("libid"),
                 record.get("created"), record["hash"][:TOKEN_ID_LENGTH])


def region_of_state(store: Store, state: str | None) -> str | None:
    """The code of the region whose states include ``state``."""
    return next((r.code for r in store.regions() if state and state in r.states), None)


def authorize_library_write(store: Store, token: Token, libid: str, *,
                            new_state: str | None = None, holdings: bool = False) -> None:
    """Forbidden unless ``token`` may write ``libid`` as stored (and in ``new_state``, if the
    write moves or creates the library there). ``holdings``: the write changes only the
    library's holdings, which a subcoordinator assigned to the library may do."""
    if token.role == "admin":
        return
    if token.role == "subcoordinator":
        from graphsvc.services.subcoordinators import require_assigned

        require_assigned(store, token, libid, holdings=holdings)
        return
    found = store.library(libid)
    states = {found["library"].state} if found else set()
    if new_state:
        states.add(new_state)
    regions = {region_of_state(store, state) for state in states} or {None}
    for region in sorted(regions, key=str):
        require_write(token, libid, region)
