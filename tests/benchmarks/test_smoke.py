"""The benchmark run at a tiny scale: proves every step still works (no timing assertions)."""

from __future__ import annotations

import json
import shutil

import pytest

from benchmarks.report import NOTES_MARK
from benchmarks.run import SHARED_DATA, run


def test_in_process_figures(tmp_path):
    results = run("tiny", only=("lender_sequence", "batch"), data_dir=SHARED_DATA,
                  db_dir=tmp_path / "db", write_doc=tmp_path / "B.md",
                  figures_json=tmp_path / "f.json", command="test")
    assert results["batch"]["identical_to_lender_sequence"]["identical"] is True
    assert results["batch"]["processes_1"]["rate_per_s"] > 0
    assert results["lender_sequence"]["n"] == 50
    assert json.loads((tmp_path / "f.json").read_text())["scale"] == "tiny"
    doc = (tmp_path / "B.md").read_text()
    assert "| Batch re-routing (best of 1 and 2 processes) |" in doc and NOTES_MARK in doc


WRK = shutil.which("wrk")


@pytest.fixture(scope="module")
def database_run(tmp_path_factory):
    """One tiny run of the database figures, and of the HTTP figure when wrk is installed."""
    folder = tmp_path_factory.mktemp("bench")
    only = ("import", "naive", "neighbourhood") + (("http",) if WRK else ())
    doc = folder / "B.md"
    doc.write_text(f"old figures\n{NOTES_MARK}\nhand-written notes\n")
    results = run("tiny", only=only, data_dir=SHARED_DATA, db_dir=folder / "db",
                  write_doc=doc, figures_json=None, command="test")
    return results, doc.read_text()


def test_database_figures(database_run):
    results, text = database_run
    assert results["import"]["stored"]["holdings"] == 3000
    assert results["naive"]["queries_per_request"] > 3
    assert results["neighbourhood"]["n"] > 0
    assert "old figures" not in text and text.endswith("hand-written notes\n")


def test_http_figures(database_run):
    if not WRK:
        pytest.skip("wrk is not installed: the HTTP figure (wrk against gunicorn) is not run")
    results, _ = database_run
    assert results["http"]["throughput"]["requests"] > 0
    assert results["http"]["throughput"]["errors"] == 0
    assert all(w["rss_mb"] for w in results["http"]["worker_memory"])


def test_serve_figures(tmp_path):
    """`graphsvc serve`'s phases at a tiny scale: start, first map, dashboard, write storm
    (when wrk is there), two servers on one database."""
    results = run("tiny", only=("import", "serve"), data_dir=SHARED_DATA,
                  db_dir=tmp_path / "db", write_doc=None, figures_json=None, command="test")
    serve = results["serve"]
    assert "failed" not in serve, serve
    assert serve["start"]["first_map_status"] == 200 and serve["start"]["served_s"] > 0
    assert serve["dashboard"]["first_s"] > 0 and serve["memory_served"]["pss_mb_total"] > 0
    assert len(serve["two_servers"]["visible_s"]) == serve["two_servers"]["runs"]
    if shutil.which("wrk"):
        storm = serve["write_storm"]
        assert storm["uploads"] > 0 and storm["upload_errors"] == 0
        assert storm["wrk"]["requests"] > 0 and storm["wrk"]["errors"] == 0
        for phase in ("one_connection", "sustained"):
            assert serve["routing"][phase]["requests"] > 0, serve["routing"]
            assert serve["routing"][phase]["errors"] == 0, serve["routing"]
    assert serve["memory_reshared"]["pss_mb_total"] > 0  # no re-share waited for at this scale
