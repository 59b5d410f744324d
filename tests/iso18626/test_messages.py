"""ISO 18626 messages read and written without a database: schema validation and errors."""

from __future__ import annotations

import pytest

from graphsvc.io import iso18626
from graphsvc.io.iso18626 import MessageError, confirmation, parse, parse_confirmation

RECEIVED = "2026-11-23T10:00:05+00:00"


def test_a_request_is_read_with_its_citation():
    message = parse(iso18626.request_xml(requester="ORUBOR", request_id="ILL-7",
                                         issn="0028-4793", volume="372", year="2015",
                                         service_level="Rush"))
    assert (message.kind, message.requester, message.request_id) == ("request", "ORUBOR", "ILL-7")
    assert {k: message.fields[k] for k in ("issn", "volume", "year", "service_level")} == {
        "issn": "0028-4793", "volume": "372", "year": "2015", "service_level": "Rush"}


@pytest.mark.parametrize("body, error_type, says", [
    (b"<not xml", "BadlyFormedMessage", "not well-formed"),
    (b"", "BadlyFormedMessage", "not well-formed"),
    (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>', "BadlyFormedMessage",
     "not well-formed"),
    (b"<request/>", "BadlyFormedMessage", "not ISO18626Message"),
    (iso18626.request_xml(requester="ORUBOR", request_id="1", issn="0028-4793", year="2015")
     .replace(b"<ill:serviceType>Copy</ill:serviceType>",
              b"<ill:serviceType>Photocopy</ill:serviceType>"),
     "BadlyFormedMessage", "breaks the ISO 18626 schema"),
    (iso18626.request_xml(requester="ORUBOR", request_id="1", issn="0028-4793", year="2015")
     .replace(b"<ill:header>", b"<ill:header><ill:surprise/>"),
     "BadlyFormedMessage", "breaks the ISO 18626 schema"),
])
def test_what_cannot_be_read_is_a_badly_formed_message(body, error_type, says):
    with pytest.raises(MessageError) as caught:
        parse(body)
    assert caught.value.error_type == error_type and says in caught.value.message


def test_a_confirmation_sent_to_graphsvc_is_an_unsupported_action():
    answer = confirmation(parse(iso18626.requesting_xml(requester="ORUBOR", request_id="1",
                                                         action="Cancel")), received=RECEIVED)
    with pytest.raises(MessageError) as caught:
        parse(answer)
    assert caught.value.error_type == "UnsupportedActionType"


@pytest.mark.parametrize("message", [
    iso18626.request_xml(requester="ORUBOR", request_id="ILL-1", issn="0028-4793", year="2015"),
    iso18626.supplying_xml(supplier="WAUSEA", requester="ORUBOR", request_id="ILL-1",
                           status="Unfilled", reason_unfilled="NotOnShelf"),
    iso18626.requesting_xml(requester="ORUBOR", request_id="ILL-1", action="Cancel"),
])
def test_every_confirmation_is_valid_against_the_standards_schema(message):
    parsed = parse(message)
    error = MessageError("no such request", error_type="UnrecognisedDataValue",
                         kind=parsed.kind, header=parsed.header)
    for answer in (confirmation(parsed, received=RECEIVED, supplier="WAUSEA"),
                   confirmation(parsed, received=RECEIVED, error=error),
                   confirmation(None, received=RECEIVED,
                                error=MessageError("bad", error_type="BadlyFormedMessage"))):
        iso18626.schema().validate(answer.decode())
        assert parse_confirmation(answer)["requestingAgencyRequestId"] in ("ILL-1", None)
