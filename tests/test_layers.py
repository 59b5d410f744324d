"""The core package imports no web, schema or driver library and reads no environment."""

import ast
from pathlib import Path

CORE = Path(__file__).resolve().parents[1] / "graphsvc"
FORBIDDEN = {"flask", "marshmallow", "flask_smorest", "neo4j", "werkzeug", "webargs"}
ALLOWED = {"store/neo4j.py": {"neo4j"}}
READS_ENVIRONMENT = {"settings.py"}  # the one reader of configuration; entry points pass it in


def imported_roots(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module.split(".")[0]


def test_core_imports_no_web_schema_or_driver_library():
    offenders = []
    for path in CORE.rglob("*.py"):
        name = str(path.relative_to(CORE))
        bad = set(imported_roots(ast.parse(path.read_text()))) & FORBIDDEN
        bad -= ALLOWED.get(name, set())
        offenders += [f"{name}: {module}" for module in sorted(bad)]
    assert offenders == []


def test_core_reads_no_environment():
    offenders = [str(p.relative_to(CORE)) for p in CORE.rglob("*.py")
                 if ("os.environ" in p.read_text() or "getenv" in p.read_text())
                 and str(p.relative_to(CORE)) not in READS_ENVIRONMENT]
    assert offenders == []
