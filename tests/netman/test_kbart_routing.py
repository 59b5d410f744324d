"""KBART embargoes and retentions (NISO RP-9) reach routing: uploaded over HTTP, then routed."""

from __future__ import annotations

import pytest

from tests.netman.conftest import bearer

HEADER = ("publication_title\tprint_identifier\tonline_identifier\tdate_first_issue_online\t"
          "num_first_vol_online\tdate_last_issue_online\tnum_last_vol_online\tembargo_info\n")
AT = "2026-11-23T10:00:00-05:00"


@pytest.fixture
def kbart_upload(client, network, make_token):
    """``kbart_upload(code)``: WAUUHS's only NEJM holding becomes electronic, 1980-, ``code``."""
    admin = bearer(make_token("admin"))
    library = {"libid": "WAUUHS", "name": "UW Health Sciences", "type": "RML", "state": "WA",
               "delivery_methods": ["EMAIL_PDF", "WEB_PDF"]}
    assert client.put("/v1/libraries/WAUUHS", json=library, headers=admin).status_code == 200

    def upload(code: str) -> None:
        body = HEADER + f"NEJM\t0028-4793\t\t1980-01-01\t\t\t\t{code}\n"
        response = client.put("/v1/libraries/WAUUHS/holdings", data=body, headers=admin,
                              content_type="text/tab-separated-values")
        assert response.status_code == 200, response.json
    return upload


def skipped_reason(client, **citation) -> str | None:
    """WAUUHS's fate for ORUPAC's request for electronic NEJM (All Other Libraries): None
    when it is a lender (its print holding from the network is not asked)."""
    body = {"borrower": "ORUPAC", "citation": {"nlm_uid": "0255562", **citation},
            "format": "ELECTRONIC",
            "route_to_nlm": False, "all_other_libraries": True, "at": AT, "explain": True}
    answer = client.post("/v1/routing/lender-sequence", json=body).json
    if "WAUUHS" in {lender["libid"] for lender in answer["lenders"]}:
        return None
    return {s["libid"]: s["reason"] for s in answer["skipped"]}.get("WAUUHS", "ABSENT")


def test_p1y_embargoes_this_calendar_year_only(client, kbart_upload):
    kbart_upload("P1Y")
    assert skipped_reason(client, year=2026, epub_date="2026-01-15") == "EMBARGO"
    # last December is 11 months old but outside the calendar-year wall: sent
    assert skipped_reason(client, year=2025, epub_date="2025-12-20") is None


def test_p6m_embargoes_the_last_six_months(client, kbart_upload):
    kbart_upload("P6M")
    assert skipped_reason(client, year=2026, epub_date="2026-08-01") == "EMBARGO"
    assert skipped_reason(client, year=2026, epub_date="2026-04-01") is None


def test_r2y_keeps_only_this_year_and_last(client, kbart_upload):
    kbart_upload("R2Y")
    assert skipped_reason(client, year=2024, volume="390") == "NO_HOLDINGS"
    assert skipped_reason(client, year=2025) is None
    assert skipped_reason(client, year=2026, epub_date="2026-11-01") is None


def test_r10y_p30d_is_both(client, kbart_upload):
    kbart_upload("R10Y;P30D")
    assert skipped_reason(client, year=2026, epub_date="2026-11-10") == "EMBARGO"
    assert skipped_reason(client, year=2017) is None  # 2017-2026: ten calendar years
    assert skipped_reason(client, year=2016) == "NO_HOLDINGS"


def test_embargo_and_retention_of_one_line(client, kbart_upload):
    kbart_upload("R2Y;P1Y")
    reasons = [skipped_reason(client, year=year, epub_date=f"{year}-06-01")
              for year in (2024, 2025, 2026)]
    assert reasons == ["NO_HOLDINGS", None, "EMBARGO"]

