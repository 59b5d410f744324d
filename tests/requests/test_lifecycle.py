"""The request state machine: statuses, reasons, cancellation, need-by, refusals (S1-S4, R30)."""

import dataclasses
import datetime as dt

import pytest

from graphsvc.errors import Conflict, InvalidInput
from graphsvc.model import Citation, Lender, LenderSequence, RoutingRequest
from graphsvc.requests import (
    REASON_CODES, STOP_REASONS, Step, apply_action, due_times, from_routing, new_request,
)
from tests.requests.conftest import et, steps

MOVING_REASONS = [r for r in REASON_CODES if r not in STOP_REASONS]


def actions(req):
    return [e.action for e in req.history]


def received(req, lender="WAUSEA", at=None):
    return apply_action(req, "RECEIVE", lender=lender, at=at or et(2026, 10, 5, 11))


def test_new_request_goes_to_the_first_lender(three_lenders):
    req = three_lenders
    assert (req.status, req.position, req.lender) == ("NEW", 0, "WAUSEA")
    assert req.routed_at == et(2026, 10, 5) and req.received_at is None
    assert [(e.action, e.libid, e.via) for e in req.history] == [("ROUTED", "WAUSEA", "CELL")]


def test_empty_sequence_is_beyond_routing_map_at_once():
    req = new_request("R0", "ORUBOR", (), at=et(2026, 10, 5))
    assert req.status == "BEYOND_ROUTING_MAP" and req.lender is None and req.position is None
    assert actions(req) == ["BEYOND_ROUTING_MAP"]


def test_from_routing_copies_the_request_and_the_answer():
    question = RoutingRequest("ORUBOR", Citation(nlm_uid="0372354"), at=et(2026, 10, 5),
                              service_level="RUSH", need_by=dt.date(2026, 10, 9), max_cost=12.0)
    answer = LenderSequence((Lender("WAUSEA", "UW", "CELL", cell=2),
                             Lender("MDUNLM", "NLM", "NLM")))
    req = from_routing("R9", question, answer)
    assert req.sequence == (Step("WAUSEA", "CELL", 2), Step("MDUNLM", "NLM", None))
    assert (req.borrower, req.nlm_uid, req.service_level) == ("ORUBOR", "0372354", "RUSH")
    assert (req.need_by, req.max_cost, req.created_at) == (dt.date(2026, 10, 9), 12.0,
                                                           et(2026, 10, 5))


@pytest.mark.parametrize("kwargs, field", [
    ({"at": dt.datetime(2026, 10, 5, 10)}, "at"),
    ({"at": et(2026, 10, 5), "service_level": "SLOW"}, "service_level"),
    ({"at": et(2026, 10, 5), "need_by": dt.date(2026, 10, 4)}, "need_by"),
])
def test_new_request_refuses_bad_input(kwargs, field):
    with pytest.raises(InvalidInput) as err:
        new_request("R1", "ORUBOR", steps("WAUSEA"), **kwargs)
    assert err.value.problems[0]["field"] == field


def test_receive_then_fill(three_lenders):
    req = received(three_lenders)
    assert (req.status, req.received_at) == ("RECEIVED", et(2026, 10, 5, 11))
    done = apply_action(req, "FILL", lender="WAUSEA", at=et(2026, 10, 5, 13))
    assert done.status == "FILLED" and not done.is_open and done.lender is None
    assert actions(done) == ["ROUTED", "RECEIVED", "FILLED"]
    assert done.history[-1].libid == "WAUSEA" and done.step.libid == "WAUSEA"


@pytest.mark.parametrize("reason", MOVING_REASONS)
def test_not_fill_with_a_moving_reason_reroutes_online(three_lenders, reason):
    at = et(2026, 10, 5, 12)
    req = apply_action(received(three_lenders), "NOT_FILL", lender="WAUSEA", reason=reason, at=at)
    assert (req.status, req.position, req.lender) == ("NEW", 1, "ORUOHS")
    assert (req.routed_at, req.received_at) == (at, None)
    assert actions(req) == ["ROUTED", "RECEIVED", "NOT_FILLED", "REROUTED_ONLINE", "ROUTED"]
    assert req.history[2].reason == reason and req.history[3].reason == reason


@pytest.mark.parametrize("reason", ["CAN", "COP", "CST", "INC"])
def test_not_fill_with_a_stop_reason_retires_the_request(three_lenders, reason):
    req = apply_action(received(three_lenders), "NOT_FILL", lender="WAUSEA", reason=reason,
                       at=et(2026, 10, 5, 12))
    assert req.status == "NOT_FILLED" and req.lender is None
    assert actions(req) == ["ROUTED", "RECEIVED", "NOT_FILLED"]
    with pytest.raises(Conflict, match="NOT_FILLED"):
        apply_action(req, "RECEIVE", lender="ORUOHS", at=et(2026, 10, 5, 13))


def test_every_lender_saying_no_ends_beyond_routing_map(three_lenders):
    req = three_lenders
    for hour, libid in enumerate(["WAUSEA", "ORUOHS", "MDUNLM"], start=11):
        req = received(req, libid, et(2026, 10, 5, hour))
        req = apply_action(req, "NOT_FILL", lender=libid, reason="NOT", at=et(2026, 10, 5, hour))
    assert req.status == "BEYOND_ROUTING_MAP" and req.position == 2
    assert actions(req)[-1] == "BEYOND_ROUTING_MAP"
    assert [e.libid for e in req.history if e.action == "ROUTED"] == ["WAUSEA", "ORUOHS", "MDUNLM"]


