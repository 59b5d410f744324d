"""POST /v1/iso18626 over HTTP on the real database: requests, status changes, cancels, errors."""

from __future__ import annotations

import pytest

from api import create_app
from api.iso18626 import EXAMPLE
from graphsvc.io import iso18626
from graphsvc.io.iso18626 import parse_confirmation
from graphsvc.services.auth import create_token
from graphsvc.services.iso18626 import request_id_for
from tests.requests_api.conftest import loaded  # noqa: F401  (the small routed network)

XML = {"Content-Type": "application/xml"}


@pytest.fixture
def iso(loaded):  # noqa: F811
    client = create_app({"TESTING": True, "STORE": loaded}).test_client()
    tokens = {}

    def post(body, *, as_=None, headers=XML):
        if as_ and as_ not in tokens:
            role, libid = ("admin", None) if as_ == "admin" else ("library", as_)
            tokens[as_] = create_token(loaded, role, libid=libid)[0]
        auth = {"Authorization": f"Bearer {tokens[as_]}"} if as_ else {}
        return client.post("/v1/iso18626", data=body, headers={**headers, **auth})

    post.client, post.store = client, loaded
    return post


def request_message(request_id="ILL-1", **changes):
    citation = {"issn": "0028-4793", "volume": "372", "year": "2015", **changes}
    return iso18626.request_xml(requester="ORUBOR", request_id=request_id, **citation)


def answer(response) -> dict:
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "application/xml"
    iso18626.schema().validate(response.get_data(as_text=True))
    return parse_confirmation(response.data)


def stored(post, request_id="ILL-1"):
    return post.store.request(request_id_for("ORUBOR", request_id))[0]


def test_a_request_is_routed_and_the_first_lender_is_the_supplying_agency(iso):
    confirmed = answer(iso(request_message(service_level="Rush"), as_="ORUBOR"))
    assert (confirmed["kind"], confirmed["messageStatus"]) == ("requestConfirmation", "OK")
    assert (confirmed["supplyingAgencyId"], confirmed["requestingAgencyId"],
            confirmed["requestingAgencyRequestId"]) == ("WAUSEA", "ORUBOR", "ILL-1")
    request = stored(iso)
    assert (request.status, request.lender, request.service_level) == ("NEW", "WAUSEA", "RUSH")
    assert [s.libid for s in request.sequence] == ["WAUSEA", "ORUOHS", "MDUNLM"]


def test_the_same_request_sent_twice_makes_one_request(iso):
    first = answer(iso(request_message(), as_="ORUBOR"))
    again = answer(iso(request_message(), as_="ORUBOR"))
    assert first["supplyingAgencyId"] == again["supplyingAgencyId"] == "WAUSEA"
    count = iso.store.driver.execute_query("MATCH (r:Request) RETURN count(r) AS n",
                                           database_=iso.store.database).records[0]["n"]
    assert count == 1


def test_the_lender_receives_and_fills_with_status_changes(iso):
    answer(iso(request_message(), as_="ORUBOR"))
    for status, expected in (("RequestReceived", "RECEIVED"), ("WillSupply", "RECEIVED"),
                             ("CopyCompleted", "FILLED")):
        message = iso18626.supplying_xml(supplier="WAUSEA", requester="ORUBOR",
                                         request_id="ILL-1", status=status)
        confirmed = answer(iso(message, as_="WAUSEA"))
        assert confirmed["kind"] == "supplyingAgencyMessageConfirmation"
        assert confirmed["messageStatus"] == "OK", confirmed
        assert stored(iso).status == expected


def test_unfilled_with_a_reason_moves_the_request_on(iso):
    answer(iso(request_message(), as_="ORUBOR"))
    message = iso18626.supplying_xml(supplier="WAUSEA", requester="ORUBOR", request_id="ILL-1",
                                     status="Unfilled", reason_unfilled="NotOnShelf")
    assert answer(iso(message, as_="WAUSEA"))["messageStatus"] == "OK"
    request = stored(iso)
    assert (request.status, request.lender) == ("NEW", "ORUOHS")
    assert [(e.action, e.reason) for e in request.history if e.action == "NOT_FILLED"] == [
        ("NOT_FILLED", "NOS")]


