"""ISO 18626 (v1.2) messages from requesting and supplying systems: ``POST /v1/iso18626``."""

from __future__ import annotations

from flask import Response, abort, request
from api.blueprint import Blueprint

from api.auth import authorize_libid, require_writer, writer_responses
from api.bodies import accepts
from api.extensions import get_store
from graphsvc.services import iso18626 as iso_service

blp = Blueprint("iso18626", __name__, url_prefix="/v1", description="ISO 18626 messages")

XML_TYPES = ("application/xml", "text/xml")
MAX_MESSAGE_BYTES = 256 * 1024
EXAMPLE = """<?xml version="1.0" encoding="utf-8"?>
<ill:ISO18626Message xmlns:ill="http://illtransactions.org/2013/iso18626" ill:version="1.2">
  <ill:request>
    <ill:header>
      <ill:supplyingAgencyId><ill:agencyIdType>DOCLINE</ill:agencyIdType>
        <ill:agencyIdValue>GRAPHSVC</ill:agencyIdValue></ill:supplyingAgencyId>
      <ill:requestingAgencyId><ill:agencyIdType>DOCLINE</ill:agencyIdType>
        <ill:agencyIdValue>NCUSRC</ill:agencyIdValue></ill:requestingAgencyId>
      <ill:multipleItemRequestId/>
      <ill:timestamp>2026-11-23T10:00:00Z</ill:timestamp>
      <ill:requestingAgencyRequestId>ILL-2026-0042</ill:requestingAgencyRequestId>
    </ill:header>
    <ill:bibliographicInfo>
      <ill:volume>372</ill:volume>
      <ill:bibliographicItemId>
        <ill:bibliographicItemIdentifier>0028-4793</ill:bibliographicItemIdentifier>
        <ill:bibliographicItemIdentifierCode>ISSN</ill:bibliographicItemIdentifierCode>
      </ill:bibliographicItemId>
    </ill:bibliographicInfo>
    <ill:publicationInfo><ill:publicationDate>2015</ill:publicationDate></ill:publicationInfo>
    <ill:serviceInfo><ill:serviceType>Copy</ill:serviceType>
      <ill:serviceLevel>Rush</ill:serviceLevel></ill:serviceInfo>
  </ill:request>
</ill:ISO18626Message>"""
XML_BODY = {"content": {"application/xml": {"schema": {"type": "string"}, "example": EXAMPLE}}}


@blp.route("/iso18626", methods=["POST"])
@writer_responses(blp)
@require_writer(libid_from=None)
@accepts(*XML_TYPES)
@blp.doc(requestBody={"required": True, **XML_BODY}, responses={
    "200": {"description": "The standard's confirmation (requestConfirmation, "
                           "supplyingAgencyMessageConfirmation or "
                           "requestingAgencyMessageConfirmation): messageStatus OK, or ERROR "
                           "with errorData (BadlyFormedMessage, UnrecognisedDataValue, "
                           "UnsupportedActionType) when the message cannot be taken",
            "content": {"application/xml": {"schema": {"type": "string"}}}},
    "413": {"description": "A message over 256 KiB (problem+json)"},
    "415": {"description": "Not sent as application/xml or text/xml (problem+json)"}})
def iso18626_message():
    """Take one ISO 18626 message (XML, validated against the standard's v1.2 schema).

    A `request` from a requesting agency (its `requestingAgencyId` is the borrower's LIBID,
    scheme DOCLINE) is routed as `POST /v1/requests` would; the confirmation names the first
    lender as the supplying agency. A `supplyingAgencyMessage` status (RequestReceived,
    ExpectToSupply, WillSupply -> RECEIVE; Loaned, CopyCompleted -> FILL; Unfilled with a
    reasonUnfilled -> NOT_FILL; Cancelled -> NOT_FILL CAN) and a `requestingAgencyMessage`
    Cancel act on it. The token must be allowed to write the library the message speaks for.
    """
    if (request.content_length or 0) > MAX_MESSAGE_BYTES:
        abort(413, description=f"an ISO 18626 message may hold {MAX_MESSAGE_BYTES} bytes")
    body = request.get_data(cache=False)
    answer = iso_service.handle(get_store(), body, authorize=authorize_libid)
    return Response(answer, status=200, mimetype="application/xml")
