"""The bench keeps its figures wherever the caller says, a path given as text included."""

from __future__ import annotations

import json

from benchmarks.run import _save


def test_figures_are_saved_to_a_path_given_as_text(tmp_path):
    target = tmp_path / "runs" / "figures.json"
    _save({"batch": {"rate_per_s": 1}}, str(target), None)
    assert json.loads(target.read_text()) == {"batch": {"rate_per_s": 1}}
