"""The Cypher queries of ``cypher/``, loaded once: ``QUERIES["routing/neighbourhood"]``."""

from __future__ import annotations

from pathlib import Path

from graphsvc.resources import data_dir

CYPHER_DIR = data_dir("cypher")


def load_queries(root: Path = CYPHER_DIR) -> dict[str, str]:
    """Every ``*.cypher`` file under ``root``, keyed by its path without the suffix."""
    return {str(path.relative_to(root).with_suffix("")): path.read_text()
            for path in sorted(root.rglob("*.cypher"))}


QUERIES = load_queries()
