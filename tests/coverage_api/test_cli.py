"""`graphsvc coverage ...` gives the API's answers, with a progress bar on stderr."""

from __future__ import annotations

import json

from graphsvc.cli import main
from tests.coverage_api.network import T1

AT = "2026-06-01"


def test_serial_and_summary_print_the_api_answer(client, loaded, cli_env, capsys):
    assert main(["coverage", "serial", T1, "--at", AT]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == client.get(f"/v1/coverage/serials/{T1}", query_string={"at": AT}).json
    assert main(["coverage", "summary", "--region", "5", "--state", "OR", "--at", AT]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == client.get("/v1/coverage/summary",
                                 query_string={"region": "5", "state": "OR", "at": AT}).json
    assert (printed["libraries"], printed["titles"]) == (2, 3)


def test_what_if_with_a_progress_bar(client, loaded, cli_env, capsys):
    assert main(["coverage", "what-if", "--region", "5", "--state", "CA", "--library", "NVCREN",
                 "--at", AT, "--progress"]) == 0
    out, err = capsys.readouterr()
    printed = json.loads(out)
    body = {"offline": {"regions": ["5"], "states": ["CA"], "libraries": ["NVCREN"]}, "at": AT}
    assert printed == client.post("/v1/coverage/what-if", json=body).json
    assert printed["counts"]["offline_libraries"] == 7
    assert "3/3" in err and "done" in err


def test_what_if_needs_something_offline_and_known_names(loaded, cli_env, capsys):
    assert main(["coverage", "what-if", "--at", AT]) == 2
    assert "at least one" in capsys.readouterr().err
    assert main(["coverage", "what-if", "--region", "9", "--at", AT]) == 2
    assert "unknown region '9'" in capsys.readouterr().err


def test_geojson_to_a_file(loaded, cli_env, tmp_path, capsys):
    out = tmp_path / "libraries.geojson"
    assert main(["coverage", "geojson", "--region", "6", "--nlm-uid", T1, "--out", str(out)]) == 0
    collection = json.loads(out.read_text())
    holds = {f["id"]: f["properties"]["holds"] for f in collection["features"]}
    assert holds == {"CAUUCS": True, "CACLAX": False, "NVCREN": False}
    assert "3 libraries" in capsys.readouterr().err
