"""GET /v1/reports/removals and `graphsvc report removals` on a walked request history."""

from __future__ import annotations

import json

from graphsvc.cli import main
from tests.reports_api.conftest import history


def counts(received, not_receipted=0, not_acted_upon=0):
    removed = not_receipted + not_acted_upon
    return {"received": received, "not_receipted": not_receipted,
            "not_acted_upon": not_acted_upon, "removed": removed,
            "removal_rate": round(removed / received, 4) if received else None}


def test_removals_per_lender_and_service_level(client, loaded):
    history(client)
    report = client.get("/v1/reports/removals?region=5").json
    wausea, oruohs = report["lenders"]
    assert (wausea["libid"], oruohs["libid"]) == ("WAUSEA", "ORUOHS")  # most removals first
    assert {k: wausea[k] for k in counts(0)} == counts(3, 1, 1)
    assert wausea["by_service_level"] == {"NORMAL": counts(2, 1, 0), "RUSH": counts(1, 0, 1),
                                          "URGENT": counts(0)}
    assert {k: oruohs[k] for k in counts(0)} == counts(2)
    assert report["totals"] == counts(5, 1, 1)
    assert (wausea["type"], wausea["region"]) == ("RML", "5")


def test_window_is_on_the_arrival_day_and_filters_are_checked(client, loaded):
    history(client)
    monday = client.get("/v1/reports/removals?from=2026-10-05&to=2026-10-05").json
    assert [r["libid"] for r in monday["lenders"]] == ["WAUSEA"]  # ORUOHS was reached later
    assert monday["lenders"][0]["removed"] == 2  # removals counted with the arrival
    assert client.get("/v1/reports/removals?type=RESOURCE").json["lenders"][0]["libid"] == \
        "ORUOHS"
    assert client.get("/v1/reports/removals?region=1").json["lenders"] == []
    unknown = client.get("/v1/reports/removals?region=9")
    assert unknown.status_code == 404 and unknown.json["errors"][0]["field"] == "region"
    for query, field in (("from=monday", "from"), ("from=2026-10-06&to=2026-10-05", "to"),
                         ("type=CASTLE", "type")):
        response = client.get(f"/v1/reports/removals?{query}")
        assert response.status_code == 422, query
        assert field in json.dumps(response.json), query


def test_removals_from_the_command_line(client, loaded, cli_store, capsys):
    history(client)
    capsys.readouterr()
    assert main(["report", "removals", "--region", "5", "--from", "2026-10-05"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert [(r["libid"], r["not_receipted"], r["not_acted_upon"])
            for r in printed["lenders"]] == [("WAUSEA", 1, 1), ("ORUOHS", 0, 0)]
    assert main(["report", "removals", "--region", "9"]) == 2
    assert "unknown region '9'" in capsys.readouterr().err
