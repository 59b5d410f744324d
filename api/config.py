"""Configuration from the environment (the only place besides the CLI that reads it)."""

from __future__ import annotations

import os
from pathlib import Path


def data_dir() -> Path:
    return Path(os.environ.get("GRAPHSVC_DATA_DIR", "./var")).resolve()


def from_env() -> dict:
    """Database settings from ``GRAPHSVC_NEO4J_*``; the embedded server when no URI is set."""
    uri = os.environ.get("GRAPHSVC_NEO4J_URI")
    if uri:
        return {"NEO4J_URI": uri,
                "NEO4J_USER": os.environ.get("GRAPHSVC_NEO4J_USER", "neo4j"),
                "NEO4J_PASSWORD": os.environ.get("GRAPHSVC_NEO4J_PASSWORD", ""),
                "NEO4J_DATABASE": os.environ.get("GRAPHSVC_NEO4J_DATABASE") or None}
    from graphsvc.store import embedded

    server = embedded.start(data_dir())
    return {"NEO4J_URI": server.uri, "NEO4J_USER": "root", "NEO4J_PASSWORD": server.password,
            "NEO4J_DATABASE": server.database}
