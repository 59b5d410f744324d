"""Holdings subcoordinators (the NN/LM plan: RMLs "assign and modify user account rights for
serial holdings subcoordinators"; "sub-coordinators who are willing to maintain holdings for
a library that is unable to update its own holdings").

A ``subcoordinator`` token (made with a region) may write the holdings -- and only the
holdings -- of the libraries its region's coordinator assigned to it. Assignments are listed,
replaced and revoked by that coordinator (or an admin). Every holdings write records who made
it (:mod:`graphsvc.audit`), listed by :func:`holdings_writes`.
"""

from __future__ import annotations

import datetime as dt

from graphsvc.errors import InvalidInput, NotFound
from graphsvc.services.auth import (TOKEN_ID_LENGTH, Token, region_of_state, require_role,
                                    require_write)
from graphsvc.services.network import checked_libid
from graphsvc.store.contract import Store

MANAGERS = ("admin", "coordinator")


def _view(row: dict) -> dict:
    return {"id": row["hash"][:TOKEN_ID_LENGTH], "region": row["region"],
            "created": row["created"], "libraries": sorted(row["libraries"])}


def _subcoordinator(store: Store, token_id: str) -> dict:
    token_id = (token_id or "").strip().lower()
    if len(token_id) < 8:
        msg = f"{token_id!r} is not a token id (at least 8 of its characters)"
        raise InvalidInput(msg, problems=[{"field": "id", "message": msg}])
    found = store.subcoordinators(token_id=token_id)
    if len(found) != 1:
        msg = f"no subcoordinator token {token_id}" if not found else \
            f"{token_id} names {len(found)} tokens; give more of the id"
        error = NotFound if not found else InvalidInput
        raise error(msg, problems=[{"field": "id", "message": msg}])
    return found[0]


def _manager(manager: Token | None, region: str) -> None:
    if manager is None:
        return
    require_role(manager, MANAGERS, "assign subcoordinators")
    require_write(manager, f"region {region}", region)


def list_subcoordinators(store: Store, manager: Token | None, *, region: str | None = None) -> list:
    """Subcoordinator tokens with their libraries: a coordinator sees its region's."""
    if manager is not None:
        require_role(manager, MANAGERS, "list subcoordinators")
        if manager.role == "coordinator":
            region = manager.region
    return [_view(r) for r in store.subcoordinators(region=region)]


def _checked_libraries(store: Store, libids: list[str], region: str) -> list[str]:
    libids = sorted({checked_libid(lib, "libraries") for lib in libids})
    problems = []
    for libid in libids:
        found = store.library(libid)
        if found is None:
            problems.append({"field": "libraries", "message": f"no library {libid}"})
        elif region_of_state(store, found["library"].state) != region:
            problems.append({"field": "libraries",
                             "message": f"{libid} is not in the token's region {region}"})
    if problems:
        raise InvalidInput("; ".join(p["message"] for p in problems), problems=problems)
    return libids


def assign(store: Store, manager: Token | None, token_id: str, libids: list[str], *,
           replace: bool = True) -> dict:
    """Give subcoordinator ``token_id`` these libraries (instead of its old ones when
    ``replace``); every library must be in the token's region, managed by ``manager``."""
    sub = _subcoordinator(store, token_id)
    _manager(manager, sub["region"])
    libids = _checked_libraries(store, libids, sub["region"])
    by = manager.id or manager.role if manager else "local"
    store.assign_libraries(sub["hash"], libids, by=by, replace=replace,
                           at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))
    return _view(_subcoordinator(store, token_id))


def revoke(store: Store, manager: Token | None, token_id: str, libid: str) -> dict:
    """Take one library from a subcoordinator (:class:`NotFound` if it was not assigned)."""
    sub = _subcoordinator(store, token_id)
    _manager(manager, sub["region"])
    if not store.unassign_library(sub["hash"], checked_libid(libid)):
        msg = f"{libid} is not assigned to {token_id}"
        raise NotFound(msg, problems=[{"field": "libid", "message": msg}])
    return _view(_subcoordinator(store, token_id))


def holdings_writes(store: Store, libid: str, *, limit: int = 100) -> list[dict]:
    """Who wrote a library's holdings, newest first: ``at``, ``role``, ``token_id`` (none
    for local writes), ``deleted`` and ``written`` holdings."""
    libid = checked_libid(libid)
    if store.library(libid) is None:
        msg = f"no library {libid}"
        raise NotFound(msg, problems=[{"field": "libid", "message": msg}])
    return [{"token_id": None, **w} for w in store.holdings_writes(libid, limit=limit)]
