"""`graphsvc routing-table dry-run` and `graphsvc iso18626` on the test database."""

from __future__ import annotations

import json

import pytest

from graphsvc.cli import main
from graphsvc.io import iso18626
from tests.dry_run.test_dry_run_http import history  # noqa: F401


@pytest.fixture
def cli(loaded, bolt_server, monkeypatch):
    for name, value in (("URI", bolt_server.uri), ("USER", "root"),
                        ("PASSWORD", bolt_server.password), ("DATABASE", bolt_server.database)):
        monkeypatch.setenv(f"GRAPHSVC_NEO4J_{name}", value)
    return loaded


def test_dry_run_prints_both_tables(cli, history, tmp_path, capsys):  # noqa: F811
    proposed = tmp_path / "table.json"
    proposed.write_text(json.dumps({"cells": {"1": ["ORUOHS"]}}))
    assert main(["routing-table", "dry-run", "ORUBOR", str(proposed)]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["requests"] == 4 and result["current"]["first_in_cells_1_3"] == 1.0
    assert result["load"][0] == {"libid": "ORUOHS", "current": 0, "proposed": 4, "change": 4}


def test_dry_run_of_a_bad_table_exits_2_naming_the_entry(cli, tmp_path, capsys):
    proposed = tmp_path / "table.json"
    proposed.write_text(json.dumps({"cells": {"1": ["ZZUNKN"]}}))
    assert main(["routing-table", "dry-run", "ORUBOR", str(proposed)]) == 2
    assert "ZZUNKN" in capsys.readouterr().err


def test_iso18626_takes_a_request_and_prints_the_confirmation(cli, tmp_path, capsys):
    message = tmp_path / "request.xml"
    message.write_bytes(iso18626.request_xml(requester="ORUBOR", request_id="CLI-1",
                                             issn="0028-4793", year="2015"))
    assert main(["iso18626", str(message)]) == 0
    confirmed = iso18626.parse_confirmation(capsys.readouterr().out.strip().encode())
    assert (confirmed["messageStatus"], confirmed["supplyingAgencyId"]) == ("OK", "WAUSEA")
    message.write_bytes(b"<broken")
    assert main(["iso18626", str(message)]) == 2
    assert iso18626.parse_confirmation(capsys.readouterr().out.strip().encode())[
        "errorType"] == "BadlyFormedMessage"
