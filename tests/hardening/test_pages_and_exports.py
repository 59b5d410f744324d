"""Issue 14.10: the pages' security headers, CSV exports that no spreadsheet runs as
formulas (and that still re-import exactly), and no database password in the environment
of ``graphsvc serve``'s workers."""

from __future__ import annotations

import csv
import io
import os
import re
import stat

import pytest

from graphsvc.settings import child_environment, read_settings
from graphsvc.store.connect import password_file
from tests.graph_snapshot import graph_snapshot


@pytest.mark.parametrize("path", ["/dashboard", "/help-desk"])
def test_pages_send_security_headers(client, loaded, path):
    answer = client.get(path)
    assert answer.status_code == 200
    policy = answer.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy and "default-src 'self'" in policy
    assert "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    assert answer.headers["Referrer-Policy"] == "same-origin"
    nonce = re.search(r"'nonce-([^']+)'", policy)[1]
    for script in re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", answer.get_data(as_text=True)):
        assert f'nonce="{nonce}"' in script  # every inline script may run, nothing else


def test_csv_export_neutralises_formulas_and_round_trips(client, admin, loaded):
    bundle = {"serials": [{"nlm_uid": "9999991", "title": '=HYPERLINK("http://x","y")'},
                          {"nlm_uid": "9999992", "title": "@SUM(A1)"}],
              "holdings": [{"libid": "ORUPAC", "nlm_uid": "9999991", "ranges": [
                  {"begin_volume": "-1", "end_volume": "+5", "begin_year": 1990}]},
                           {"libid": "ORUPAC", "nlm_uid": "9999992"}]}
    assert client.post("/v1/imports", json=bundle, headers=admin).status_code == 200
    before = graph_snapshot(loaded)
    exported = client.get("/v1/libraries/ORUPAC/holdings", headers={"Accept": "text/csv"})
    text = exported.get_data(as_text=True)
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert "'=HYPERLINK(\"http://x\",\"y\")" in cells and "'-1" in cells
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@")]
    again = client.put("/v1/libraries/ORUPAC/holdings", data=text, content_type="text/csv",
                       headers=admin)
    assert again.status_code == 200, again.get_json()
    assert graph_snapshot(loaded) == before


def test_serve_hands_workers_a_password_file_not_the_password(tmp_path):
    environ = {"GRAPHSVC_DATA_DIR": str(tmp_path / "var"),
               "GRAPHSVC_NEO4J_URI": "bolt://db.example:7687", "GRAPHSVC_NEO4J_PASSWORD": "s3cret"}
    settings = read_settings(environ)
    env = child_environment(settings.database,
                            password_file=password_file(settings, settings.database))
    assert "s3cret" not in env.values() and "GRAPHSVC_NEO4J_PASSWORD" not in env
    path = env["GRAPHSVC_NEO4J_PASSWORD_FILE"]
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(tmp_path / "var").st_mode) == 0o700
    worker = read_settings({k: v for k, v in env.items() if k.startswith("GRAPHSVC_")})
    assert worker.database == settings.database  # what a worker reads: the same password