def test_the_borrower_cancels(iso):
    answer(iso(request_message(), as_="ORUBOR"))
    cancel = iso18626.requesting_xml(requester="ORUBOR", request_id="ILL-1", action="Cancel")
    confirmed = answer(iso(cancel, as_="ORUBOR"))
    assert (confirmed["kind"], confirmed["messageStatus"]) == (
        "requestingAgencyMessageConfirmation", "OK")
    assert stored(iso).status == "CANCELLED"


@pytest.mark.parametrize("body, error_type", [
    (b"<ill:ISO18626Message", "BadlyFormedMessage"),
    (request_message().replace(b"<ill:serviceType>Copy</ill:serviceType>",
                               b"<ill:serviceType>Xerox</ill:serviceType>"), "BadlyFormedMessage"),
    (iso18626.request_xml(requester="ZZUNKN", request_id="X", issn="0028-4793", year="2015"),
     "UnrecognisedDataValue"),
    (request_message(issn="9999-9999"), "UnrecognisedDataValue"),
    (iso18626.supplying_xml(supplier="WAUSEA", requester="ORUBOR", request_id="NOPE",
                            status="Loaned"), "UnrecognisedDataValue"),
    (iso18626.requesting_xml(requester="ORUBOR", request_id="ILL-1", action="Renew"),
     "UnsupportedActionType"),
])
def test_what_cannot_be_taken_gets_the_standards_error_answer_and_changes_nothing(
        iso, body, error_type):
    confirmed = answer(iso(body, as_="admin"))
    assert (confirmed["messageStatus"], confirmed["errorType"]) == ("ERROR", error_type)
    assert confirmed["errorValue"] and "127.0.0.1" not in confirmed["errorValue"]
    count = iso.store.driver.execute_query("MATCH (r:Request) RETURN count(r) AS n",
                                           database_=iso.store.database).records[0]["n"]
    assert count == 0


def test_a_status_that_does_not_fit_is_an_error_and_changes_nothing(iso):
    answer(iso(request_message(), as_="ORUBOR"))
    wrong_lender = iso18626.supplying_xml(supplier="ORUOHS", requester="ORUBOR",
                                          request_id="ILL-1", status="CopyCompleted")
    confirmed = answer(iso(wrong_lender, as_="ORUOHS"))
    assert (confirmed["messageStatus"], confirmed["errorType"]) == ("ERROR",
                                                                   "UnrecognisedDataValue")
    assert (stored(iso).status, stored(iso).lender) == ("NEW", "WAUSEA")


def test_tokens_and_media_types_are_checked_before_the_message(iso):
    assert iso(request_message()).status_code == 401
    assert iso(request_message(), as_="WAUSEA").status_code == 403  # not the borrower
    lender_says = iso18626.supplying_xml(supplier="WAUSEA", requester="ORUBOR",
                                         request_id="ILL-1", status="Loaned")
    assert iso(lender_says, as_="ORUBOR").status_code == 403  # not the lender
    for headers in ({"Content-Type": "application/json"}, {"Content-Type": "text/plain"}, {}):
        response = iso(request_message(), as_="ORUBOR", headers=headers)
        assert response.status_code == 415 and response.mimetype == "application/problem+json"
    assert iso.store.request(request_id_for("ORUBOR", "ILL-1")) is None


def test_the_documented_example_is_a_valid_message(iso):
    assert iso18626.parse(EXAMPLE.encode()).requester == "NCUSRC"
    spec = iso.client.get("/v1/openapi.json").json
    body = spec["paths"]["/v1/iso18626"]["post"]["requestBody"]["content"]["application/xml"]
    assert body["example"] == EXAMPLE
