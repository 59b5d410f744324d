"""ISO 18626 at the edge: a requesting system's messages become graphsvc requests and actions.

* ``request`` -> a routed request (:func:`graphsvc.services.requests.create_request`); the
  confirmation names the first lender as the supplying agency. The request's graphsvc id is
  derived from (requesting agency, requesting agency's request id), so a message sent twice
  makes one request.
* ``supplyingAgencyMessage`` -> the lender's RECEIVE / FILL / NOT_FILL (:data:`STATUS_ACTIONS`).
* ``requestingAgencyMessage`` ``Cancel`` -> the borrower's CANCEL.

Everything a message cannot do (unknown agency, title or request, a status that does not fit)
is answered in the standard's way: the confirmation with ``messageStatus`` ERROR and
``errorData``. ``authorize(libid)`` (from the web layer) checks that the caller may act for the
library the message speaks for, and raises the service's own errors otherwise.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable

from graphsvc import requests as rules
from graphsvc.errors import Conflict, InvalidInput, NotFound
from graphsvc.io.iso18626 import Message, MessageError, confirmation, parse
from graphsvc.model import SERVICE_LEVELS, Citation, RoutingRequest
from graphsvc.requests.records import REASON_CODES
from graphsvc.services import requests as requests_service
from graphsvc.store.contract import Store

# A lender's status -> the DOCLINE actions it stands for, taken in one write.
STATUS_ACTIONS = {
    "RequestReceived": ("RECEIVE",), "ExpectToSupply": ("RECEIVE",),
    "WillSupply": ("RECEIVE",), "Loaned": ("RECEIVE", "FILL"),
    "CopyCompleted": ("RECEIVE", "FILL"), "Unfilled": ("RECEIVE", "NOT_FILL"),
    "Cancelled": ("RECEIVE", "NOT_FILL"),
}
# ISO 18626 reasonUnfilled words -> DOCLINE reason codes (the three-letter codes pass as such).
UNFILLED_REASONS = {
    "NOTHELD": "NOT", "NOTONSHELF": "NOS", "INUSE": "USE", "LOST": "LOS", "MISSING": "LOS",
    "NONCIRCULATING": "NCR", "POLICYPROBLEM": "PRO", "LICENSERESTRICTION": "LIC",
    "COPYRIGHT": "COP", "COST": "CST", "INCOMPLETECITATION": "INC", "ONORDER": "ORD",
    "NOTYETRECEIVED": "NYR", "ATBINDERY": "BDY", "POORCONDITION": "POR", "OTHER": "OTH",
}
SERVICE_LEVEL_WORDS = {"STANDARD": "NORMAL", "NORMAL": "NORMAL", "RUSH": "RUSH",
                       "EXPRESS": "RUSH", "URGENT": "URGENT", "SECONDARY": "NORMAL"}


def request_id_for(requester: str, their_id: str) -> str:
    """The graphsvc request id of a requesting agency's request (stable across retries).

    >>> request_id_for("ORUPAC", "ILL-1") == request_id_for("ORUPAC", "ILL-1")
    True
    >>> request_id_for("ORUPAC", "ILL-1")[0], len(request_id_for("ORUPAC", "ILL-1"))
    ('R', 13)
    """
    digest = hashlib.sha256(f"iso18626\x00{requester}\x00{their_id}".encode()).hexdigest()
    return "R" + digest[:12].upper()


def handle(store: Store, body: bytes, *, authorize: Callable[[str], None],
           now: dt.datetime | None = None) -> bytes:
    """Answer one ISO 18626 message with its confirmation (``messageStatus`` OK or ERROR)."""
    at = now or dt.datetime.now(dt.UTC)
    received = at.isoformat(timespec="seconds")
    message = None
    try:
        message = parse(body)
        supplier = _HANDLERS[message.kind](store, message, authorize=authorize, at=at)
    except MessageError as exc:
        return confirmation(message, received=received, error=exc)
    return confirmation(message, received=received, supplier=supplier)


def _unrecognised(message: Message, text: str) -> MessageError:
    return MessageError(text, error_type="UnrecognisedDataValue", kind=message.kind,
                        header=message.header)


def _new_request(store: Store, message: Message, *, authorize, at: dt.datetime) -> str | None:
    authorize(message.requester)
    rid = request_id_for(message.requester, message.request_id)
    found = store.request(rid)
    if found is None:
        try:
            view = requests_service.create_request(store, routing_request(message, at=at),
                                                   request_id=rid)
        except (NotFound, InvalidInput) as exc:
            raise _unrecognised(message, exc.message) from exc
        lender, status = view["lender"], view["status"]
    else:
        lender, status = found[0].sequence[0].libid if found[0].sequence else None, \
            found[0].status
    if lender is None and status == "BEYOND_ROUTING_MAP":
        raise _unrecognised(message, f"no library can supply this item: graphsvc request {rid} "
                                     "ended Beyond Routing Map")
    return lender


def routing_request(message: Message, *, at: dt.datetime) -> RoutingRequest:
    """The routing question of a ``request`` message (its citation and service level)."""
    f = message.fields
    year = re.search(r"\b(1[5-9]\d\d|20\d\d)\b", f["year"] or "")
    book = (f["publication_type"] or "").strip().upper() == "BOOK" or bool(f["isbn"])
    citation = Citation(nlm_uid=f["nlm_uid"], issn=f["issn"], volume=f["volume"],
                        year=int(year.group(1)) if year else None, pmid=f["pmid"],
                        title=f["title"], isbn=f["isbn"])
    if not book and not (citation.nlm_uid or citation.issn):
        raise _unrecognised(message, "bibliographicInfo names no ISSN or NLM Unique ID "
                                     "(bibliographicItemId ISSN, bibliographicRecordId NLMUID)")
    if not book and citation.year is None and citation.volume is None:
        raise _unrecognised(message, "give publicationInfo/publicationDate or "
                                     "bibliographicInfo/volume to check holdings")
    return RoutingRequest(borrower=message.requester, citation=citation, at=at,
                          service_level=_service_level(message), manual=book,
                          need_by=_need_by(message))


def _service_level(message: Message) -> str:
    word = (message.fields["service_level"] or "NORMAL").strip().upper()
    level = SERVICE_LEVEL_WORDS.get(word, word)
    if level not in SERVICE_LEVELS:
        raise _unrecognised(message, f"serviceLevel {word!r} is not one of "
                                     f"{', '.join(sorted(SERVICE_LEVEL_WORDS))}")
    return level


def _need_by(message: Message) -> dt.date | None:
    text = message.fields["need_before"]
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date() if text else None


def _status_change(store: Store, message: Message, *, authorize, at: dt.datetime) -> str | None:
    authorize(message.supplier)
    status = message.fields["status"]
    if status not in STATUS_ACTIONS:
        raise _unrecognised(message, f"status {status!r}: graphsvc takes "
                                     f"{', '.join(STATUS_ACTIONS)} (it does not track loans)")
    reason = _unfilled_reason(message) if "NOT_FILL" in STATUS_ACTIONS[status] else None
    _apply(store, message, lambda req: _lender_actions(
        req, STATUS_ACTIONS[status], lender=message.supplier, reason=reason, at=at))
    return message.supplier


def _lender_actions(req, actions, *, lender, reason, at):
    for action in actions:
        if action == "RECEIVE" and req.status != "NEW":
            continue  # already received: the status message only confirms it
        req = rules.apply_action(req, action, lender=lender, at=at,
                                 reason=reason if action == "NOT_FILL" else None)
    return req


def _unfilled_reason(message: Message) -> str:
    if message.fields["status"] == "Cancelled":
        return "CAN"
    word = (message.fields["reason_unfilled"] or "OTHER").replace(" ", "").upper()
    reason = word if word in REASON_CODES else UNFILLED_REASONS.get(word)
    if reason is None:
        raise _unrecognised(message, f"reasonUnfilled {word!r} is neither a DOCLINE reason code "
                                     f"nor one of {', '.join(sorted(UNFILLED_REASONS))}")
    return reason


def _requester_action(store: Store, message: Message, *, authorize, at: dt.datetime) -> None:
    authorize(message.requester)
    action = message.fields["action"]
    if action == "Cancel":
        _apply(store, message, lambda req: rules.apply_action(req, "CANCEL", at=at))
    elif action not in ("StatusRequest", "Received", "Notification"):
        raise MessageError(f"action {action!r} is not supported: graphsvc takes Cancel, "
                           "StatusRequest, Received and Notification",
                           error_type="UnsupportedActionType", kind=message.kind,
                           header=message.header)
    elif store.request(request_id_for(message.requester, message.request_id)) is None:
        raise _unrecognised(message, f"no request {message.request_id!r} of "
                                     f"{message.requester}")
    return None


def _apply(store: Store, message: Message, change) -> None:
    rid = request_id_for(message.requester, message.request_id)
    try:
        store.update_request(rid, change)
    except NotFound as exc:
        raise _unrecognised(message, f"no request {message.request_id!r} of "
                                     f"{message.requester}") from exc
    except (Conflict, InvalidInput) as exc:
        raise _unrecognised(message, exc.message) from exc


_HANDLERS = {"request": _new_request, "supplyingAgencyMessage": _status_change,
             "requestingAgencyMessage": _requester_action}
