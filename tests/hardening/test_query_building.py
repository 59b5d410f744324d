"""No query is built from text: every database call in graphsvc/store/ runs a query file of
cypher/ (``QUERIES[...]``) or a literal, and no f-string, ``%``, ``+`` or ``.format`` makes one."""

from __future__ import annotations

import ast
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
RUNNERS = {"run", "execute_query", "execute_read", "execute_write", "read_transaction",
           "write_transaction", "query"}
CYPHER = re.compile(r"\b(MATCH|MERGE|CREATE|DELETE|RETURN|UNWIND|SET)\b")  # as written here


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


def test_store_code_builds_no_query_text():
    found = [hit for path in sorted((REPO / "graphsvc").rglob("*.py"))
             for hit in string_built_queries(path.read_text(), str(path.relative_to(REPO)))]
    assert found == []


def test_query_files_take_parameters_not_dynamic_cypher():
    for path in sorted((REPO / "cypher").rglob("*.cypher")):
        text = path.read_text()
        assert "apoc.cypher" not in text.lower() and "$(" not in text, path
        assert text.lstrip().startswith("//"), f"{path} lacks its // header"


def test_the_scanner_catches_each_way_of_building_text():
    for line in ('tx.run("MATCH (l) WHERE l.x = \'" + x + "\' RETURN l")',
                 'session.run("MATCH (l {libid: \'%s\'}) RETURN l" % x)',
                 'driver.execute_query("MATCH (l {{libid: {}}}) RETURN l".format(x))',
                 'tx.run(f"MATCH (l:{label}) RETURN l")'):
        assert string_built_queries(line), line
