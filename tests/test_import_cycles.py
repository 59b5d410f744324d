"""Every module of graphsvc/ and api/ imports on its own, and graphsvc's modules import each
other without a cycle (counting imports inside functions too: a function-local import that
closes a loop hides the cycle, it does not remove it)."""

import ast
import importlib
from pathlib import Path

import networkx as nx
import pytest

ROOT = Path(__file__).resolve().parents[1]
# Entry points that start something when imported: the database (gunicorn's app).
STARTS_SOMETHING = {"api.wsgi"}


def module_names(package: str, root: Path = ROOT) -> dict[str, Path]:
    """Dotted module name -> file, for every ``.py`` file under ``package``."""
    found = {}
    for path in (root / package).rglob("*.py"):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def imported(name: str, path: Path, modules: dict[str, Path]):
    """The modules of ``modules`` that ``name`` imports anywhere in its file."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[:len(package.split(".")) - node.level + 1]
                base = ".".join([*up, base] if base else up)
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base
                       for a in node.names]
        else:
            continue
        for target in targets:
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target != name:
                yield target, node.lineno


def import_graph(package: str, root: Path = ROOT) -> nx.DiGraph:
    """Module -> module it imports, with the line of the import."""
    modules = module_names(package, root)
    G = nx.DiGraph()
    G.add_nodes_from(modules)
    for name, path in modules.items():
        for target, line in imported(name, path, modules):
            G.add_edge(name, target, line=line)
    return G


def test_the_import_graph_sees_function_local_imports(tmp_path):
    pkg = tmp_path / "loop"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from loop.b import f\n")
    (pkg / "b.py").write_text("def f():\n    from loop import a\n    return a\n")
    assert [sorted(c) for c in nx.simple_cycles(import_graph("loop", tmp_path))] == [
        ["loop.a", "loop.b"]]


def test_graphsvc_modules_import_each_other_without_a_cycle():
    G = import_graph("graphsvc")
    cycles = [" -> ".join(f"{a} (line {G.edges[a, b]['line']})"
                          for a, b in zip(c, [*c[1:], c[0]], strict=True))
              for c in nx.simple_cycles(G)]
    assert cycles == []


@pytest.mark.parametrize("name", sorted(set(module_names("graphsvc")) | set(module_names("api"))
                                        - STARTS_SOMETHING))
def test_every_module_imports(name):
    importlib.import_module(name)
