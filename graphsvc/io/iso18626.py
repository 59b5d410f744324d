"""ISO 18626 (Interlibrary Loan Transactions, schema v1.2) messages: read and write.

Incoming XML is parsed with ``defusedxml`` (no DTDs, entities or external references) and
validated against the standard's own schema (``schemas/ISO-18626-v1_2.xsd``); what graphsvc
uses of a valid message becomes a :class:`Message`. Answers are the standard's confirmation
messages, built here and valid against the same schema.

>>> xml = request_xml(requester="ORUPAC", request_id="ILL-1", issn="0028-4793", year="2015")
>>> message = parse(xml)
>>> message.kind, message.requester, message.request_id, message.fields["issn"]
('request', 'ORUPAC', 'ILL-1', '0028-4793')
>>> answer = confirmation(message, received="2026-11-23T10:00:00Z", supplier="WAUUHS")
>>> parse_confirmation(answer)["messageStatus"]
'OK'
"""

from __future__ import annotations

import functools
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

import defusedxml.ElementTree as SafeET
import xmlschema
from defusedxml import DefusedXmlException

from graphsvc.errors import InvalidInput

NS = "http://illtransactions.org/2013/iso18626"
VERSION = "1.2"
SCHEMA_FILE = Path(__file__).resolve().parent / "schemas" / "ISO-18626-v1_2.xsd"
AGENCY_SCHEME = "DOCLINE"  # agencyIdType of a LIBID
MESSAGE_KINDS = ("request", "supplyingAgencyMessage", "requestingAgencyMessage")
CONFIRMATION_OF = {"request": "requestConfirmation",
                   "supplyingAgencyMessage": "supplyingAgencyMessageConfirmation",
                   "requestingAgencyMessage": "requestingAgencyMessageConfirmation"}
ET.register_namespace("ill", NS)


class MessageError(InvalidInput):
    """A message graphsvc cannot take, with the ISO 18626 ``errorType`` to answer with."""

    def __init__(self, message: str, *, error_type: str, kind: str = "request",
                 header: dict | None = None):
        super().__init__(message, problems=[{"field": "body", "message": message}])
        self.error_type = error_type
        self.kind = kind
        self.header = header or {}


@dataclass(frozen=True)
class Message:
    """What graphsvc reads of one valid ISO 18626 message.

    ``header`` keeps the header's agency ids and request ids as text; ``fields`` the
    message-specific values (citation parts of a request, ``status``/``reason_unfilled`` of a
    supplying-agency message, ``action`` of a requesting-agency message).
    """

    kind: str
    header: dict
    fields: dict = field(default_factory=dict)

    @property
    def requester(self) -> str:
        return self.header["requestingAgencyId"]

    @property
    def supplier(self) -> str:
        return self.header["supplyingAgencyId"]

    @property
    def request_id(self) -> str:
        return self.header["requestingAgencyRequestId"]


@functools.cache
def schema() -> xmlschema.XMLSchema:
    """The standard's schema, built once per process (building it takes a fraction of a s)."""
    return xmlschema.XMLSchema(str(SCHEMA_FILE))


def _q(name: str) -> str:
    return f"{{{NS}}}{name}"


def _text(element: ET.Element | None, path: str) -> str | None:
    found = element.find(path.replace("ill:", f"{{{NS}}}")) if element is not None else None
    return found.text.strip() if found is not None and found.text else None


def parse(body: bytes | str) -> Message:
    """Parse and validate one ISO 18626 message.

    Raises
    ------
    MessageError
        ``BadlyFormedMessage`` for XML that does not parse, is not an ISO 18626 message or
        breaks the schema; ``UnsupportedActionType`` for a confirmation sent to graphsvc.
    """
    root = _well_formed(body)
    kind = _kind(root)
    header = _header(root.find(_q(kind)))
    errors = list(schema().iter_errors(root))
    if errors:
        raise MessageError(f"the message breaks the ISO 18626 schema: {_reason(errors[0])}",
                           error_type="BadlyFormedMessage", kind=kind, header=header)
    return Message(kind, header, _READERS[kind](root.find(_q(kind))))


def _well_formed(body: bytes | str) -> ET.Element:
    try:
        root = SafeET.fromstring(body)
    except (ET.ParseError, DefusedXmlException, ValueError) as exc:
        msg = f"the body is not well-formed XML: {exc}"
        raise MessageError(msg, error_type="BadlyFormedMessage") from exc
    if root.tag != _q("ISO18626Message"):
        msg = f"the root element is {root.tag!r}, not ISO18626Message in namespace {NS}"
        raise MessageError(msg, error_type="BadlyFormedMessage")
    return root


