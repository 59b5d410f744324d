"""Which role may change which field of a library record: the one table of the rule.

A library token may change its own operational fields (name, contact details, delivery
methods, rush/urgent, EFTS, out-of-office, fees, subjects, patrons served). What places the
library in the network (``type``, ``participation``, its location and so its region, group
membership) needs a coordinator of its region or an admin. A field missing from the table
needs a coordinator: a new field is closed until it is listed here. ``PUT`` and ``PATCH
/v1/libraries/{libid}`` and the out-of-office endpoints all go through
:func:`require_library_change`; bundle imports are admin-only (see :mod:`services.auth`).
"""

from __future__ import annotations

import dataclasses

from graphsvc.errors import Forbidden
from graphsvc.model import CONTACT_FIELDS, Library
from graphsvc.services.auth import Token, authorize_library_write
from graphsvc.store.contract import Store

LIBRARY = "library"          # the library itself, a coordinator of its region, an admin
COORDINATOR = "coordinator"  # a coordinator of its region (and of the one it moves to), admin

FIELD_ROLES: dict[str, str] = {
    # operational: the library's own
    "name": LIBRARY, "delivery_methods": LIBRARY, "fills_rush": LIBRARY,
    "fills_urgent": LIBRARY, "efts": LIBRARY, "out_of_office": LIBRARY, "base_fee": LIBRARY,
    "subjects": LIBRARY, "serves": LIBRARY,
    **dict.fromkeys(CONTACT_FIELDS, LIBRARY),  # address, phone, email, website, hours
    # its place in the network: the coordinator's
    "libid": COORDINATOR, "type": COORDINATOR, "participation": COORDINATOR,
    "city": COORDINATOR, "state": COORDINATOR, "zip": COORDINATOR, "lat": COORDINATOR,
    "lon": COORDINATOR, "timezone": COORDINATOR, "groups": COORDINATOR,
}


def required_role(field: str) -> str:
    """The least role that may change ``field`` (:data:`COORDINATOR` when not listed).

    >>> required_role("fills_rush"), required_role("type"), required_role("colour")
    ('library', 'coordinator', 'coordinator')
    """
    return FIELD_ROLES.get(field, COORDINATOR)


def changed_fields(before: Library | None, after: Library) -> list[str]:
    """The fields ``after`` changes; every field when the library is new.

    >>> changed_fields(Library("ORUPAC", "A", state="OR"), Library("ORUPAC", "B", state="WA"))
    ['name', 'state']
    """
    names = [f.name for f in dataclasses.fields(Library)]
    if before is None:
        return names
    return [n for n in names if getattr(before, n) != getattr(after, n)]


def refused_fields(token: Token, changed: list[str]) -> list[str]:
    """The changed fields ``token``'s role may not change (its scope is checked apart): an
    admin or coordinator may change all; any other role only the library's own fields.

    >>> refused_fields(Token("library", libid="ORUPAC"), ["name", "type", "state"])
    ['type', 'state']
    >>> refused_fields(Token("coordinator", region="5"), ["type"])
    []
    """
    if token.role in ("admin", COORDINATOR):
        return []
    return [name for name in changed if required_role(name) != LIBRARY]


def require_library_change(store: Store, token: Token | None, before: Library | None,
                           after: Library) -> None:
    """Forbidden unless ``token`` may write this library (where it is and where it goes) and
    change each field that differs; the problem names every refused field.

    Parameters
    ----------
    store : Neo4jStore
    token : Token or None
        ``None`` when the API runs without authentication.
    before, after : Library
        The stored record (``None`` for a new library) and the one to store.

    Raises
    ------
    Forbidden
    """
    if token is None:
        return
    authorize_library_write(store, token, after.libid, new_state=after.state)
    refused = refused_fields(token, changed_fields(before, after))
    if refused:
        msg = f"a library token may not change {', '.join(refused)} of {after.libid}: " \
            "that needs a coordinator of its region or an admin"
        raise Forbidden(msg, problems=[{"field": name, "message": f"{name} needs a "
                                        f"{required_role(name)} token"} for name in refused])
