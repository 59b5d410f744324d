"""Who may write what: API tokens and their scopes.

A token is a ``secrets.token_urlsafe(32)`` secret shown once; the store keeps only its sha256.
Roles: ``admin`` writes everything; ``coordinator`` (with a region) writes the libraries of
its region (the region of the library's state); ``library`` (with a LIBID) writes only that
library; ``subcoordinator`` (with a region) writes only the holdings of the libraries the
region's coordinator assigned to it (:mod:`graphsvc.services.subcoordinators`). Reads need
no token. Network bundles (``POST /v1/imports``) are admin only: a bundle can change regions,
groups and serials, which no coordinator or library owns.

A token is made only for a stored library or region, may carry an expiry, and is listed (by
its id, the first 12 hex digits of its hash: never its secret) and revoked with
``graphsvc token list|revoke``. Every write reads the token from the store, so a revoked or
expired token is refused (401) from the next request on.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass, field

from graphsvc.errors import Forbidden, InvalidInput, NotFound, Unauthorized
from graphsvc.fields import REGION_CODE, is_whole_number
from graphsvc.services.network import checked_libid, checked_region
from graphsvc.store.contract import Store

ROLES = ("admin", "coordinator", "library", "subcoordinator")
REGIONAL = ("coordinator", "subcoordinator")
TOKEN_ID_LENGTH = 12
MAX_DAYS = 3650


@dataclass(frozen=True)
class Token:
    """A token's scope: ``region`` for (sub)coordinators, ``libid`` for libraries; ``id`` is
    the first 12 hex digits of its hash (never the secret)."""

    role: str
    region: str | None = None
    libid: str | None = None
    created: str | None = None
    id: str | None = field(default=None, compare=False)  # derived from the hash, not scope
    expires: str | None = None


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
    if role in REGIONAL and not (region and REGION_CODE.match(region)):
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
                 expires: dt.datetime | None = None,
                 now: dt.datetime | None = None) -> tuple[str, Token]:
    """Store a new token and return ``(secret, token)``; the secret is not kept anywhere.

    Raises
    ------
    InvalidInput
        A role without its scope, or an expiry that is not in the future.
    NotFound
        A region or LIBID the network does not have.
    """
    scope = checked_scope(role, region=region, libid=libid)
    _check_scope_exists(store, scope)
    now = now or _now()
    if expires is not None and expires <= now:
        msg = f"the expiry {expires.isoformat(timespec='seconds')} is not in the future"
        raise InvalidInput(msg, problems=[{"field": "expires", "message": msg}])
    created = now.isoformat(timespec="seconds")
    until = expires.isoformat(timespec="seconds") if expires else None
    secret = secrets.token_urlsafe(32)
    store.save_token(hash_secret(secret), role=scope.role, region=scope.region,
                     libid=scope.libid, created=created, expires=until)
    return secret, Token(scope.role, scope.region, scope.libid, created,
                         hash_secret(secret)[:TOKEN_ID_LENGTH], until)


def _check_scope_exists(store: Store, scope: Token) -> None:
    checked_region(store, scope.region)
    if scope.libid is not None and store.library(scope.libid) is None:
        msg = f"no library {scope.libid}: a token is made only for a library of the network"
        raise NotFound(msg, problems=[{"field": "libid", "message": msg}])


def expiry(text: str, *, now: dt.datetime | None = None) -> dt.datetime:
    """The instant a token given ``--expires TEXT`` expires: ``DAYS`` from now, or the end of
    ``DATE`` (``YYYY-MM-DD``, UTC).

    >>> now = dt.datetime(2026, 12, 1, 12, tzinfo=dt.UTC)
    >>> expiry("30", now=now).isoformat()
    '2026-12-31T12:00:00+00:00'
    >>> expiry("2027-01-31", now=now).isoformat()
    '2027-02-01T00:00:00+00:00'
    """
    now = now or _now()
    text = text.strip()
    if is_whole_number(text):
        days = int(text)
        if not 1 <= days <= MAX_DAYS:
            msg = f"{days} days: give 1 to {MAX_DAYS}"
            raise InvalidInput(msg, problems=[{"field": "expires", "message": msg}])
        return now + dt.timedelta(days=days)
    try:
        day = dt.date.fromisoformat(text)
    except ValueError as exc:
        msg = f"{text!r} is neither a number of days nor a date (YYYY-MM-DD)"
        raise InvalidInput(msg, problems=[{"field": "expires", "message": msg}]) from exc
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)


def authenticate(store: Store, secret: str | None, *, now: dt.datetime | None = None) -> Token:
    """The token a secret belongs to, or :class:`Unauthorized` (unknown, revoked, expired)."""
    record = store.token_by_hash(hash_secret(secret)) if secret else None
    problem = _refusal(record, now or _now())
    if problem:
        msg = "a valid bearer token is required to write" if secret is None else problem
        raise Unauthorized(msg, problems=[{"field": "authorization", "message": msg}])
    return Token(record["role"], record.get("region"), record.get("libid"),
                 record.get("created"), record["hash"][:TOKEN_ID_LENGTH], record.get("expires"))


def _refusal(record: dict | None, now: dt.datetime) -> str | None:
    if record is None:
        return "the bearer token is not valid"
    return {"active": None, "revoked": "the bearer token was revoked",
            "expired": "the bearer token has expired"}[_state(record, now)]


def _state(record: dict, now: dt.datetime) -> str:
    if record.get("revoked"):
        return "revoked"
    if record.get("expires") and dt.datetime.fromisoformat(record["expires"]) <= now:
        return "expired"
    return "active"


def list_tokens(store: Store, *, now: dt.datetime | None = None) -> list[dict]:
    """Every token without its secret or hash: id, role, region, libid, created, expires,
    revoked and its state (``active``, ``expired`` or ``revoked``)."""
    now = now or _now()
    return [{"id": r["hash"][:TOKEN_ID_LENGTH], "role": r["role"], "region": r.get("region"),
             "libid": r.get("libid"), "created": r.get("created"),
             "expires": r.get("expires"), "revoked": r.get("revoked"),
             "state": _state(r, now)} for r in store.all_tokens()]


def revoke_token(store: Store, token_id: str, *, now: dt.datetime | None = None) -> dict:
    """Revoke the token whose id (or a longer prefix of its hash) is ``token_id``.

    Raises
    ------
    NotFound
        No token has that id.
    InvalidInput
        The id is shorter than 8 characters, or names more than one token.
    """
    token_id = token_id.strip().lower()
    if len(token_id) < 8:
        msg = f"{token_id!r} is not a token id (at least 8 of its characters)"
        raise InvalidInput(msg, problems=[{"field": "id", "message": msg}])
    found = [r for r in store.all_tokens() if r["hash"].startswith(token_id)]
    if not found:
        msg = f"no token {token_id}"
        raise NotFound(msg, problems=[{"field": "id", "message": msg}])
    if len(found) > 1:
        msg = f"{token_id} names {len(found)} tokens; give more of the id"
        raise InvalidInput(msg, problems=[{"field": "id", "message": msg}])
    store.revoke_token(found[0]["hash"], at=(now or _now()).isoformat(timespec="seconds"))
    token_id = found[0]["hash"][:TOKEN_ID_LENGTH]
    return next(t for t in list_tokens(store, now=now) if t["id"] == token_id)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def region_of_state(store: Store, state: str | None) -> str | None:
    """The code of the region whose states include ``state``."""
    return next((r.code for r in store.regions() if state and state in r.states), None)


def require_assigned(store: Store, token: Token, libid: str, *, holdings: bool) -> None:
    """:class:`Forbidden` unless the subcoordinator ``token`` writes holdings of an assigned
    library."""
    if not holdings:
        msg = "a subcoordinator token may change only holdings"
        raise Forbidden(msg, problems=[{"field": "authorization", "message": msg}])
    found = store.subcoordinators(token_id=token.id)
    if not found or libid not in found[0]["libraries"]:
        msg = f"{libid} is not assigned to this subcoordinator token"
        raise Forbidden(msg, problems=[{"field": "libid", "message": msg}])


def authorize_library_write(store: Store, token: Token, libid: str, *,
                            new_state: str | None = None, holdings: bool = False) -> None:
    """Forbidden unless ``token`` may write ``libid`` as stored (and in ``new_state``, if the
    write moves or creates the library there). ``holdings``: the write changes only the
    library's holdings, which a subcoordinator assigned to the library may do."""
    if token.role == "admin":
        return
    if token.role == "subcoordinator":
        require_assigned(store, token, libid, holdings=holdings)
        return
    found = store.library(libid)
    states = {found["library"].state} if found else set()
    if new_state:
        states.add(new_state)
    regions = {region_of_state(store, state) for state in states} or {None}
    for region in sorted(regions, key=str):
        require_write(token, libid, region)
