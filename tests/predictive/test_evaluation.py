"""The predictive evaluation (benchmarks/predictive.py) runs and compares like with like."""

from benchmarks.predictive import evaluate, markdown


def test_a_small_evaluation_learns_before_it_judges_and_the_ceiling_is_not_beaten():
    result = evaluate(300, seed=2)
    assert (result["learned_on"], result["judged_on"]) == (210, 90)
    rows = result["rows"]
    docline, learned, ceiling = (rows[name][0] for name in rows)
    assert 0 < docline <= ceiling and learned <= ceiling + 1e-9
    assert "| predictive (learned) |" in markdown(result)