def _kind(root: ET.Element) -> str:
    children = [child.tag.removeprefix(f"{{{NS}}}") for child in root]
    kind = children[0] if len(children) == 1 else None
    if kind in MESSAGE_KINDS:
        return kind
    if kind in CONFIRMATION_OF.values():
        msg = f"graphsvc answers with {kind}; it does not take one"
        raise MessageError(msg, error_type="UnsupportedActionType")
    msg = f"ISO18626Message holds {children or 'nothing'}, not one of {', '.join(MESSAGE_KINDS)}"
    raise MessageError(msg, error_type="BadlyFormedMessage")


def _reason(error: xmlschema.XMLSchemaValidationError) -> str:
    where = (error.path or "").replace(f"{{{NS}}}", "")
    return f"{error.reason} (at {where})" if where else str(error.reason)


def _header(message: ET.Element) -> dict:
    header = message.find(_q("header")) if message is not None else None
    return {
        "supplyingAgencyId": _text(header, "ill:supplyingAgencyId/ill:agencyIdValue"),
        "requestingAgencyId": _text(header, "ill:requestingAgencyId/ill:agencyIdValue"),
        "requestingAgencyRequestId": _text(header, "ill:requestingAgencyRequestId"),
        "supplyingAgencyRequestId": _text(header, "ill:supplyingAgencyRequestId"),
        "multipleItemRequestId": _text(header, "ill:multipleItemRequestId"),
        "timestamp": _text(header, "ill:timestamp"),
    }


def _identifiers(message: ET.Element, element: str, code: str, value: str) -> dict:
    """``{SCHEME: value}`` of the bibliographicItemId / bibliographicRecordId elements."""
    found = {}
    for ident in message.iter(_q(element)):
        scheme, text = _text(ident, f"ill:{code}"), _text(ident, f"ill:{value}")
        if scheme and text:
            found.setdefault(scheme.upper().replace(" ", ""), text)
    return found


def _read_request(message: ET.Element) -> dict:
    items = _identifiers(message, "bibliographicItemId", "bibliographicItemIdentifierCode",
                         "bibliographicItemIdentifier")
    records = _identifiers(message, "bibliographicRecordId", "bibliographicRecordIdentifierCode",
                           "bibliographicRecordIdentifier")
    return {
        "issn": items.get("ISSN"), "isbn": items.get("ISBN"), "pmid": items.get("PMID"),
        "nlm_uid": records.get("NLMUID") or records.get("NLM") or items.get("NLMUID"),
        "title": _text(message, "ill:bibliographicInfo/ill:title"),
        "article_title": _text(message, "ill:bibliographicInfo/ill:titleOfComponent"),
        "volume": _text(message, "ill:bibliographicInfo/ill:volume"),
        "pages": _text(message, "ill:bibliographicInfo/ill:pagesRequested"),
        "year": _text(message, "ill:publicationInfo/ill:publicationDate"),
        "publication_type": _text(message, "ill:publicationInfo/ill:publicationType"),
        "service_level": _text(message, "ill:serviceInfo/ill:serviceLevel"),
        "need_before": _text(message, "ill:serviceInfo/ill:needBeforeDate"),
    }


def _read_supplying(message: ET.Element) -> dict:
    return {"status": _text(message, "ill:statusInfo/ill:status"),
            "reason_for_message": _text(message, "ill:messageInfo/ill:reasonForMessage"),
            "reason_unfilled": _text(message, "ill:messageInfo/ill:reasonUnfilled"),
            "note": _text(message, "ill:messageInfo/ill:note")}


def _read_requesting(message: ET.Element) -> dict:
    return {"action": _text(message, "ill:action"), "note": _text(message, "ill:note")}


_READERS = {"request": _read_request, "supplyingAgencyMessage": _read_supplying,
            "requestingAgencyMessage": _read_requesting}


# --- writing ----------------------------------------------------------------------------------

def _add(parent: ET.Element, name: str, text: str | None = None, **attrs) -> ET.Element:
    child = ET.SubElement(parent, _q(name), {_q(k): v for k, v in attrs.items()})
    if text is not None:
        child.text = text
    return child


def _agency(parent: ET.Element, name: str, libid: str | None) -> None:
    if libid:
        agency = _add(parent, name)
        _add(agency, "agencyIdType", AGENCY_SCHEME)
        _add(agency, "agencyIdValue", libid)


def _document(kind: str) -> tuple[ET.Element, ET.Element]:
    root = ET.Element(_q("ISO18626Message"), {_q("version"): VERSION})
    return root, _add(root, kind)


