"""Lenders below the 75% fill-rate standard, read from the stored request history."""

from __future__ import annotations


def test_lenders_below_standard_from_request_history(client, with_requests):
    body = client.get("/v1/coverage/summary", query_string={"region": "5",
                                                            "at": "2026-06-01"}).json
    # ORUOHS (Resource) filled 1 of 2; WAUUHS (RML) filled its only one.
    assert body["below_standard"] == [{"libid": "ORUOHS", "name": "OHSU Library",
                                       "fill_rate": 0.5, "received": 2}]
    assert body["lenders_with_requests"] == 2 and body["performance_from"] == "2025-06-02"
    later = client.get("/v1/coverage/summary",
                       query_string={"region": "5", "at": "2027-06-01"}).json
    assert later["below_standard"] == []  # the requests are more than a year old by then
