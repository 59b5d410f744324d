"""Every query file parses and passes semantic analysis as Neo4j 5 reads it.

The linter is Neo4j's own Cypher language support (``@neo4j-cypher/language-support``, pinned in
``tools/cypher-lint/package.json``, installed by ``make test``), run as Cypher 5 and told each
file's parameters from its ``// Parameters:`` header. Any error or deprecation fails.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
LINTER = REPO / "tools" / "cypher-lint"
QUERY_DIRS = ("cypher", "benchmarks/cypher")


BROKEN = {
    "implicit_grouping.cypher": (
        "// Parameters: uid. Columns: titles.\n"
        "MATCH (s:Serial {nlm_uid: $uid})\n"
        "OPTIONAL MATCH (s)-[:CONTINUES]-(rel:Serial)\n"
        "RETURN [x IN [s] + collect(rel) WHERE x IS NOT NULL] AS titles\n",
        ":4:", "error: Aggregation column contains implicit grouping"),
    "unscoped_call.cypher": (
        "// Parameters: none. Columns: n.\n"
        "MATCH (b:Library)\n"
        "CALL { WITH b MATCH (b)-[:HOLDS]->(s) RETURN count(s) AS n }\n"
        "RETURN n\n",
        ":3:", "deprecation: CALL subquery without a variable scope clause"),
    "undeclared_parameter.cypher": (
        "// Parameters: libid. Columns: l.\n"
        "MATCH (l:Library {libid: $libid, state: $state})\nRETURN l\n",
        ":2:", "Parameter $state is not defined"),
    "syntax_error.cypher": (
        "// Parameters: none. Columns: l.\nMATCH (l:Library RETURN l\n", ":2:", "error:"),
    "no_header.cypher": ("MATCH (l:Library) RETURN l\n", ":1:", "no \"// Parameters:\" header"),
}


def query_files() -> list[Path]:
    return sorted(p for folder in QUERY_DIRS for p in (REPO / folder).rglob("*.cypher"))


@pytest.fixture(scope="module")
def linted(tmp_path_factory):
    """One run of the linter over every query file and the deliberately broken ones (it takes
    seconds to start): the run's exit code and its findings, one line each."""
    node = shutil.which("node")
    installed = (LINTER / "node_modules" / "@neo4j-cypher" / "language-support").is_dir()
    if node is None or not installed:
        why = "Node.js is absent" if node is None else f"run `npm ci` in {LINTER}"
        if os.environ.get("CI"):
            pytest.fail(f"the Cypher linter cannot run in CI: {why}")
        pytest.skip(f"the Cypher linter cannot run: {why}")
    broken_dir = tmp_path_factory.mktemp("broken-cypher")
    for name, (text, _, _) in BROKEN.items():
        (broken_dir / name).write_text(text)
    result = subprocess.run([node, str(LINTER / "lint.cjs"), *map(str, query_files()),
                             *sorted(map(str, broken_dir.iterdir()))],
                            capture_output=True, text=True, timeout=600)
    return result.returncode, result.stdout.splitlines(), broken_dir


def test_every_query_file_passes_neo4j_lint(linted):
    _, findings, _ = linted
    assert query_files(), "no query files found"
    assert [f for f in findings if f.startswith(str(REPO))] == []


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_the_linter_reports_a_broken_query_with_file_and_line(linted, name):
    returncode, findings, broken_dir = linted
    _, line, message = BROKEN[name]
    assert returncode == 1
    mine = [f for f in findings if f.startswith(f"{broken_dir / name}{line}")]
    assert any(message in f for f in mine), findings