def _serialise(root: ET.Element) -> bytes:
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def confirmation(message: Message | None, *, received: str, supplier: str | None = None,
                 error: MessageError | None = None, timestamp: str | None = None) -> bytes:
    """The standard's answer to ``message`` (or, when it could not be read, to ``error``).

    ``supplier`` names the supplying agency in a request's confirmation (graphsvc's first
    lender). ``messageStatus`` is ERROR with ``errorData`` when ``error`` is given.
    """
    kind = message.kind if message else (error.kind if error else "request")
    header = message.header if message else (error.header if error else {})
    root, body = _document(CONFIRMATION_OF[kind])
    head = _add(body, "confirmationHeader")
    _agency(head, "supplyingAgencyId", supplier or header.get("supplyingAgencyId"))
    _agency(head, "requestingAgencyId", header.get("requestingAgencyId"))
    _add(head, "timestamp", timestamp or received)
    if header.get("requestingAgencyRequestId"):
        _add(head, "requestingAgencyRequestId", header["requestingAgencyRequestId"])
    _add(head, "timestampReceived", received)
    _add(head, "messageStatus", "ERROR" if error else "OK")
    if message and kind == "supplyingAgencyMessage" and message.fields["reason_for_message"]:
        _add(body, "reasonForMessage", message.fields["reason_for_message"])
    if message and kind == "requestingAgencyMessage" and message.fields["action"]:
        _add(body, "action", message.fields["action"])
    if error:
        data = _add(body, "errorData")
        _add(data, "errorType", error.error_type)
        _add(data, "errorValue", error.message[:1000])
    return _serialise(root)


def parse_confirmation(body: bytes) -> dict:
    """A confirmation's header values, ``errorType`` and ``errorValue`` (for clients, tests)."""
    root = SafeET.fromstring(body)
    answer = root[0]
    head = answer.find(_q("confirmationHeader"))
    return {"kind": answer.tag.removeprefix(f"{{{NS}}}"),
            "messageStatus": _text(head, "ill:messageStatus"),
            "supplyingAgencyId": _text(head, "ill:supplyingAgencyId/ill:agencyIdValue"),
            "requestingAgencyId": _text(head, "ill:requestingAgencyId/ill:agencyIdValue"),
            "requestingAgencyRequestId": _text(head, "ill:requestingAgencyRequestId"),
            "errorType": _text(answer, "ill:errorData/ill:errorType"),
            "errorValue": _text(answer, "ill:errorData/ill:errorValue")}


def _message_header(body: ET.Element, *, requester: str, request_id: str, supplier: str,
                    timestamp: str) -> None:
    head = _add(body, "header")
    _agency(head, "supplyingAgencyId", supplier)
    _agency(head, "requestingAgencyId", requester)
    _add(head, "multipleItemRequestId", "")
    _add(head, "timestamp", timestamp)
    _add(head, "requestingAgencyRequestId", request_id)


def request_xml(*, requester: str, request_id: str, supplier: str = "GRAPHSVC",
                issn: str | None = None, nlm_uid: str | None = None, title: str | None = None,
                volume: str | None = None, year: str | None = None,
                service_level: str | None = None,
                timestamp: str = "2026-11-23T10:00:00Z") -> bytes:
    """A ``request`` message as a requesting system would send it (docs, tests, clients)."""
    root, body = _document("request")
    _message_header(body, requester=requester, request_id=request_id, supplier=supplier,
                    timestamp=timestamp)
    bib = _add(body, "bibliographicInfo")
    for name, value in (("title", title), ("volume", volume)):
        if value:
            _add(bib, name, value)
    if issn:
        item = _add(bib, "bibliographicItemId")
        _add(item, "bibliographicItemIdentifier", issn)
        _add(item, "bibliographicItemIdentifierCode", "ISSN")
    if nlm_uid:
        record = _add(bib, "bibliographicRecordId")
        _add(record, "bibliographicRecordIdentifierCode", "NLMUID")
        _add(record, "bibliographicRecordIdentifier", nlm_uid)
    if year:
        _add(_add(body, "publicationInfo"), "publicationDate", year)
    service = _add(body, "serviceInfo")
    _add(service, "serviceType", "Copy")
    if service_level:
        _add(service, "serviceLevel", service_level)
    return _serialise(root)


def supplying_xml(*, supplier: str, requester: str, request_id: str, status: str,
                  reason_unfilled: str | None = None,
                  timestamp: str = "2026-11-23T10:00:00Z") -> bytes:
    """A ``supplyingAgencyMessage`` (a lender's status change) as a lender's system sends it."""
    root, body = _document("supplyingAgencyMessage")
    _message_header(body, requester=requester, request_id=request_id, supplier=supplier,
                    timestamp=timestamp)
    info = _add(body, "messageInfo")
    _add(info, "reasonForMessage", "StatusChange")
    if reason_unfilled:
        _add(info, "reasonUnfilled", reason_unfilled)
    status_info = _add(body, "statusInfo")
    _add(status_info, "status", status)
    _add(status_info, "lastChange", timestamp)
    return _serialise(root)


def requesting_xml(*, requester: str, request_id: str, action: str, supplier: str = "GRAPHSVC",
                   timestamp: str = "2026-11-23T10:00:00Z") -> bytes:
    """A ``requestingAgencyMessage`` (e.g. ``Cancel``) as a borrower's system sends it."""
    root, body = _document("requestingAgencyMessage")
    _message_header(body, requester=requester, request_id=request_id, supplier=supplier,
                    timestamp=timestamp)
    _add(body, "action", action)
    return _serialise(root)
