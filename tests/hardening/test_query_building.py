"""No query is built from text, and none lives outside the query files: every database call runs
a file of cypher/ or benchmarks/cypher/ (``QUERIES[...]``); no f-string, ``%``, ``+`` or
``.format`` makes one, and no string literal of the service or the benchmarks is a query."""

from __future__ import annotations

import ast
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
RUNNERS = {"run", "execute_query", "execute_read", "execute_write", "read_transaction",
           "write_transaction", "query"}
CYPHER = re.compile(r"\b(MATCH|MERGE|CREATE|DELETE|RETURN|UNWIND|SET)\b")  # as written here
STATEMENT = re.compile(r"^\s*(OPTIONAL MATCH|MATCH|MERGE|CREATE|UNWIND|CALL|WITH|DROP|SHOW)\b"
                       r".*\b(RETURN|SET|DELETE|CREATE|MERGE|YIELD|REQUIRE|INDEX)\b", re.DOTALL)
CODE_DIRS = ("graphsvc", "api", "benchmarks")  # everything that ships or measures
QUERY_DIRS = ("cypher", "benchmarks/cypher")


def built_query(node: ast.AST) -> bool:
    """Whether an expression builds text: f-string, ``%``, ``+``, ``.format``, ``.join``."""
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod)):
        return True
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
        and node.func.attr in {"format", "join", "replace"}


def string_built_queries(source: str, name: str = "<source>") -> list[str]:
    """Lines where a query runner gets built text, or built text mentions Cypher.

    >>> string_built_queries('tx.run(f"MATCH (l {{libid: {x}}}) RETURN l")')
    ['<source>:1 runs built text', '<source>:1 builds Cypher text']
    >>> string_built_queries('tx.run(QUERIES["a/b"], {"x": x})')
    []
    """
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and node.func.attr in RUNNERS and node.args and built_query(node.args[0]):
            found.append(f"{name}:{node.lineno} runs built text")
        if built_query(node) and CYPHER.search(ast.unparse(node)):
            found.append(f"{name}:{node.lineno} builds Cypher text")
    return found


def literal_queries(source: str, name: str = "<source>") -> list[str]:
    """Lines where a string literal (not a docstring) is a Cypher statement.

    >>> literal_queries('q = "MATCH (n:Library) RETURN n"')
    ['<source>:1 holds a query outside cypher/']
    >>> literal_queries("'MATCH (n) RETURN n, said a docstring'; tx.run(QUERIES['a/b'])")
    []
    """
    tree = ast.parse(source)
    docstrings = {id(node.value) for node in ast.walk(tree)
                  if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)}
    return [f"{name}:{node.lineno} holds a query outside cypher/"
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
            and id(node) not in docstrings and STATEMENT.search(node.value)]


def code_files() -> list[Path]:
    return sorted(path for folder in CODE_DIRS for path in (REPO / folder).rglob("*.py"))


def test_code_builds_no_query_text():
    found = [hit for path in code_files()
             for hit in string_built_queries(path.read_text(), str(path.relative_to(REPO)))]
    assert found == []


def test_no_query_lives_outside_the_query_files():
    found = [hit for path in code_files()
             for hit in literal_queries(path.read_text(), str(path.relative_to(REPO)))]
    assert found == []


def test_query_files_take_parameters_not_dynamic_cypher():
    for path in sorted(p for folder in QUERY_DIRS for p in (REPO / folder).rglob("*.cypher")):
        text = path.read_text()
        assert "apoc.cypher" not in text.lower() and "$(" not in text, path
        assert text.lstrip().startswith("//"), f"{path} lacks its // header"


def test_the_scanner_catches_each_way_of_building_text():
    for line in ('tx.run("MATCH (l) WHERE l.x = \'" + x + "\' RETURN l")',
                 'session.run("MATCH (l {libid: \'%s\'}) RETURN l" % x)',
                 'driver.execute_query("MATCH (l {{libid: {}}}) RETURN l".format(x))',
                 'tx.run(f"MATCH (l:{label}) RETURN l")'):
        assert string_built_queries(line), line
