"""Rush-alert use cases: a library's alert settings, and telling lenders about RUSH and URGENT
requests that reach them (first routing, a move by TTA or after a NOT_FILL).

Delivery is :class:`graphsvc.alerts.AlertDispatcher`'s, in the background: these functions
only hand alerts over, so routing answers whatever happens to the receivers.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable, Iterable, Mapping

from graphsvc.alerts import ALERT_LEVELS, AlertDispatcher, AlertTarget
from graphsvc.errors import InvalidInput, NotFound
from graphsvc.fields import EMAIL_ADDRESS, WEBHOOK_SECRET_MIN, WEBHOOK_URL
from graphsvc.requests import TrackedRequest
from graphsvc.services.network import checked_libid
from graphsvc.services.request_views import request_summary
from graphsvc.store.contract import Store



def _view(libid: str, props: dict | None) -> dict:
    props = props or {}
    return {"libid": libid, "email": props.get("email"), "webhook_url": props.get("webhook_url"),
            "secret_set": bool(props.get("secret")), "updated": props.get("updated")}


def get_alerts(store: Store, libid: str) -> dict:
    """A library's alert settings without the secret (``secret_set`` says if there is one)."""
    libid = checked_libid(libid)
    if store.library(libid) is None:
        msg = f"no library {libid}"
        raise NotFound(msg, problems=[{"field": "libid", "message": msg}])
    return _view(libid, store.alerts(libid))


def _checked(email: str | None, webhook_url: str | None, secret: str | None) -> None:
    problems = []
    if email is not None and not EMAIL_ADDRESS.match(email):
        problems.append({"field": "email", "message": f"{email!r} is not an email address"})
    if webhook_url is not None and not WEBHOOK_URL.match(webhook_url):
        problems.append({"field": "webhook_url",
                         "message": f"{webhook_url!r} is not an http(s) URL"})
    if secret is not None and len(secret) < WEBHOOK_SECRET_MIN:
        problems.append({"field": "secret",
                         "message": f"a secret needs at least {WEBHOOK_SECRET_MIN} characters"})
    if email is None and webhook_url is None:
        problems.append({"field": "email", "message": "give an email, a webhook_url or both"})
    if problems:
        raise InvalidInput("; ".join(p["message"] for p in problems), problems=problems)


def put_alerts(store: Store, libid: str, *, email: str | None = None,
               webhook_url: str | None = None, secret: str | None = None) -> dict:
    """Replace a library's alert settings.

    A webhook without a ``secret`` gets a new random one, returned once in ``secret`` (later
    answers only say ``secret_set``). :class:`InvalidInput` names each bad field;
    :class:`NotFound` for an unknown library.
    """
    libid = checked_libid(libid)
    _checked(email, webhook_url, secret)
    made = secrets.token_urlsafe(32) if webhook_url and not secret else None
    props = {"email": email, "webhook_url": webhook_url, "secret": secret or made,
             "updated": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}
    store.save_alerts(libid, {k: v for k, v in props.items() if v is not None})
    view = _view(libid, props)
    return {**view, "secret": made} if made else view


def delete_alerts(store: Store, libid: str) -> None:
    """Stop a library's alerts (:class:`NotFound` when it had none)."""
    libid = checked_libid(libid)
    if not store.delete_alerts(libid):
        msg = f"{libid} has no alert settings"
        raise NotFound(msg, problems=[{"field": "libid", "message": msg}])


def target_lookup(store: Store) -> Callable[[str], AlertTarget | None]:
    """``lookup(libid)`` for :class:`AlertDispatcher`: the stored settings as a target."""
    def lookup(libid: str) -> AlertTarget | None:
        props = store.alerts(libid)
        if not props:
            return None
        return AlertTarget(libid, props.get("email"), props.get("webhook_url"),
                           props.get("secret"))
    return lookup


def _alert(store: Store, req: TrackedRequest, why: str) -> dict:
    G = store.network_ready()  # never waits: the title is left out while the graph loads
    title = G.nodes[req.nlm_uid].get("title") if G is not None and req.nlm_uid in G else None
    view = request_summary(req)
    return {"libid": req.lender, "request_id": req.id, "service_level": req.service_level,
            "borrower": req.borrower, "why": why, "receipt_due": view["receipt_due"],
            "citation": {"nlm_uid": req.nlm_uid, "title": title},
            "need_by": view["need_by"]}


def announce(dispatcher: AlertDispatcher | None, store, requests: Iterable[TrackedRequest], *,
             previous: Mapping[str, str | None], why: str) -> int:
    """Hand over an alert for each RUSH/URGENT request now at a lender it was not at before
    (``previous``: request id -> lender before the change). How many were handed over."""
    if dispatcher is None:
        return 0
    count = 0
    for req in requests:
        if req.service_level in ALERT_LEVELS and req.lender and \
                req.lender != previous.get(req.id):
            dispatcher.submit(_alert(store, req, why))
            count += 1
    return count