def test_cancel_before_receipt_is_immediate(three_lenders):
    req = apply_action(three_lenders, "CANCEL", at=et(2026, 10, 5, 11))
    assert req.status == "CANCELLED" and req.history[-1].libid == "ORUBOR"


def test_cancel_after_receipt_only_marks_and_the_lender_may_still_fill(three_lenders):
    req = apply_action(received(three_lenders), "CANCEL", at=et(2026, 10, 5, 12))
    assert (req.status, req.cancel_requested, req.lender) == ("RECEIVED", True, "WAUSEA")
    assert actions(req)[-1] == "CANCEL_REQUESTED"
    filled = apply_action(req, "FILL", lender="WAUSEA", at=et(2026, 10, 5, 13))
    assert filled.status == "FILLED"
    with pytest.raises(Conflict, match="already marked"):
        apply_action(req, "CANCEL", at=et(2026, 10, 5, 13))


def test_not_fill_after_a_cancel_request_cancels_instead_of_rerouting(three_lenders):
    req = apply_action(received(three_lenders), "CANCEL", at=et(2026, 10, 5, 12))
    req = apply_action(req, "NOT_FILL", lender="WAUSEA", reason="NOS", at=et(2026, 10, 5, 13))
    assert req.status == "CANCELLED" and req.position == 0
    assert actions(req)[-2:] == ["NOT_FILLED", "CANCELLED"]


def test_need_by_is_rechecked_at_reroute():
    req = new_request("R2", "ORUBOR", steps("WAUSEA", "ORUOHS"), at=et(2026, 10, 5),
                      need_by=dt.date(2026, 10, 6))
    req = received(req)
    on_time = apply_action(req, "NOT_FILL", lender="WAUSEA", reason="NOS", at=et(2026, 10, 6, 23))
    assert on_time.status == "NEW" and on_time.lender == "ORUOHS"
    late = apply_action(req, "NOT_FILL", lender="WAUSEA", reason="NOS", at=et(2026, 10, 7, 0, 1))
    assert late.status == "EXPIRED" and actions(late)[-1] == "EXPIRED"
    # The lender holding it as Received may still fill after the need-by date (S3).
    assert apply_action(req, "FILL", lender="WAUSEA", at=et(2026, 10, 8)).status == "FILLED"


@pytest.mark.parametrize("action, lender, status, match", [
    ("RECEIVE", "ORUOHS", "NEW", "not the current lender"),
    ("FILL", "WAUSEA", "NEW", "needs status RECEIVED"),
    ("NOT_FILL", "WAUSEA", "NEW", "needs status RECEIVED"),
    ("RECEIVE", "WAUSEA", "RECEIVED", "needs status NEW"),
    ("FILL", "MDUNLM", "RECEIVED", "not the current lender"),
])
def test_wrong_lender_or_status_is_refused_and_the_request_unchanged(
        three_lenders, action, lender, status, match):
    req = three_lenders if status == "NEW" else received(three_lenders)
    before = dataclasses.astuple(req)
    reason = "NOS" if action == "NOT_FILL" else None
    with pytest.raises(Conflict, match=match):
        apply_action(req, action, lender=lender, reason=reason, at=et(2026, 10, 5, 12))
    assert dataclasses.astuple(req) == before


def test_action_on_a_finished_request_or_back_in_time_is_refused(three_lenders):
    cancelled = apply_action(three_lenders, "CANCEL", at=et(2026, 10, 5, 11))
    with pytest.raises(Conflict, match="CANCELLED"):
        apply_action(cancelled, "CANCEL", at=et(2026, 10, 5, 12))
    with pytest.raises(Conflict, match="before"):
        received(three_lenders, at=et(2026, 10, 5, 9))


@pytest.mark.parametrize("action, kwargs, field", [
    ("SHIP", {"lender": "WAUSEA"}, "action"),
    ("RECEIVE", {}, "lender"),
    ("NOT_FILL", {"lender": "WAUSEA"}, "reason"),
    ("NOT_FILL", {"lender": "WAUSEA", "reason": "XYZ"}, "reason"),
    ("FILL", {"lender": "WAUSEA", "reason": "NOS"}, "reason"),
    ("RECEIVE", {"lender": "WAUSEA", "at": dt.datetime(2026, 10, 5, 12)}, "at"),
])
def test_bad_action_input_names_the_field(three_lenders, action, kwargs, field):
    kwargs = {"at": et(2026, 10, 5, 12), **kwargs}
    with pytest.raises(InvalidInput) as err:
        apply_action(received(three_lenders), action, **kwargs)
    assert err.value.problems[0]["field"] == field


def test_records_are_immutable(three_lenders):
    with pytest.raises(dataclasses.FrozenInstanceError):
        three_lenders.status = "FILLED"


def test_due_times_follow_the_status(three_lenders):
    assert due_times(three_lenders) == (et(2026, 10, 7, 0, 5), None)
    req = received(three_lenders, at=et(2026, 10, 6, 9))
    # Received Tue: Wed, Thu, Fri pass; Mon 12 Oct is Columbus Day, so removed Tue 13 00:05.
    assert due_times(req) == (et(2026, 10, 7, 0, 5), et(2026, 10, 13, 0, 5))
    assert due_times(apply_action(req, "FILL", lender="WAUSEA", at=et(2026, 10, 6, 10))) == \
        (None, None)
    pacific = due_times(three_lenders, tz="America/Los_Angeles")[0]
    assert pacific.isoformat() == "2026-10-07T00:05:00-07:00"
