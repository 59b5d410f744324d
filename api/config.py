"""Configuration from the environment, read the same way as the ``graphsvc`` command does."""

from __future__ import annotations

from graphsvc.cli import smtp_settings, store_settings


def from_env() -> dict:
    """Database settings from ``GRAPHSVC_NEO4J_*`` (the embedded server when no URI is set)
    and the alert email's SMTP server from ``GRAPHSVC_SMTP_*``."""
    s = store_settings()
    return {"NEO4J_URI": s["uri"], "NEO4J_USER": s["user"], "NEO4J_PASSWORD": s["password"],
            "NEO4J_DATABASE": s["database"], "SMTP": smtp_settings()}
