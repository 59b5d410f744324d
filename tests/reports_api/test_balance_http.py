"""GET /v1/reports/balance and `graphsvc report balance` on a walked request history."""

from __future__ import annotations

import json

from graphsvc.cli import main
from tests.reports_api.conftest import history


def row(report, libid):
    return next(r for r in report["libraries"] if r["libid"] == libid)


def test_borrowed_lent_ratio_and_net_borrowers(client, loaded):
    history(client)
    report = client.get("/v1/reports/balance?min_borrowed=2").json
    assert [(r["libid"], r["borrowed"], r["lent"], r["ratio"], r["net_borrower"])
            for r in report["libraries"]] == [("ORUBOR", 3, 0, 0.0, True),
                                              ("ORUOHS", 0, 1, None, False),
                                              ("WAUSEA", 0, 1, None, False)]
    assert report["net_borrowers"] == ["ORUBOR"]
    assert report["regions"] == [{"region": "5", "borrowed": 3, "lent": 2, "ratio": 0.6667,
                                  "net_borrower": False}]
    assert row(report, "ORUBOR")["state"] == "OR"
    # The default threshold (10 borrowed) names no one on three requests.
    assert client.get("/v1/reports/balance").json["net_borrowers"] == []


def test_window_counts_fills_on_their_day(client, loaded):
    history(client)
    monday = client.get("/v1/reports/balance?from=2026-10-05&to=2026-10-05").json
    assert [(r["libid"], r["borrowed"], r["lent"]) for r in monday["libraries"]] == [
        ("ORUBOR", 3, 0), ("WAUSEA", 0, 1)]  # ORUOHS filled A on the 9th
    assert client.get("/v1/reports/balance?region=1").json["libraries"] == []
    for query in ("min_borrowed=0", "max_ratio=-1", "to=2026-13-01"):
        assert client.get(f"/v1/reports/balance?{query}").status_code == 422, query


def test_balance_from_the_command_line(client, loaded, cli_store, capsys):
    history(client)
    capsys.readouterr()
    assert main(["report", "balance", "--min-borrowed", "2", "--region", "5"]) == 0
    assert json.loads(capsys.readouterr().out)["net_borrowers"] == ["ORUBOR"]
